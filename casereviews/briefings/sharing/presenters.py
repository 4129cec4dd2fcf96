"""Dissemination -> what the pages show: records, feedback quotes, the tracker's rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from casereviews.briefings.models import Briefing, Dissemination, ShareMethod
from casereviews.briefings.sharing.selectors import SharingStatus
from casereviews.core.presenters import format_date


def briefing_href(briefing: Briefing) -> str:
    """The briefing's own page."""
    return reverse("briefings:detail", args=[briefing.pk])


def method_text(record: Dissemination) -> str:
    if record.method == ShareMethod.OTHER and record.method_other:
        return f"Other: {record.method_other}"
    return record.get_method_display()


def days_text(days: int) -> str:
    """How long ago: "today", "1 day ago", "29 days ago"."""
    if days <= 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days:,} days ago"


def days_since(briefing: Briefing, today: dt.date) -> int:
    return (today - briefing.published_on).days if briefing.published_on else 0


def record_rows(records: list[Dissemination]) -> list[list[dict[str, Any]]]:
    """govukTable rows: agency, how, when, staff reached."""
    return [
        [
            {"text": r.agency.name},
            {"text": method_text(r)},
            {"text": format_date(r.shared_on)},
            {"text": f"{r.staff_reached:,}", "format": "numeric"},
        ]
        for r in records
    ]


def quotes(records: list[Dissemination]) -> list[dict[str, str]]:
    """The feedback given, each with who said it: the agency and how it was shared."""
    return [
        {
            "text": r.feedback,
            "agency": r.agency.name,
            "context": f"{method_text(r)}, {format_date(r.shared_on)}",
        }
        for r in records
        if r.feedback
    ]


def summary(status: SharingStatus, today: dt.date) -> dict[str, Any]:
    briefing = status.briefing
    days = days_since(briefing, today)
    return {
        "confirmed": f"{len(status.confirmed)} of {status.expected}",
        "confirmed_count": len(status.confirmed),
        "expected": status.expected,
        "staff": f"{status.staff_reached:,}",
        "days": days,
        "days_text": days_text(days),
        "published": format_date(briefing.published_on),
        "outstanding": [a.name for a in status.outstanding],
        "complete": not status.outstanding,
    }


def tracker_rows(statuses: list[SharingStatus], today: dt.date) -> list[dict[str, Any]]:
    """One row per published briefing of the page, in the page's order (the database sorts:
    briefings.sharing.selectors.TRACKER_SORTS)."""
    rows = []
    for status in statuses:
        row = summary(status, today)
        row.update(
            {
                "title": status.briefing.title,
                "ref": status.briefing.review.ref,
                "kind": status.briefing.get_kind_display(),
                "href": reverse("sharing:briefing", args=[status.briefing.pk]),
                "record_href": reverse("sharing:record", args=[status.briefing.pk]),
            }
        )
        rows.append(row)
    return rows
