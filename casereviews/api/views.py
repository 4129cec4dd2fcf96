"""The REST API, version 1 (docs/adr/0035).

Every endpoint reads through the apps' own selectors and asks the same permissions as the pages,
so a token reaches exactly what its holder's pages show: another partnership's record, or a
restricted review's for a non-member, is 404; a record the holder may find but not open is 403.
Every call is audited (services.record_call), and so is every read of a restricted review's
record, as on the pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse

from casereviews.accounts.roles import Permission
from casereviews.actions import selectors as action_selectors
from casereviews.actions import services as action_services
from casereviews.audits import selectors as audit_selectors
from casereviews.audits import services as audit_services
from casereviews.audits.models import AuditStatus
from casereviews.briefings import selectors as briefing_selectors
from casereviews.core.audit import SystemActor
from casereviews.events import selectors as event_selectors
from casereviews.learning import selectors as learning_selectors
from casereviews.referrals import selectors as referral_selectors
from casereviews.reviews import selectors as review_selectors

from . import serializers as s
from . import services
from .authentication import BearerTokenAuthentication, SessionAuthentication
from .models import ApiToken
from .pagination import ById
from .throttling import PerTokenThrottle

NO_TOKEN = SystemActor("API caller without a valid token")
MAX_ID = 2**31 - 1

ERRORS = {
    401: OpenApiResponse(s.ErrorSerializer, description="No valid token (or session)"),
    403: OpenApiResponse(s.ErrorSerializer, description="Found, but not yours to see or do"),
    404: OpenApiResponse(s.ErrorSerializer, description="Not found, or not in your reach"),
    429: OpenApiResponse(s.ErrorSerializer, description="Too many calls: wait and try again"),
}
FILTER_ERRORS = {
    **ERRORS,
    400: OpenApiResponse(s.ErrorSerializer, description="A filter's value is not valid"),
}
WRITE_ERRORS = {
    **ERRORS,
    400: OpenApiResponse(s.ErrorSerializer, description="Refused: the errors say why"),
    409: OpenApiResponse(s.ErrorSerializer, description="Changed since the version you gave"),
}


class InPartnership(permissions.BasePermission):
    """A signed-in person or service account of a partnership, still active."""

    message = "Give a valid token (Authorization: Bearer …) or sign in"

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.partnership_id)


def require(request, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def checked_id(value: int) -> int:
    """Ids past the database's integer range are simply not found (never an error)."""
    if not 0 < value <= MAX_ID:
        raise NotFound
    return value


