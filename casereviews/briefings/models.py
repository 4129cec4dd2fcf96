"""Learning products (6-step and 7-minute briefings), their anonymisation check, how each agency
shared them (dissemination), and newsletter issues.

A briefing's text lives in `sections`, a dict keyed by the section keys of its template
(TEMPLATES below), so both templates share one table and one form.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from casereviews.core.scoping import Reach, ScopedModel


class BriefingKind(models.TextChoices):
    SIX_STEP = "six_step", "6-step briefing"
    SEVEN_MINUTE = "seven_minute", "7-minute briefing"


# The headings of each template, in order (PRODUCT.md, Templates): (key, heading, hint).
TEMPLATES: dict[str, list[tuple[str, str, str]]] = {
    BriefingKind.SIX_STEP: [
        ("the_case", "1. The case", "A short, anonymised account of the child and family."),
        ("why_review", "2. Why the review happened", "The criteria met and the kind of review."),
        ("what_learned", "3. What we learned", "The findings, in plain words."),
        ("good_practice", "4. Good practice", "What partners did well."),
        ("what_changed", "5. What has changed", "The actions taken and their evidence."),
        ("questions", "6. Questions for your team", "One question a line."),
    ],
    BriefingKind.SEVEN_MINUTE: [
        ("background", "Background", "The case and why it was reviewed."),
        ("why_it_matters", "Why it matters", "Why practitioners should care."),
        ("key_points", "Key points", "Three to five points, one a line."),
        ("things_to_note", "Things to note", ""),
        ("what_to_do", "What to do", "What practitioners should do differently."),
        ("reflective_questions", "Reflective questions", "One question a line."),
    ],
}


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    # Taken back by the business unit (or replaced by a corrected version): kept with its
    # history, read only by those who may read drafts (docs/adr/0020).
    WITHDRAWN = "withdrawn", "Withdrawn"


class Withdrawable(models.Model):
    """What a published briefing or newsletter issue keeps when it is withdrawn or corrected."""

    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.CharField(max_length=500, blank=True)
    # The version this one corrects; publishing it withdraws that one.
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    class Meta:
        abstract = True


class Briefing(ScopedModel, Withdrawable):
    reach = Reach(
        partnership="partnership",
        reviews="review",
        # Published (and so current) briefings are read by the whole partnership
        # (docs/adr/0013); a withdrawn one of a restricted review is not (docs/adr/0020).
        open_when=Q(status="published"),
    )

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="briefings"
    )
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="briefings")
    kind = models.CharField(max_length=20, choices=BriefingKind.choices)
    title = models.CharField(max_length=200)
    sections = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT
    )
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-created_at", "-id"]
        # The sharing tracker's page query: a partnership's published briefings by date.
        indexes = [
            models.Index(
                fields=["partnership", "status", "published_on"], name="briefing_published"
            )
        ]

    def __str__(self) -> str:
        return self.title


class WarningKind(models.TextChoices):
    NAME = "name", "Personal name"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    ADDRESS = "address", "Address"
    POSTCODE = "postcode", "Postcode"
    PHONE = "phone", "Phone number"
    EMAIL = "email", "Email address"
    SCHOOL = "school", "School name"
    SURGERY = "surgery", "GP surgery or health centre"


class WarningState(models.TextChoices):
    OPEN = "open", "Not yet resolved"
    EDITED = "edited", "Resolved by editing the text"
    DISMISSED = "dismissed", "Dismissed with a reason"


class WarningRecord(ScopedModel):
    """What the anonymisation check found in one part of a checked text, and how it was resolved.

    Abstract: each checked record has its own table with a foreign key to it (a briefing's
    `AnonymisationWarning`; the repository summary's in `reports`), and one reconciliation and
    one dismissal for all (`services.reconcile_warnings`, `services.dismiss`)."""

    kind = models.CharField(max_length=20, choices=WarningKind.choices)
    section = models.CharField(max_length=40, help_text="The key of the section, or 'title'")
    matched = models.CharField(
        max_length=300,
        help_text="The text that looks personal while the warning is open or dismissed; once the "
        "text is edited away, only the kind of detail (“[address removed]”)",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=WarningState.choices, default="open")
    reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["section", "start", "id"]

    def __str__(self) -> str:
        # Never the matched text: this string is what the audit log keeps of a warning.
        return f"{self.get_kind_display()} in {self.section}"


class AnonymisationWarning(WarningRecord):
    """What the anonymisation check found in a briefing; all must be resolved to publish."""

    reach = Reach(partnership="briefing__partnership", reviews="briefing__review")

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="warnings")

    class Meta(WarningRecord.Meta):
        pass


class ShareMethod(models.TextChoices):
    TEAM_MEETING = "team_meeting", "Team meeting"
    SUPERVISION = "supervision", "Supervision"
    NEWSLETTER = "newsletter", "Newsletter"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


class Dissemination(ScopedModel):
    """How one agency shared one published briefing. An agency may record several."""

    reach = Reach(
        partnership="briefing__partnership",
        reviews="briefing__review",
        open_when=Q(briefing__status="published"),
    )

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="disseminations")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="disseminations"
    )
    method = models.CharField(max_length=20, choices=ShareMethod.choices)
    method_other = models.CharField("Other method", max_length=200, blank=True)
    shared_on = models.DateField("Date shared")
    staff_reached = models.PositiveIntegerField("Staff reached")
    feedback = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shared_on", "id"]

    def __str__(self) -> str:
        return f"{self.agency} shared {self.briefing} ({self.get_method_display()})"


class Newsletter(ScopedModel, Withdrawable):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="newsletters"
    )
    title = models.CharField(max_length=200)
    issue_date = models.DateField()
    introduction = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT
    )
    published_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issue_date", "-id"]

    def __str__(self) -> str:
        return self.title


class NewsletterItemKind(models.TextChoices):
    BRIEFING = "briefing", "Briefing"
    UPDATE = "update", "Update"
    EVENT = "event", "Event"


class NewsletterItem(ScopedModel):
    """One item of an issue: a chosen published briefing, or an update or event in words."""

    reach = Reach(partnership="newsletter__partnership")

    newsletter = models.ForeignKey(Newsletter, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=10, choices=NewsletterItemKind.choices)
    briefing = models.ForeignKey(
        Briefing, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    event_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading or str(self.briefing)
