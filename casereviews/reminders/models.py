"""Reminders (F19): each person's email choices, and every reminder sent (so none goes twice).

What falls due is never stored: it is computed from the apps' own records (selectors.due_for).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach, ScopedModel


class ReminderKind(models.TextChoices):
    WEEKLY = "weekly", "Weekly digest"
    DAILY = "daily", "Daily digest (business unit)"
    ESCALATION = "escalation", "Fortnightly escalation of overdue and stale actions"


class ReminderPreference(ScopedModel):
    """One person's choice of emails. No row: the defaults (weekly on, daily off)."""

    reach = Reach(partnership="user__partnership")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    weekly = models.BooleanField("Weekly digest", default=True)
    daily = models.BooleanField("Daily digest", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminder choices of {self.user}"


class SentReminder(ScopedModel):
    """One email sent to one person for one period ("2026-W49", "2026-12-01", "2026-F24").

    The unique (user, kind, period) is what stops a second run sending it again. A send that
    failed leaves no row, so the next run tries again. `item_refs` keeps the keys and Refs of
    what it listed, never a child's details."""

    reach = Reach(partnership="user__partnership")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    period_key = models.CharField(max_length=20)
    sent_at = models.DateTimeField()
    item_refs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period_key"], name="sent_reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_key} to {self.user}"
