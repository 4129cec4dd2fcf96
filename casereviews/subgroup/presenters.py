"""The sub-group's records -> what its pages show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.urls import reverse

from casereviews.actions.models import OPEN_STATUSES
from casereviews.subgroup.models import Item, ItemKind, Meeting


def meeting_row(meeting: Meeting) -> dict[str, Any]:
    attendance = list(meeting.attendance.all())
    return {
        "href": reverse("subgroup:meeting", args=[meeting.pk]),
        "held_on": meeting.held_on,
        "status": meeting.get_status_display(),
        "agencies": len(attendance),
        "attendees": sum(a.attendees for a in attendance),
    }


def attendance_by_agency(meetings: list[Meeting]) -> list[dict[str, Any]]:
    """Of the meetings held, how many each agency came to."""
    held = [m for m in meetings if m.status == "held"]
    counts: Counter = Counter()
    for meeting in held:
        for row in meeting.attendance.all():
            counts[row.agency.name] += 1
    return [{"agency": name, "meetings": n, "of": len(held)} for name, n in sorted(counts.items())]


def item_rows(items: list[Item]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        if item.kind == ItemKind.REFERRAL and item.referral:
            subject = str(item.referral)
            href = reverse("referrals:detail", args=[item.referral_id])
        elif item.kind == ItemKind.REVIEW and item.review:
            subject = str(item.review)
            href = reverse("reviews:detail", args=[item.review_id])
        else:
            subject, href = item.get_kind_display(), None
        rows.append(
            {"kind": item.get_kind_display(), "subject": subject, "href": href, "note": item.note}
        )
    return rows


def priority_block(priority, today: dt.date) -> dict[str, Any]:
    actions = list(priority.actions.all())
    return {
        "number": priority.number,
        "text": priority.text,
        "actions": [
            {
                "href": reverse("actions:detail", args=[a.pk]),
                "description": a.description,
                "agency": a.agency.name,
                "due_on": a.due_on,
                "status": a.get_status_display(),
                "overdue": a.status in OPEN_STATUSES and a.due_on < today,
            }
            for a in actions
        ],
    }
