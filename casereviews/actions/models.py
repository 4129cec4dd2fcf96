"""Recommendations of a review and the actions of the composite action plan.

An action belongs to a recommendation and to one owner agency. Its RAG status moves Red, Amber,
Green, Blue; it can only be Blue with an evidence-of-impact update. Every status change and
progress note is an ActionUpdate, kept for ever; evidence files hang off updates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.presenters import format_date
from casereviews.core.scoping import Reach, ScopedModel


class Recommendation(ScopedModel):
    reach = Reach(partnership="review__partnership", reviews="review")

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    findings = models.ManyToManyField(
        "learning.Finding",
        blank=True,
        related_name="recommendations",
        help_text="The findings it answers; its themes are theirs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"], name="recommendation_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review.ref} recommendation {self.number}"


class Rag(models.TextChoices):
    """RAG+B. The definitions are shown on the page beside the status (RAG_DEFINITIONS)."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


# Green and Blue are done; Red and Amber are open (an open action past its due date is overdue).
COMPLETE = frozenset({Rag.GREEN, Rag.BLUE})
OPEN_STATUSES = (Rag.RED, Rag.AMBER)

RAG_DEFINITIONS: dict[str, str] = {
    Rag.RED: "Not started, or off track.",
    Rag.AMBER: "In progress and on track.",
    Rag.GREEN: "Completed.",
    Rag.BLUE: "Completed, and the impact on practice is evidenced.",
}


class ImportBatch(ScopedModel):
    """One import of an existing tracker: which file, by whom, how many actions it made."""

    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    column_map = models.JSONField(default=dict, help_text="{our field: their column heading}")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"Import of {self.original_name} ({self.rows} rows)"


# The `origin` of an action of the sub-group's own plan (no review: it answers a priority).
SUBGROUP_PLAN = "Sub-group action plan"


class BusinessPriority(ScopedModel):
    """One of the board's business plan priorities for a reporting year ("2016-17"): the
    sub-group's own actions (actions of no review) are set against them."""

    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    reporting_year = models.CharField(max_length=7, help_text="For example 2016-17")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("Priority")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reporting_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reporting_year", "number"],
                name="business_priority_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporting_year} priority {self.number}"


class Action(ScopedModel):
    reach = Reach(partnership="partnership", reviews="recommendation__review")

    # Denormalised from recommendation.review so the plan is scoped and filtered in one query.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="actions"
    )
    # Empty for an action raised from elsewhere (a case audit's next action): then `origin`
    # says where it came from, in words, so this app need not know the app it came from.
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    origin = models.CharField(
        max_length=200, blank=True, help_text="Where an action from outside a review came from"
    )
    priority = models.ForeignKey(
        BusinessPriority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="The business plan priority an action of the sub-group's own plan serves",
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="actions", verbose_name="Owner"
    )
    description = models.TextField("Action")
    lead_role = models.CharField(
        "Lead", max_length=200, help_text="The lead's role, for example Named Nurse"
    )
    due_on = models.DateField("Due date")
    success_measure = models.TextField("What success looks like", blank=True)
    status = models.CharField(max_length=10, choices=Rag.choices, default=Rag.RED)
    completed_on = models.DateField(null=True, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"]),
            # The plan's pages in due-date order, read from the top instead of sorting a
            # partnership's thousands of actions for each page of 25 (issue 13).
            models.Index(fields=["partnership", "due_on", "id"], name="action_plan_order"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation or self.origin}: action {self.pk}"


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", "Progress note"
    EVIDENCE = "evidence", "Evidence of impact"
    STATUS = "status", "Status change"


class ActionUpdate(ScopedModel):
    """A dated entry on an action: append-only. A status change records from and to."""

    reach = Reach(partnership="action__partnership", reviews="action__recommendation__review")

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    kind = models.CharField(max_length=10, choices=UpdateKind.choices)
    written_on = models.DateField("Date")
    text = models.TextField(blank=True)
    status_from = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    status_to = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_on", "id"]
        # An action's history in order: its page, and the annual report's position of every
        # action on a day (reports.annual.data.rag_positions: 107 -> 61 ms for 10,000 actions).
        indexes = [models.Index(fields=["action", "written_on", "id"], name="actionupdate_history")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {format_date(self.written_on)}"


class EvidenceFile(ScopedModel):
    """A file attached to an update, kept outside the web root (core.files)."""

    reach = Reach(
        partnership="update__action__partnership",
        reviews="update__action__recommendation__review",
    )

    update = models.ForeignKey(ActionUpdate, on_delete=models.PROTECT, related_name="files")
    stored_name = models.CharField(max_length=200, help_text="Path under FILES_ROOT")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
