"""Reviews and referrals -> what the briefing paper and the exports show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from casereviews.core.clocks import (
    TIMELINESS_LABELS,
    publication_target,
    referral_clocks,
    timeliness_of,
)
from casereviews.core.presenters import format_date
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import MILESTONES, Delay, Review
from casereviews.reviews.presenters import review_age

# The briefing paper's groups, in the order of seed 002's tables.
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("Serious case reviews and local child safeguarding practice reviews", ("scr",)),
    ("Thematic learning reviews", ("thematic",)),
    ("Case mapping exercises", ("case_mapping",)),
    ("Single agency reviews", ("single_agency",)),
]
MILESTONE_FIELDS = [name for name, _label in MILESTONES]


def latest_milestone(review: Review) -> tuple[str, dt.date] | None:
    """The furthest milestone the review has reached: (label, date)."""
    for name, label in reversed(MILESTONES):
        value = getattr(review, name)
        if value is not None:
            return label, value
    return None


def latest_delay(review: Review) -> Delay | None:
    delays = list(review.delays.all())  # prefetched, oldest first
    return delays[-1] if delays else None


def target_publication(review: Review, today: dt.date) -> dict[str, Any]:
    due = publication_target(review.initiated_on)
    state = timeliness_of(review, today)
    return {"due": due.isoformat() if due else None, "state": state.value}


def status_text(review: Review) -> str:
    """'Underway. Initiated 5 February 2017. SCR agreed and initiated'; the status said once
    ('Completed 16 February 2017', not 'Completed. Completed 16 February 2017'; not
    'Published' before a note that says 'Published 26 January 2017')."""
    status = review.get_status_display()
    milestone = latest_milestone(review)
    said = status.lower() in review.status_note.lower()
    parts = []
    if milestone and format_date(milestone[1]) not in review.status_note:
        said = said or milestone[0] == status
        parts.append(f"{milestone[0]} {format_date(milestone[1])}")
    if not said:
        parts.insert(0, status)
    if review.status_note:
        parts.append(review.status_note)
    return ". ".join(parts)


def timeliness_text(review: Review, today: dt.date) -> str:
    due = publication_target(review.initiated_on)
    state = timeliness_of(review, today)
    if due is None:
        return TIMELINESS_LABELS[state]
    return f"{format_date(due)}: {TIMELINESS_LABELS[state]}"


def delay_text(review: Review) -> str:
    delay = latest_delay(review)
    if delay is None:
        return "None recorded"
    return f"{delay.get_reason_display()} (noted {format_date(delay.noted_on)})"


def review_facts(review: Review) -> dict[str, str]:
    """Ref, Summary, Location, Gender and Age: the columns every table of reviews opens with
    (the briefing paper, the annual report)."""
    return {
        "ref": review.ref,
        "summary": review.summary,
        "location": review.location or "Not recorded",
        "gender": review.get_gender_display() if review.gender else "Not recorded",
        "age": review_age(review),
    }


def briefing_row(review: Review, today: dt.date) -> dict[str, str]:
    """One row of the briefing paper, the same in the page and the Word document."""
    return {
        **review_facts(review),
        "status": status_text(review),
        "timeliness": timeliness_text(review, today),
        "delay": delay_text(review),
    }


BRIEFING_COLUMNS = [
    ("ref", "Ref"),
    ("summary", "Summary"),
    ("location", "Location"),
    ("gender", "Gender"),
    ("age", "Age"),
    ("status", "Status"),
    ("timeliness", "Target publication and timeliness"),
    ("delay", "Latest delay"),
]


def briefing_groups(reviews, today: dt.date) -> list[dict[str, Any]]:
    """The reviews grouped as seed 002's tables; every group shown, even when empty."""
    reviews = list(reviews)
    return [
        {
            "title": title,
            "rows": [briefing_row(r, today) for r in reviews if r.review_type in types],
        }
        for title, types in GROUPS
    ]


# --- exports ------------------------------------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def review_record(review: Review, today: dt.date) -> dict[str, Any]:
    """A review as the JSON export writes it: snake_case field names, ISO 8601 dates."""
    delay = latest_delay(review)
    record: dict[str, Any] = {
        "id": review.pk,
        "ref": review.ref,
        "review_type": review.review_type,
        "methodology": review.methodology or None,
        "summary": review.summary,
        "location": review.location,
        "gender": review.gender or None,
        "age_years": review.age_years,
        "age_months": review.age_months,
        "age_weeks": review.age_weeks,
        "age_various": review.age_various,
        "age": review_age(review),
        "status": review.status,
        "status_note": review.status_note,
    }
    record.update({name: _iso(getattr(review, name)) for name in MILESTONE_FIELDS})
    record.update(
        {
            "target_publication": target_publication(review, today),
            "lead_reviewer": str(review.lead_reviewer) if review.lead_reviewer else None,
            "restricted": review.restricted,
            "referral_id": review.referral_id,
            "delays": len(review.delays.all()),
            "latest_delay_reason": delay.reason if delay else None,
            "latest_delay_on": _iso(delay.noted_on) if delay else None,
            "notes": review.notes,
        }
    )
    return record


def _decision_text(decision: Decision) -> str:
    return f"{decision.meeting_on.isoformat()} {decision.outcome}"


def referral_record(referral: Referral, today: dt.date) -> dict[str, Any]:
    notification, rapid_review = referral_clocks(referral, today)
    decisions = list(referral.decisions.all())  # prefetched, oldest first
    current = decisions[-1] if decisions else None
    reviews = list(referral.reviews.all())
    return {
        "id": referral.pk,
        "received_on": _iso(referral.received_on),
        "source_agency": referral.source_agency.name,
        "is_serious_incident_notification": referral.is_serious_incident_notification,
        "la_aware_on": _iso(referral.la_aware_on),
        "notified_on": _iso(referral.notified_on),
        "rapid_review_on": _iso(referral.rapid_review_on),
        "child_pseudonym": referral.child_pseudonym,
        "age_years": referral.age_years,
        "age_months": referral.age_months,
        "unborn": referral.unborn,
        "gender": referral.gender,
        "locality": referral.locality,
        "harm_category": referral.harm_category,
        "summary": referral.summary,
        "notification_due": notification.as_dict(),
        "rapid_review_due": rapid_review.as_dict(),
        "decision_outcome": current.outcome if current else None,
        "decision_meeting_on": _iso(current.meeting_on) if current else None,
        "decision_history": "; ".join(_decision_text(d) for d in decisions),
        "review_ref": ", ".join(r.ref for r in reviews) or None,
        "review_restricted": any(r.restricted for r in reviews),
        "notes": referral.notes,
    }
