from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.presenters import format_date
from casereviews.core.scoping import Reach, ScopedModel
from casereviews.reviews.models import DecisionOutcome, Gender


class HarmCategory(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_INJURY = "serious_injury", "Serious injury"
    NON_ACCIDENTAL_INJURY = "nai", "Non-accidental injury"
    NEGLECT = "neglect", "Neglect"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    EXPLOITATION = "exploitation", "Child sexual or criminal exploitation"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    OTHER = "other", "Other serious harm"


class Referral(ScopedModel):
    reach = Reach(partnership="partnership", reviews="reviews")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="referrals"
    )
    received_on = models.DateField("Date received")
    source_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals"
    )
    is_serious_incident_notification = models.BooleanField(
        "Serious Incident Notification", default=False
    )
    la_aware_on = models.DateField("Date the local authority became aware", null=True, blank=True)
    notified_on = models.DateField("Date the notification was made", null=True, blank=True)
    rapid_review_on = models.DateField("Date the rapid review was completed", null=True, blank=True)
    child_pseudonym = models.CharField(max_length=60)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    unborn = models.BooleanField(default=False)
    gender = models.CharField(max_length=10, choices=Gender.choices)
    locality = models.CharField(max_length=120)
    harm_category = models.CharField(max_length=30, choices=HarmCategory.choices)
    summary = models.TextField()
    notes = models.TextField(
        blank=True, help_text="Where demo data invents a date, it says so here."
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        # The referral list's page query: a partnership's referrals, newest first.
        indexes = [models.Index(fields=["partnership", "-received_on"], name="referral_list")]

    def __str__(self) -> str:
        return f"Referral for {self.child_pseudonym} received {format_date(self.received_on)}"

    @property
    def current_decision(self) -> Decision | None:
        return self.decisions.order_by("-meeting_on", "-id").first()


class Decision(ScopedModel):
    """A sub-group decision on a referral. A conversion adds a decision; the old one stays."""

    reach = Reach(partnership="referral__partnership", reviews="referral__reviews")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="decisions")
    meeting_on = models.DateField("Date of the sub-group meeting")
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    rapid_review = models.BooleanField("A rapid review was held", default=False)
    rationale = models.TextField()
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({format_date(self.meeting_on)})"
