"""Writes of reminders: a person's choices, and the sending of digests and escalations.

Sending is idempotent per period: a reminder is recorded (SentReminder) only after the SMTP
server accepted it, and the unique (user, kind, period) means a second run in the same period
sends nothing. A failed send records nothing, so the next run tries again. Every send is
audited with the kind, the period and how many items; the items' Refs are kept on the record,
never a child's details.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from casereviews.core import audit
from casereviews.core.models import AuditAction

from . import presenters, selectors
from .models import ReminderKind, ReminderPreference, SentReminder

log = logging.getLogger(__name__)

COMMAND = audit.command_actor("reminders send")


def period_key(kind: str, today: dt.date) -> str:
    """The period a reminder belongs to: the ISO week, the day, or the fortnight (pairs of ISO
    weeks, so a weekly scheduler sends the escalation every other week)."""
    year, week, _ = today.isocalendar()
    if kind == ReminderKind.WEEKLY:
        return f"{year}-W{week:02d}"
    if kind == ReminderKind.DAILY:
        return today.isoformat()
    return f"{year}-F{(week + 1) // 2:02d}"


@transaction.atomic
def set_preferences(actor, user, *, weekly: bool, daily: bool) -> ReminderPreference:
    preference = selectors.preference_of(user)
    before = audit.snapshot(preference) if preference.pk else None
    preference.weekly, preference.daily = weekly, daily
    preference.save()
    if before is None:
        audit.record_create(actor, preference)
    else:
        audit.record_update(actor, preference, before)
    return preference


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)  # "weekly agency.lead"
    skipped: int = 0  # nothing due, or already sent this period
    failed: list[str] = field(default_factory=list)


def _send(user, message: dict[str, str]) -> None:
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    email.attach_alternative(message["html"], "text/html")
    email.send(fail_silently=False)


@transaction.atomic
def _record_sent(user, kind: str, period: str, refs: list[dict[str, str]]) -> SentReminder:
    sent = SentReminder.objects.create(
        user=user, kind=kind, period_key=period, sent_at=timezone.now(), item_refs=refs
    )
    audit.record(
        COMMAND,
        AuditAction.CREATE,
        sent,
        partnership=user.partnership,
        changes={"kind": kind, "period": period, "items": len(refs), "to": user.username},
    )
    return sent


def _compose(user, kind: str, today: dt.date) -> tuple[dict[str, str], list[dict]] | None:
    if kind == ReminderKind.ESCALATION:
        report = selectors.escalation_for(user, today)
        actions = report["overdue"] + report["stale"]
        if not actions:
            return None
        refs = [{"key": f"action:{a.pk}", "ref": f"action {a.pk}"} for a in actions]
        return presenters.escalation_email(report, today), refs
    items = selectors.due_for(user, today)
    if not items:
        return None
    refs = [{"key": i.key, "ref": i.ref} for i in items]
    return presenters.digest_email(user, kind, items), refs


def send_reminders(kind: str, today: dt.date) -> SendResult:
    """Send one kind of reminder to everyone who takes it and has something in it."""
    result = SendResult()
    period = period_key(kind, today)
    for user in selectors.recipients(kind):
        if selectors.already_sent(user, kind, period):
            result.skipped += 1
            continue
        composed = _compose(user, kind, today)
        if composed is None:
            result.skipped += 1
            continue
        message, refs = composed
        try:
            _send(user, message)
        except Exception as exc:  # noqa: BLE001 - any failure: no record, retried next run
            log.warning("Reminder %s %s to %s not sent: %s", kind, period, user.username, exc)
            result.failed.append(f"{kind} {user.username}: {exc}")
            continue
        try:
            _record_sent(user, kind, period, refs)
        except IntegrityError:  # another run sent it at the same moment
            result.skipped += 1
            continue
        result.sent.append(f"{kind} {user.username}")
    return result
