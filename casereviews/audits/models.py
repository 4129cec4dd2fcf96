"""Case audits against a versioned framework of themes (seed 000's nine by default).

A framework is a partnership's, and changes only by a new version: adapting it (rewording a
theme, adding a local one, retiring one) copies the current version's themes into the next, so
an audit keeps the themes it was filled against (docs/adr/0022). An audit hangs off no review:
it is about a live case, named only by the case recording system's reference and the child's
pseudonym or initials.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach, ScopedModel

from .framework import PURPOSES


class AuditFramework(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField()
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="audit_framework_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class AuditTheme(ScopedModel):
    reach = Reach(partnership="framework__partnership")

    framework = models.ForeignKey(AuditFramework, on_delete=models.PROTECT, related_name="themes")
    # Numbers stay with a theme across versions: a retired number is not reused.
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    problem = models.TextField(help_text="The recurring problem the theme is about")
    guidance = models.TextField(blank=True, help_text="Guidance questions, one a line")
    taxonomy_ids = models.JSONField(default=list, blank=True)
    local = models.BooleanField(default=False, help_text="Added by the partnership")

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="audit_theme_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Theme {self.number}: {self.title}"

    @property
    def questions(self) -> list[str]:
        return [line.strip() for line in self.guidance.splitlines() if line.strip()]


class Purpose(models.TextChoices):
    GROUP_SUPERVISION = PURPOSES[0]
    STUCK_CASE = PURPOSES[1]
    CASE_SUPERVISION = PURPOSES[2]
    TEAM_MEETING = PURPOSES[3]
    TRAINING_NEEDS = PURPOSES[4]


class AuditStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"
    SIGNED_OFF = "signed_off", "Signed off"


class Judgement(models.TextChoices):
    EVIDENT_ADDRESSED = "evident_addressed", "Evident and addressed"
    EVIDENT_NOT_ADDRESSED = "evident_not_addressed", "Evident, not yet addressed"
    NOT_EVIDENT = "not_evident", "Not evident"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


EVIDENT = frozenset({Judgement.EVIDENT_ADDRESSED, Judgement.EVIDENT_NOT_ADDRESSED})


class CaseAudit(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    framework = models.ForeignKey(AuditFramework, on_delete=models.PROTECT, related_name="audits")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_audits"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_case_audits",
        help_text="The manager who reviews and signs the audit off",
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.CharField(max_length=120, blank=True)
    case_reference = models.CharField(max_length=60)
    child = models.CharField(max_length=40, help_text="Pseudonym or initials, never a name")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    audit_date = models.DateField()
    status = models.CharField(max_length=20, choices=AuditStatus.choices, default=AuditStatus.DRAFT)
    completed_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    # The author confirmed past the anonymisation check's warnings at the last save.
    warnings_confirmed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-audit_date", "-id"]

    def __str__(self) -> str:
        return f"Case audit {self.case_reference} ({self.child})"


class AuditAnswer(ScopedModel):
    """What the practitioner wrote for one theme of one audit."""

    reach = Reach(partnership="audit__partnership")

    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="answers")
    theme = models.ForeignKey(AuditTheme, on_delete=models.PROTECT, related_name="+")
    seen = models.TextField(blank=True)
    judgement = models.CharField(max_length=30, choices=Judgement.choices, blank=True)
    next_action = models.TextField(blank=True)
    action_owner = models.CharField(max_length=120, blank=True)
    action_due = models.DateField(null=True, blank=True)
    training_need = models.TextField(blank=True)
    # The next action raised into the partnership's action plan (actions knows nothing of
    # audits: the link lives here, above it in the layers).
    raised_action = models.OneToOneField(
        "actions.Action", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["audit", "theme__number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "theme"], name="audit_answer_unique_theme")
        ]

    def __str__(self) -> str:
        return f"{self.audit}: theme {self.theme.number}"


from .joint.models import *  # noqa: E402, F403  (multi-agency audits)
from .quality.models import QualityAssessment, QualityRating  # noqa: E402, F401
from .self_assessment.models import *  # noqa: E402, F403  (the self-assessment feature)
