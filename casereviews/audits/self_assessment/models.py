"""Self-assessment of an agency or team against a set of practice issues (seed 003 by default).

A set (`IssueSet`) is a partnership's, in versions: a version's issues and questions are fixed
once stored, and a change (reword, add or retire a question or an issue) stores the next version,
so an assessment always shows the questions it was answered against (docs/adr/0023, 0027). An
agency, or a team of it, assesses itself against a set for a reporting period ("2016-17"); a
question is rated red, amber or green, with evidence and improvement actions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach, ScopedModel

__all__ = [
    "AssessmentStatus",
    "IssueQuestion",
    "IssueSet",
    "PracticeIssue",
    "Rating",
    "SelfAssessment",
    "SelfAssessmentAnswer",
]


class IssueSet(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    source = models.TextField(blank=True, help_text="Where the issues come from")
    is_default = models.BooleanField(default=False, help_text="Seed 003's 14 practice issues")
    # Versions of one set share its name; each change stores version n+1 (docs/adr/0027).
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    change_note = models.CharField(
        max_length=300, blank=True, help_text="What this version changed"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "-is_default", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name", "version"], name="issue_set_unique_version"
            )
        ]

    def __str__(self) -> str:
        return self.name if self.version == 1 else f"{self.name} (version {self.version})"

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "replaced_by")


class PracticeIssue(ScopedModel):
    reach = Reach(partnership="issue_set__partnership")

    issue_set = models.ForeignKey(IssueSet, on_delete=models.PROTECT, related_name="issues")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    taxonomy_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["issue_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue_set", "number"], name="practice_issue_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class IssueQuestion(ScopedModel):
    reach = Reach(partnership="issue__issue_set__partnership")

    issue = models.ForeignKey(PracticeIssue, on_delete=models.PROTECT, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["issue__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="issue_question_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issue.number}.{self.number} {self.text}"

    @property
    def code(self) -> str:
        """ "3.2": issue 3, question 2 (how pages and errors name it)."""
        return f"{self.issue.number}.{self.number}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class Rating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# Worse to better, for "change since last time".
RATING_ORDER = {Rating.RED: 0, Rating.AMBER: 1, Rating.GREEN: 2}


class SelfAssessment(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    issue_set = models.ForeignKey(IssueSet, on_delete=models.PROTECT, related_name="assessments")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.CharField(max_length=120, blank=True, help_text="Blank: the whole agency")
    period = models.CharField(max_length=7, help_text="Reporting year, for example 2016-17")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The latest reopening by the business unit (each one is in the audit log with its reason).
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "agency__name", "team"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue_set", "agency", "team", "period"],
                name="self_assessment_unique_period",
            )
        ]

    def __str__(self) -> str:
        who = f"{self.agency}, {self.team}" if self.team else str(self.agency)
        return f"Self-assessment {self.period}: {who}"


class SelfAssessmentAnswer(ScopedModel):
    """The rating, evidence and improvement action for one question of one assessment."""

    reach = Reach(partnership="assessment__partnership")

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(IssueQuestion, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)
    action = models.TextField(blank=True, help_text="Improvement action")
    action_owner = models.CharField(max_length=120, blank=True)
    action_due = models.DateField(null=True, blank=True)
    # The improvement action once raised into the partnership's action plan (docs/adr/0025, 0027).
    raised_action = models.OneToOneField(
        "actions.Action", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "question__issue__number", "question__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="self_assessment_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.question.code}"
