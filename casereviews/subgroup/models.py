"""The review sub-group's own year: its meetings (who came, what was considered), its
six-monthly health check, and its terms of reference (F3, F15; seed 002).

The sub-group's own action plan is not here: it is the composite plan's actions that answer no
review (`actions.Action` with a `priority`), so there is one plan, not two.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.presenters import format_date
from casereviews.core.scoping import Reach, ScopedModel


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("Date")
    status = models.CharField(max_length=10, choices=MeetingStatus.choices)
    chair = models.CharField(max_length=200, blank=True, help_text="The chair's role, no name")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # core.concurrency: stale saves refused

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Sub-group meeting of {format_date(self.held_on)}"


class Attendance(ScopedModel):
    """How many came from one agency, and in what roles."""

    reach = Reach(partnership="meeting__partnership")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    attendees = models.PositiveSmallIntegerField(default=1)
    roles = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="attendance_one_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} at {self.meeting}"


class ItemKind(models.TextChoices):
    REFERRAL = "referral", "Referral and decision"
    REVIEW = "review", "Review progress"
    ACTION_PLAN = "action_plan", "Action plan"
    HEALTH_CHECK = "health_check", "Health check"
    TERMS = "terms", "Terms of reference"
    OTHER = "other", "Other business"


class Item(ScopedModel):
    """One thing the meeting considered. A referral or review item is visible only where its
    review is (restricted reviews: their members)."""

    reach = Reach(partnership="meeting__partnership", reviews=("review", "referral__reviews"))

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What was discussed or decided")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.meeting}"


# The health check's questions (the sub-group asks itself every six months). Stable numbers.
HEALTH_CHECK_QUESTIONS: list[str] = [
    "Did every agency named in the terms of reference attend at least three in four meetings?",
    "Were all referrals considered at the first meeting after they were received?",
    "Was each decision's rationale recorded and shared with the referring agency?",
    "Are current reviews within six months of initiation, or their delays recorded?",
    "Is every action of the review action plans updated by its due date?",
    "Were briefings disseminated by every agency, with evidence and feedback?",
    "Is the sub-group's own action plan on track against the business plan priorities?",
    "Did members challenge one another constructively when considering referrals?",
    "Are the terms of reference in date and the membership right?",
]


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class HealthCheck(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField("Date of the health check")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="health_checks"
    )
    summary = models.TextField(blank=True, help_text="What the sub-group concluded")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # core.concurrency: stale saves refused

    class Meta:
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return f"Health check of {format_date(self.done_on)}"


class HealthCheckAnswer(ScopedModel):
    reach = Reach(partnership="health_check__partnership")

    health_check = models.ForeignKey(HealthCheck, on_delete=models.PROTECT, related_name="answers")
    number = models.PositiveSmallIntegerField()
    question = models.TextField()
    answer = models.CharField(max_length=10, choices=Answer.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["health_check", "number"], name="health_check_answer_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Question {self.number} of {self.health_check}"


class TermsOfReference(ScopedModel):
    """A version of the sub-group's terms of reference; the newest is the one in force."""

    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    agreed_on = models.DateField("Date agreed")
    review_by = models.DateField("Date to review them by")
    frequency = models.CharField(
        "How often the sub-group meets", max_length=100, help_text="For example, six-weekly"
    )
    purpose = models.TextField()
    membership = models.TextField(help_text="The agencies and roles that are members")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # core.concurrency: stale saves refused

    class Meta:
        ordering = ["-agreed_on", "-id"]

    def __str__(self) -> str:
        return f"Terms of reference agreed {format_date(self.agreed_on)}"