class ApiView(GenericAPIView):
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [InPartnership]
    throttle_classes = [PerTokenThrottle]
    pagination_class = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else NO_TOKEN
        token = request.auth if isinstance(getattr(request, "auth", None), ApiToken) else None
        services.record_call(
            actor,
            method=request.method,
            path=request.get_full_path()[:200],
            status=response.status_code,
            token=token,
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ListView(ApiView):
    pagination_class = ById
    filters: type[serializers.Serializer] | None = None

    def params(self) -> dict:
        if self.filters is None:
            return {}
        query = self.filters(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return {k: v for k, v in query.validated_data.items() if v not in (None, "")}

    def listing(self, queryset):
        page = self.paginate_queryset(queryset)
        services.record_restricted_reads(self.request.user, page)
        context = {**self.get_serializer_context(), **self.page_context(page)}
        data = self.get_serializer_class()(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def page_context(self, page) -> dict:
        """What the serializer reads for a whole page at once (no query per row)."""
        return {}


# --- Root -------------------------------------------------------------------------------------


class Root(ApiView):
    @extend_schema(
        summary="What the API offers",
        responses={200: s.RootSerializer, **ERRORS},
    )
    def get(self, request):
        def url(name, **kw):
            return api_reverse(f"api:{name}", kwargs=kw or None, request=request)

        return Response(
            {
                "version": "v1",
                "schema": url("schema"),
                "docs": url("docs"),
                "reviews": url("reviews"),
                "referrals": url("referrals"),
                "actions": url("actions"),
                "briefings": url("briefings"),
                "case_audits": url("case_audits"),
                "events": url("events"),
                "tokens": request.build_absolute_uri(reverse("api_tokens:own")),
            }
        )


# --- Reviews, findings, recommendations -------------------------------------------------------


class ReviewFilters(serializers.Serializer):
    status = serializers.CharField(required=False, max_length=30)
    review_type = serializers.CharField(required=False, max_length=30)


class ReviewList(ListView):
    serializer_class = s.ReviewSerializer
    filters = ReviewFilters

    def page_context(self, page) -> dict:
        return {
            "accepted_themes": learning_selectors.accepted_theme_ids_by_review(r.pk for r in page)
        }

    @extend_schema(
        summary="Reviews on the register",
        parameters=[ReviewFilters],
        responses={200: s.ReviewSerializer(many=True), **FILTER_ERRORS},
    )
    def get(self, request):
        # As the register page: every partnership user, the selector applying the role rule.
        return self.listing(review_selectors.filtered_reviews(request.user, **self.params()))


class ReviewDetail(ApiView):
    serializer_class = s.ReviewSerializer

    @extend_schema(summary="One review", responses={200: s.ReviewSerializer, **ERRORS})
    def get(self, request, review_id: int):
        review = review_selectors.get_review(request.user, checked_id(review_id))
        require(request, Permission.VIEW_REVIEW, review)
        services.record_restricted_reads(request.user, [review])
        return Response(self.get_serializer(review).data)


class FindingList(ApiView):
    serializer_class = s.FindingSerializer

    @extend_schema(
        summary="A review's findings, with the themes people accepted (taxonomy ids)",
        responses={200: s.FindingSerializer(many=True), **ERRORS},
    )
    def get(self, request, review_id: int):
        review = review_selectors.get_review(request.user, checked_id(review_id))
        require(request, Permission.VIEW_FINDINGS, review)
        findings = learning_selectors.findings_of(review)
        themes = learning_selectors.finding_themes(findings)
        services.record_restricted_reads(request.user, [review])
        rows = [
            {
                "id": f.pk,
                "number": f.number,
                "title": f.title,
                "text": f.text,
                "accepted_themes": themes[f.pk],
            }
            for f in findings
        ]
        return Response(self.get_serializer(rows, many=True).data)


class RecommendationList(ApiView):
    serializer_class = s.RecommendationSerializer

    @extend_schema(
        summary="A review's recommendations, each with its actions and their RAG status",
        responses={200: s.RecommendationSerializer(many=True), **ERRORS},
    )
    def get(self, request, review_id: int):
        user = request.user
        review = review_selectors.get_review(user, checked_id(review_id))
        if not user.has_perm(Permission.VIEW_FINDINGS, review):  # as the page (docs/adr/0045)
            raise PermissionDenied
        services.record_restricted_reads(user, [review])
        recs = action_selectors.recommendations_of(review)
        return Response(self.get_serializer(recs, many=True).data)


# --- Referrals ----------------------------------------------------------------------------------


class ReferralList(ListView):
    serializer_class = s.ReferralSerializer

    @extend_schema(
        summary="Referrals, with their statutory clocks",
        responses={200: s.ReferralSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        require(request, Permission.VIEW_REFERRALS)
        return self.listing(referral_selectors.referrals_for(request.user))


class ReferralDetail(ApiView):
    serializer_class = s.ReferralSerializer

    @extend_schema(summary="One referral", responses={200: s.ReferralSerializer, **ERRORS})
    def get(self, request, referral_id: int):
        referral = referral_selectors.get_referral(request.user, checked_id(referral_id))
        require(request, Permission.VIEW_REFERRALS, referral)
        services.record_restricted_reads(request.user, [referral])
        return Response(self.get_serializer(referral).data)


# --- Actions ------------------------------------------------------------------------------------


class ActionFilters(serializers.Serializer):
    agency = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    review = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(required=False, choices=s.Rag.choices)
    due = serializers.ChoiceField(required=False, choices=list(action_selectors.DUE_CHOICES))
    theme = serializers.CharField(required=False, max_length=80, help_text="A taxonomy id")


class ActionList(ListView):
    serializer_class = s.ActionSerializer
    filters = ActionFilters

    @extend_schema(
        summary="The composite action plan: every action you may see, with its RAG status",
        parameters=[ActionFilters],
        responses={200: s.ActionSerializer(many=True), **FILTER_ERRORS},
    )
    def get(self, request):
        require(request, Permission.VIEW_ACTION_PLAN)
        p = self.params()
        queryset = action_selectors.plan_actions(
            request.user,
            agency_id=p.get("agency"),
            review_id=p.get("review"),
            theme_id=p.get("theme"),
            status=p.get("status"),
            due=p.get("due"),
        )
        return self.listing(queryset)


class ActionDetail(ApiView):
    serializer_class = s.ActionDetailSerializer

    @extend_schema(
        summary="One action, with its history of updates",
        responses={200: s.ActionDetailSerializer, **ERRORS},
    )
    def get(self, request, action_id: int):
        action = action_selectors.get_action(request.user, checked_id(action_id))
        require(request, Permission.VIEW_ACTION, action)
        action_services.record_view(request.user, action)
        history = action_selectors.history_of(action)
        return Response(self.get_serializer(action, context={"history": history}).data)


class ActionUpdateCreate(ApiView):
    serializer_class = s.NewUpdateSerializer

    @extend_schema(
        summary="Add an update to an action: progress, a status change, or evidence of impact",
        description="As on the action's page: an agency lead updates their own agency's actions; "
        "an action turns Blue only with evidence of impact; giving the version you read makes a "
        "later change by someone else answer 409. Evidence files are added on the page.",
        request=s.NewUpdateSerializer,
        responses={201: s.ActionUpdateSerializer, **WRITE_ERRORS},
    )
    def post(self, request, action_id: int):
        action = action_selectors.get_action(request.user, checked_id(action_id))
        require(request, Permission.VIEW_ACTION, action)
        require(request, Permission.UPDATE_ACTION, action)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        update = action_services.add_update(
            request.user,
            action,
            kind=data["kind"],
            written_on=data["written_on"],
            text=data.get("text", ""),
            status_to=data.get("status_to") or None,
            expected_version=data.get("version"),
        )
        return Response(s.ActionUpdateSerializer(update).data, status=201)


# --- Briefings ----------------------------------------------------------------------------------


class BriefingList(ListView):
    serializer_class = s.BriefingSerializer

    @extend_schema(
        summary="Briefings: published ones, and the drafts you may read",
        responses={200: s.BriefingSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        require(request, Permission.VIEW_BRIEFINGS)
        return self.listing(briefing_selectors.visible_briefings(request.user))


class BriefingDetail(ApiView):
    serializer_class = s.BriefingSerializer

    @extend_schema(summary="One briefing", responses={200: s.BriefingSerializer, **ERRORS})
    def get(self, request, briefing_id: int):
        briefing = briefing_selectors.get_briefing(request.user, checked_id(briefing_id))
        require(request, Permission.VIEW_BRIEFING, briefing)
        if briefing.status != "published":
            services.record_restricted_reads(request.user, [briefing])
        return Response(self.get_serializer(briefing).data)


# --- Case audits --------------------------------------------------------------------------------


class CaseAuditList(ListView):
    serializer_class = s.CaseAuditSerializer

    @extend_schema(
        summary="Case audits you wrote or supervise (the business unit: all)",
        responses={200: s.CaseAuditSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        require(request, Permission.VIEW_CASE_AUDITS)
        return self.listing(audit_selectors.visible_audits(request.user))


class CaseAuditDetail(ApiView):
    serializer_class = s.CaseAuditDetailSerializer

    @extend_schema(
        summary="One case audit, with its answers by theme",
        responses={200: s.CaseAuditDetailSerializer, **ERRORS},
    )
    def get(self, request, audit_id: int):
        audit_obj = audit_selectors.get_audit(request.user, checked_id(audit_id))
        require(request, Permission.VIEW_CASE_AUDIT, audit_obj)
        answers = audit_selectors.answers_of(audit_obj)
        return Response(self.get_serializer(audit_obj, context={"answers": answers}).data)


class CaseAuditComplete(ApiView):
    serializer_class = s.CaseAuditSerializer

    @extend_schema(
        summary="Complete a draft case audit (its author), as the audit's page does",
        description="Refused (400) while a theme has no judgement; the audit then awaits its "
        "supervisor's sign-off.",
        request=None,
        responses={200: s.CaseAuditSerializer, **WRITE_ERRORS},
    )
    def post(self, request, audit_id: int):
        audit_obj = audit_selectors.get_audit(request.user, checked_id(audit_id))
        require(request, Permission.VIEW_CASE_AUDIT, audit_obj)
        if audit_obj.status != AuditStatus.DRAFT:
            return Response(
                {
                    "detail": "Only a draft audit can be completed: this one is "
                    f"{audit_obj.get_status_display().lower()}"
                },
                status=409,
            )
        audit_obj = audit_services.complete(request.user, audit_obj)
        return Response(self.get_serializer(audit_obj).data)


# --- Events -------------------------------------------------------------------------------------


class EventList(ListView):
    serializer_class = s.EventSerializer

    @extend_schema(
        summary="Events and training", responses={200: s.EventSerializer(many=True), **ERRORS}
    )
    def get(self, request):
        require(request, Permission.VIEW_EVENTS)
        return self.listing(event_selectors.events_in_reach(request.user))


class EventDetail(ApiView):
    serializer_class = s.EventSerializer

    @extend_schema(summary="One event", responses={200: s.EventSerializer, **ERRORS})
    def get(self, request, event_id: int):
        event = event_selectors.get_event(request.user, checked_id(event_id))
        require(request, Permission.VIEW_EVENTS, event)
        services.record_restricted_reads(request.user, [event])
        return Response(self.get_serializer(event).data)


class NotFoundView(ApiView):
    """Any other address under /api/v1/ (a negative id, a typo): a JSON 404, not a page."""

    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise NotFound

    post = put = patch = delete = get
