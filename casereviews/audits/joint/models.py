"""Multi-agency (joint) case audits (docs/adr/0026).

Several agencies audit the same live case, each with its own `CaseAudit`; the business unit
convenes a `JointAudit` of that case reference, the agency audits are linked to it, and a joint
discussion records per theme the shared judgement, what the agencies agreed and disagreed on,
and the actions they agreed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach, ScopedModel

__all__ = ["JointAudit", "JointAuditLink", "JointDiscussion", "JointStatus"]


class JointStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class JointAudit(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    # The framework version the discussion is held against (the current one when convened).
    framework = models.ForeignKey(
        "audits.AuditFramework", on_delete=models.PROTECT, related_name="joint_audits"
    )
    case_reference = models.CharField(max_length=60)
    child = models.CharField(max_length=40, help_text="Pseudonym or initials, never a name")
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meeting_date = models.DateField()
    status = models.CharField(max_length=20, choices=JointStatus.choices, default=JointStatus.DRAFT)
    # The business unit confirmed past the anonymisation check's warnings at the last save.
    warnings_confirmed = models.BooleanField(default=False)
    # Optimistic concurrency (core.concurrency): a discussion saved from a stale page is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]

    def __str__(self) -> str:
        return f"Joint audit {self.case_reference} ({self.child})"


class JointAuditLink(ScopedModel):
    """An agency's own audit of the case, taking part in the joint audit (once only)."""

    reach = Reach(partnership="joint__partnership")

    joint = models.ForeignKey(JointAudit, on_delete=models.PROTECT, related_name="links")
    audit = models.OneToOneField(
        "audits.CaseAudit", on_delete=models.PROTECT, related_name="joint_link"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joint", "audit__agency__name"]

    def __str__(self) -> str:
        return f"{self.joint}: {self.audit}"


class JointDiscussion(ScopedModel):
    """What the agencies said together about one theme."""

    reach = Reach(partnership="joint__partnership")

    joint = models.ForeignKey(JointAudit, on_delete=models.PROTECT, related_name="discussions")
    theme = models.ForeignKey("audits.AuditTheme", on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(max_length=30, blank=True)  # audits.models.Judgement
    agreements = models.TextField(blank=True)
    disagreements = models.TextField(blank=True)
    agreed_actions = models.TextField(blank=True)
    # The agreed actions raised into the partnership's action plan (docs/adr/0025, 0028).
    raised_action = models.OneToOneField(
        "actions.Action", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["joint", "theme__number"]
        constraints = [
            models.UniqueConstraint(fields=["joint", "theme"], name="joint_discussion_unique_theme")
        ]

    def __str__(self) -> str:
        return f"{self.joint}: theme {self.theme.number}"
