"""What the API shows of each record. Field names follow the models; theme ids are the
taxonomy's (../shared/taxonomy.md); dates are ISO 8601."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from casereviews.actions.models import Action, ActionUpdate, Rag, Recommendation, UpdateKind  # noqa: F401
from casereviews.audits.models import CaseAudit
from casereviews.briefings.models import Briefing
from casereviews.core import clocks
from casereviews.events.models import Event
from casereviews.learning import selectors as learning_selectors
from casereviews.referrals import selectors as referral_selectors
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review

NULLABLE_STR = serializers.CharField(allow_null=True)
NULLABLE_INT = serializers.IntegerField(allow_null=True)


def _name(user) -> str | None:
    return str(user) if user is not None else None


class ClockSerializer(serializers.Serializer):
    due = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=[s.value for s in clocks.ClockState])
    done = serializers.DateField(allow_null=True)
    working_days_late = serializers.IntegerField()


class TimelinessSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[t.value for t in clocks.Timeliness])
    label = serializers.CharField()
    target = serializers.DateField(
        allow_null=True, help_text="Publication target: 6 months after initiation"
    )


class MilestonesSerializer(serializers.Serializer):
    agreed_on = serializers.DateField(allow_null=True)
    initiated_on = serializers.DateField(allow_null=True)
    learning_event_on = serializers.DateField(allow_null=True)
    draft_report_on = serializers.DateField(allow_null=True)
    panel_signoff_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    planned_learning_event_on = serializers.DateField(allow_null=True)
    planned_draft_report_on = serializers.DateField(allow_null=True)
    planned_completed_on = serializers.DateField(allow_null=True)
    planned_published_on = serializers.DateField(allow_null=True)


class ReviewSerializer(serializers.ModelSerializer):
    lead_reviewer = serializers.SerializerMethodField()
    milestones = serializers.SerializerMethodField()
    timeliness = serializers.SerializerMethodField()
    accepted_themes = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "ref",
            "review_type",
            "methodology",
            "summary",
            "location",
            "gender",
            "age_years",
            "age_months",
            "age_weeks",
            "age_various",
            "status",
            "status_note",
            "restricted",
            "referral",
            "lead_reviewer",
            "publication_handling",
            "milestones",
            "timeliness",
            "accepted_themes",
        ]

    @extend_schema_field(NULLABLE_STR)
    def get_lead_reviewer(self, review) -> str | None:
        return _name(review.lead_reviewer)

    @extend_schema_field(MilestonesSerializer)
    def get_milestones(self, review):
        return MilestonesSerializer(review).data

    @extend_schema_field(TimelinessSerializer)
    def get_timeliness(self, review):
        state = clocks.timeliness_of(review, timezone.localdate())
        return {
            "state": state.value,
            "label": clocks.TIMELINESS_LABELS[state],
            "target": clocks.publication_target(review.initiated_on),
        }

    def get_accepted_themes(self, review) -> list[str]:
        by_review = self.context.get("accepted_themes")  # a list's page: read at once
        if by_review is not None:
            return by_review.get(review.pk, [])
        return learning_selectors.accepted_theme_ids(review)


class DecisionSerializer(serializers.Serializer):
    meeting_on = serializers.DateField()
    outcome = serializers.CharField()
    rapid_review = serializers.BooleanField()


class ReferralSerializer(serializers.ModelSerializer):
    source_agency = serializers.CharField(source="source_agency.name")
    clocks = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)
    outcome = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "received_on",
            "source_agency",
            "is_serious_incident_notification",
            "la_aware_on",
            "notified_on",
            "rapid_review_on",
            "child_pseudonym",
            "age_years",
            "age_months",
            "unborn",
            "gender",
            "locality",
            "harm_category",
            "clocks",
            "decisions",
            "outcome",
            "reviews",
        ]

    @extend_schema_field(
        inline_serializer(
            "ReferralClocks", {"notification": ClockSerializer(), "rapid_review": ClockSerializer()}
        )
    )
    def get_clocks(self, referral):
        notification, rapid = clocks.referral_clocks(referral, timezone.localdate())
        return {"notification": notification.as_dict(), "rapid_review": rapid.as_dict()}

    def get_outcome(self, referral) -> str:
        """The outcome of the decision in force ('' before any decision)."""
        return referral_selectors.outcome_at(referral)

    def get_reviews(self, referral) -> list[int]:
        return [r.pk for r in referral.reviews.all()]


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    accepted_themes = serializers.ListField(
        child=serializers.CharField(), help_text="Taxonomy ids a person accepted"
    )


class ActionUpdateSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ActionUpdate
        fields = ["id", "kind", "written_on", "text", "status_from", "status_to", "author"]

    @extend_schema_field(NULLABLE_STR)
    def get_author(self, update) -> str | None:
        return _name(update.author)


class ActionSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    review = serializers.SerializerMethodField()
    recommendation_number = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "review",
            "recommendation",
            "recommendation_number",
            "origin",
            "agency",
            "description",
            "lead_role",
            "due_on",
            "success_measure",
            "status",
            "completed_on",
            "version",
        ]

    @extend_schema_field(NULLABLE_INT)
    def get_review(self, action) -> int | None:
        rec = action.recommendation
        return rec.review_id if rec is not None else None

    @extend_schema_field(NULLABLE_INT)
    def get_recommendation_number(self, action) -> int | None:
        rec = action.recommendation
        return rec.number if rec is not None else None


class ActionDetailSerializer(ActionSerializer):
    updates = serializers.SerializerMethodField()

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "updates"]

    @extend_schema_field(ActionUpdateSerializer(many=True))
    def get_updates(self, action):
        return ActionUpdateSerializer(self.context["history"], many=True).data


class RecommendationSerializer(serializers.ModelSerializer):
    findings = serializers.SerializerMethodField()
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "number", "text", "findings", "actions"]

    def get_findings(self, rec) -> list[int]:
        return [f.pk for f in rec.findings.all()]


class NewUpdateSerializer(serializers.Serializer):
    """An entry added to an action's history, as the action's page adds it."""

    kind = serializers.ChoiceField(choices=UpdateKind.choices)
    written_on = serializers.DateField(help_text="Today or earlier")
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20000,
        help_text="The progress note, or for evidence of impact: what has changed in practice "
        "and how you know",
    )
    status_to = serializers.ChoiceField(
        choices=Rag.choices, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The action's version you read: a later change answers 409 and saves nothing",
    )


class BriefingSerializer(serializers.ModelSerializer):
    published_by = serializers.SerializerMethodField()

    class Meta:
        model = Briefing
        fields = [
            "id",
            "review",
            "kind",
            "title",
            "status",
            "published_on",
            "published_by",
            "withdrawn_on",
            "corrects",
            "sections",
        ]

    @extend_schema_field(NULLABLE_STR)
    def get_published_by(self, briefing) -> str | None:
        return _name(briefing.published_by)


class CaseAuditSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    author = serializers.SerializerMethodField()
    supervisor = serializers.SerializerMethodField()

    class Meta:
        model = CaseAudit
        fields = [
            "id",
            "agency",
            "team",
            "case_reference",
            "child",
            "purpose",
            "audit_date",
            "status",
            "author",
            "supervisor",
            "completed_at",
            "signed_off_at",
            "version",
        ]

    @extend_schema_field(NULLABLE_STR)
    def get_author(self, audit_obj) -> str | None:
        return _name(audit_obj.author)

    @extend_schema_field(NULLABLE_STR)
    def get_supervisor(self, audit_obj) -> str | None:
        return _name(audit_obj.supervisor)


class AnswerSerializer(serializers.Serializer):
    theme = serializers.IntegerField(source="theme.number")
    theme_title = serializers.CharField(source="theme.title")
    taxonomy_ids = serializers.ListField(child=serializers.CharField(), source="theme.taxonomy_ids")
    judgement = serializers.CharField()
    seen = serializers.CharField()
    next_action = serializers.CharField()


class CaseAuditDetailSerializer(CaseAuditSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(CaseAuditSerializer.Meta):
        fields = [*CaseAuditSerializer.Meta.fields, "answers"]

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, audit_obj):
        return AnswerSerializer(self.context["answers"], many=True).data


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "online",
            "capacity",
            "audience",
            "themes",
            "cancelled_at",
        ]
        extra_kwargs = {"themes": {"help_text": "Taxonomy ids"}}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class RootSerializer(serializers.Serializer):
    version = serializers.CharField()
    schema = serializers.URLField()
    docs = serializers.URLField()
    reviews = serializers.URLField()
    referrals = serializers.URLField()
    actions = serializers.URLField()
    briefings = serializers.URLField()
    case_audits = serializers.URLField()
    events = serializers.URLField()
    tokens = serializers.URLField()
