"""Reads of the audit log: only the user's partnership's entries, newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from casereviews.accounts.models import User
from casereviews.core.models import AuditLog
from casereviews.core.scoping import in_partnership


def audit_entries(user, action: str | None = None, actor_id: int | None = None) -> QuerySet:
    queryset = in_partnership(AuditLog.objects.all(), user).order_by("-at", "-id")
    if action:
        queryset = queryset.filter(action=action)
    if actor_id:
        queryset = queryset.filter(actor_id=actor_id)
    return queryset


def audit_people(user) -> QuerySet[User]:
    """The partnership's people, to filter the log by who did something."""
    return in_partnership(User.objects.all(), user).order_by("last_name", "first_name", "username")
