"""Reviews -> what the templates show: summary lists, tags, register rows, sort links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from casereviews.core.clocks import (
    TIMELINESS_COLOURS,
    TIMELINESS_LABELS,
    ClockState,
    Timeliness,
    publication_target,
    referral_clocks,
    timeliness_of,
)
from casereviews.core.presenters import format_age, format_date
from casereviews.reviews.models import MILESTONES, PLANNED_MILESTONES, Delay, Review

NOT_RECORDED = "Not recorded"

# The order timeliness sorts in: what needs attention first.
TIMELINESS_ORDER = [
    Timeliness.OVERDUE,
    Timeliness.AT_RISK,
    Timeliness.ON_TRACK,
    Timeliness.NOT_STARTED,
    Timeliness.PUBLISHED_LATE,
    Timeliness.PUBLISHED_ON_TIME,
]


def review_age(review: Review) -> str:
    return format_age(
        review.age_years, review.age_months, review.age_weeks, various=review.age_various
    )


def _row(key: str, value: str) -> dict[str, Any]:
    return {"key": {"text": key}, "value": {"text": value or NOT_RECORDED}}


def timeliness(review: Review, today: dt.date) -> dict[str, Any]:
    state = timeliness_of(review, today)
    return {
        "state": state.value,
        "label": TIMELINESS_LABELS[state],
        "colour": TIMELINESS_COLOURS[state],
        "target": publication_target(review.initiated_on),
    }


def referral_href(review: Review) -> str | None:
    """The page of the referral the review came from, if it came from one."""
    if review.referral_id is None:
        return None
    return _referral_page(review.referral)


def summary_rows(review: Review, reviewers: list) -> list[dict[str, Any]]:
    return [
        _row("Ref", review.ref),
        _row("Type", review.get_review_type_display()),
        _row("Methodology", review.get_methodology_display() if review.methodology else ""),
        _row("Summary", review.summary),
        _row("Location", review.location),
        _row("Gender", review.get_gender_display() if review.gender else ""),
        _row("Age", review_age(review)),
        _row("Lead reviewer", str(review.lead_reviewer) if review.lead_reviewer else ""),
        _row("Assigned reviewers", ", ".join(str(u) for u in reviewers) or "None assigned"),
        _row(
            "Status",
            review.get_status_display() + (f": {review.status_note}" if review.status_note else ""),
        ),
        _row("Publication handled by", review.get_publication_handling_display()),
        _row("Family involvement", review.family_involvement),
    ]


def milestone_rows(review: Review) -> list[dict[str, Any]]:
    planned_of = {actual: planned for planned, actual in PLANNED_MILESTONES}
    rows = []
    for name, label in MILESTONES:
        text = format_date(getattr(review, name))
        planned = getattr(review, planned_of[name]) if name in planned_of else None
        if planned is not None:
            text = f"{text or 'Not yet'} (planned {format_date(planned)})"
        rows.append(_row(label, text))
    target = format_date(publication_target(review.initiated_on), "Not set until initiated")
    rows.insert(2, _row("Target publication (6 months after initiation)", target))
    return rows


def delay_rows(delays: list[Delay]) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": format_date(d.noted_on)},
            {"text": d.get_reason_display()},
            {"text": d.detail or "None given"},
            {"text": str(d.recorded_by) if d.recorded_by else "Not known"},
        ]
        for d in delays
    ]


def register_row(review: Review, today: dt.date) -> dict[str, Any]:
    return {
        "id": review.pk,
        "ref": review.ref,
        "href": reverse("reviews:detail", args=[review.pk]),
        "summary": review.summary,
        "gender": review.get_gender_display() if review.gender else NOT_RECORDED,
        "age": review_age(review),
        "type": review.get_review_type_display(),
        "status": review.get_status_display(),
        "initiated": review.initiated_on,
        "location": review.location,
        "timeliness": timeliness(review, today),
    }


def saved_values(review: Review, reviewers: list) -> list[dict[str, Any]]:
    """The review as now saved: shown beside the form when someone else saved first."""
    return summary_rows(review, reviewers) + milestone_rows(review)


# --- the dashboard -------------------------------------------------------------------------

ATTENTION_WORKING_DAYS = 5


def _referral_page(referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def clocks_needing_attention(referrals, today: dt.date) -> list[dict[str, Any]]:
    """Referral clocks due within the next 5 working days, or missed and still not done."""
    items = []
    for referral in referrals:
        # referrals_with_open_clocks says whether the decision stopped the rapid review
        held = getattr(referral, "rapid_review_held", False)
        for clock in referral_clocks(referral, today, rapid_review_held=held):
            due_soon = clock.state is ClockState.DUE and (clock.days_left or 0) <= (
                ATTENTION_WORKING_DAYS
            )
            missed = clock.state is ClockState.MISSED and clock.done is None
            if due_soon or missed:
                items.append(
                    {
                        "referral": str(referral),
                        "href": _referral_page(referral),
                        "clock": clock.name,
                        "label": clock.label,
                        "colour": clock.tag_colour,
                        "due": clock.due,
                        "missed": missed,
                    }
                )
    return sorted(items, key=lambda i: (not i["missed"], i["due"]))


def reviews_needing_attention(reviews, today: dt.date) -> list[dict[str, Any]]:
    """The rows of the reviews at risk or overdue, in the order given: pass
    reviews.selectors.needing_attention, which chooses and orders them in the database."""
    return [register_row(r, today) for r in reviews]
