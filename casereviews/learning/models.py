"""Findings (learning points) of a review, the reports uploaded for it, and their theme tags.

A theme tag says which learning theme (an id of the taxonomy, casereviews.analysis) a finding or
a report concerns. It remembers where it came from (the engine, with its evidence, or a named
person) and every decision about it is kept as a TagEvent, so one can see what the engine
suggested and what people decided.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach, ScopedModel


class Finding(ScopedModel):
    reach = Reach(partnership="review__partnership", reviews="review")

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveSmallIntegerField(help_text="Its place in the review: finding 1, 2…")
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="finding_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.review.ref} finding {self.number}"


class ReportStatus(models.TextChoices):
    ANALYSED = "analysed", "Analysed"
    FAILED = "failed", "Could not be read"


class ReviewReport(ScopedModel):
    """A review's report (PDF or Word), kept outside the web root (core.files)."""

    reach = Reach(partnership="review__partnership", reviews="review")

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="reports")
    stored_name = models.CharField(max_length=200, help_text="Path under FILES_ROOT")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=ReportStatus.choices)
    error = models.CharField(max_length=500, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    characters = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.review.ref} report {self.original_name}"


class TagSource(models.TextChoices):
    ENGINE = "engine", "Theme engine"
    PERSON = "person", "Person"


class TagState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested, not yet decided"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    # The engine no longer finds the theme in the edited text of a finding and nobody had decided
    # on its suggestion yet (ADR 0007). Kept, not deleted, so the history stays whole.
    WITHDRAWN = "withdrawn", "Withdrawn by the theme engine"


class ThemeTag(ScopedModel):
    """One theme on one finding or one report: exactly one of the two is set."""

    reach = Reach(
        partnership=("finding__review__partnership", "report__review__partnership"),
        reviews=("finding__review", "report__review"),
    )

    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="tags"
    )
    report = models.ForeignKey(
        ReviewReport, null=True, blank=True, on_delete=models.PROTECT, related_name="tags"
    )
    theme_id = models.CharField(max_length=80, help_text="An id of the taxonomy")
    source = models.CharField(max_length=10, choices=TagSource.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person who added it (source person); empty for the engine",
    )
    score = models.FloatField(null=True, blank=True, help_text="The engine's score")
    evidence = models.JSONField(
        default=list,
        blank=True,
        help_text='The engine\'s evidence: [{"text", "start", "end", "section", "phrase"}]',
    )
    state = models.CharField(max_length=10, choices=TagState.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(finding__isnull=False, report__isnull=True)
                    | models.Q(finding__isnull=True, report__isnull=False)
                ),
                name="themetag_on_finding_or_report",
            ),
            models.UniqueConstraint(
                fields=["finding", "theme_id"],
                condition=models.Q(finding__isnull=False),
                name="themetag_unique_on_finding",
            ),
            models.UniqueConstraint(
                fields=["report", "theme_id"],
                condition=models.Q(report__isnull=False),
                name="themetag_unique_on_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} ({self.get_state_display()})"

    @property
    def review(self):
        return (self.finding or self.report).review


class TagEventKind(models.TextChoices):
    SUGGESTED = "suggested", "Suggested by the theme engine"
    ADDED = "added", "Added by a person"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    REOPENED = "reopened", "Reopened"
    WITHDRAWN = "withdrawn", "Withdrawn: the theme engine no longer finds it"


class TagEvent(ScopedModel):
    """The history of a tag: append-only, one row per suggestion or decision."""

    reach = Reach(
        partnership=("tag__finding__review__partnership", "tag__report__review__partnership"),
        reviews=("tag__finding__review", "tag__report__review"),
    )

    tag = models.ForeignKey(ThemeTag, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=TagEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the engine did it",
    )
    reason = models.CharField(max_length=500, blank=True)
    score = models.FloatField(
        null=True, blank=True, help_text="The engine's score when it suggested the theme"
    )
    evidence = models.JSONField(
        default=list,
        blank=True,
        help_text="The engine's evidence when it suggested the theme, as on ThemeTag.evidence",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.tag.theme_id}: {self.get_kind_display()}"
