"""The narrative of an annual report: the sections the business unit writes, kept as drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.briefings.models import WarningRecord
from casereviews.core.scoping import Reach, ScopedModel


class AnnualNarrative(ScopedModel):
    """The text of one narrative section of one reporting year's annual report."""

    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    reporting_year = models.CharField(max_length=7, help_text="For example 2016-17")
    section = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reporting_year", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reporting_year", "section"],
                name="annual_narrative_one_per_section",
            )
        ]

    def __str__(self) -> str:
        return f"Annual report {self.reporting_year}: {self.section}"


class RepositorySummary(ScopedModel):
    """The business unit's text of a published review's record in the national case review
    repository's layout (ADR 0040). Until one is saved, the record is filled from the review."""

    reach = Reach(partnership="review__partnership", reviews="review")

    review = models.OneToOneField(
        "reviews.Review", on_delete=models.PROTECT, related_name="repository_summary"
    )
    child = models.CharField(
        "Child", max_length=60, blank=True, help_text="The pseudonym the report uses"
    )
    incident = models.TextField("Incident summary", blank=True)
    background = models.TextField(blank=True)
    learning = models.TextField("Key issues and learning", blank=True)
    recommendations = models.TextField(blank=True)
    methodology = models.CharField("Model", max_length=200, blank=True)
    keywords = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Repository summary of {self.review.ref}"


class RepositoryWarning(WarningRecord):
    """What the anonymisation check found in a saved repository summary: stored on each save,
    dismissed with a reason as a briefing's are (one model and one service for both, in
    briefings: WarningRecord, reconcile_warnings, dismiss)."""

    reach = Reach(partnership="summary__review__partnership", reviews="summary__review")

    summary = models.ForeignKey(
        RepositorySummary, on_delete=models.PROTECT, related_name="warnings"
    )

    class Meta(WarningRecord.Meta):
        pass
