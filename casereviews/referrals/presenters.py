"""Referrals and decisions as the templates show them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from casereviews.core.clocks import Clock, referral_clocks
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from casereviews.core.presenters import format_age, format_date, lines_html, yes_no
from casereviews.core.presenters import stale_message as core_stale_message
from casereviews.referrals.models import Decision, Referral
from casereviews.referrals.selectors import latest_decision, review_of
from casereviews.reviews.models import DecisionOutcome, Review

# First words of a pseudonym, not a name: "Child A", "Baby T", "Sibling 2".
PSEUDONYM_WORDS = {
    "baby",
    "boy",
    "child",
    "children",
    "family",
    "girl",
    "infant",
    "person",
    "sibling",
    "siblings",
    "twin",
    "twins",
    "unborn",
    "young",
}


def looks_like_real_name(text: str) -> bool:
    """True for text shaped like a full name ("Jane Smith"), which a pseudonym should not be."""
    words = (text or "").split()
    if len(words) < 2 or words[0].lower() in PSEUDONYM_WORDS:
        return False
    return all(
        len(w) > 1 and w[0].isupper() and w.replace("-", "").replace("'", "").isalpha()
        for w in words
    )


def clock_tag(clock: Clock) -> dict[str, str]:
    """govukTag params: the words say the state, so colour is never the only signal."""
    return {"text": clock.label, "classes": f"govuk-tag--{clock.tag_colour}"}


def held_undated(referral: Referral) -> bool:
    """The decision in force says a rapid review was held; its date is not recorded."""
    decision = latest_decision(referral)
    return decision is not None and decision.rapid_review and referral.rapid_review_on is None


def rapid_review_tag(clock: Clock, referral: Referral) -> dict[str, str]:
    """The rapid review clock's tag, agreeing with the decision: when the sub-group recorded
    that a rapid review was held but the date it was completed is not recorded, the clock says
    so (not "Not started" or "Missed" beside "Rapid review held: yes")."""
    if held_undated(referral):
        return {"text": "Held: date completed not recorded", "classes": "govuk-tag--yellow"}
    return clock_tag(clock)


def age_text(referral: Referral) -> str:
    return format_age(referral.age_years, referral.age_months, unborn=referral.unborn)


def review_href(review: Review | None) -> str | None:
    return reverse("reviews:detail", args=[review.pk]) if review is not None else None


def referral_row(referral: Referral, today: dt.date) -> dict[str, Any]:
    """One row of the referral list."""
    notification, rapid_review = referral_clocks(referral, today)
    decision = latest_decision(referral)
    return {
        "href": reverse("referrals:detail", args=[referral.pk]),
        "received": format_date(referral.received_on),
        "pseudonym": referral.child_pseudonym,
        "gender": referral.get_gender_display(),
        "age": age_text(referral),
        "agency": referral.source_agency.name,
        "sin": yes_no(referral.is_serious_incident_notification),
        "notification": clock_tag(notification),
        "rapid_review": rapid_review_tag(rapid_review, referral),
        "decision": decision.get_outcome_display() if decision else "Not yet decided",
    }


def outcome_count_rows(counts: dict[str, int]) -> list[dict[str, Any]]:
    """The counts by outcome, in the order of seed 002's table, with the total last."""
    rows = [
        {"outcome": DecisionOutcome(key).label, "key": key, "count": count}
        for key, count in counts.items()
    ]
    rows.append({"outcome": "Total", "key": "", "count": sum(counts.values())})
    return rows


def summary_rows(referral: Referral) -> list[dict[str, Any]]:
    """govukSummaryList rows: everything recorded about the referral."""
    pairs = [
        ("Date received", format_date(referral.received_on)),
        ("Source agency", referral.source_agency.name),
        ("Serious Incident Notification", yes_no(referral.is_serious_incident_notification)),
        ("Date the local authority became aware", format_date(referral.la_aware_on)),
        ("Date the notification was made", format_date(referral.notified_on)),
        ("Date the rapid review was completed", format_date(referral.rapid_review_on)),
        ("Child's pseudonym", referral.child_pseudonym),
        ("Age", age_text(referral)),
        ("Gender", referral.get_gender_display()),
        ("Locality", referral.locality),
        ("Category of harm", referral.get_harm_category_display()),
        ("Summary", referral.summary),
    ]
    if referral.notes:
        pairs.append(("Notes", referral.notes))
    # Free text keeps the line breaks it was typed or pasted with (bullets pasted from Word).
    free_text = {"Summary", "Notes"}
    return [
        {
            "key": {"text": key},
            "value": {"html": lines_html(value)} if key in free_text else {"text": value},
        }
        for key, value in pairs
    ]


def clock_rows(referral: Referral, today: dt.date) -> list[dict[str, Any]]:
    """The two statutory clocks, each with what starts it and its state."""
    notification, rapid_review = referral_clocks(referral, today)
    return [
        {
            "name": "Notification",
            "rule": "5 working days after the local authority became aware",
            "start": format_date(notification.start),
            "due": format_date(notification.due, empty="Not started"),
            "tag": clock_tag(notification),
        },
        {
            "name": "Rapid review",
            "rule": "15 working days after the notification was made",
            "start": format_date(rapid_review.start),
            "due": format_date(
                rapid_review.due, empty="Not counted" if held_undated(referral) else "Not started"
            ),
            "tag": rapid_review_tag(rapid_review, referral),
        },
    ]


def decision_history(referral: Referral) -> list[dict[str, Any]]:
    """Every decision, oldest first; a conversion says what it replaced."""
    decisions: list[Decision] = sorted(referral.decisions.all(), key=lambda d: (d.meeting_on, d.id))
    current = decisions[-1] if decisions else None
    by_id = {d.pk: d for d in decisions}
    history = []
    for decision in decisions:
        replaced = by_id.get(decision.supersedes_id)
        history.append(
            {
                "outcome": decision.get_outcome_display(),
                "meeting": format_date(decision.meeting_on),
                "rapid_review": yes_no(decision.rapid_review),
                "rationale": decision.rationale,
                "current": decision is current,
                "converted_from": replaced.get_outcome_display() if replaced else None,
                "converted_from_date": format_date(replaced.meeting_on) if replaced else None,
            }
        )
    return history


def review_summary(referral: Referral) -> dict[str, Any] | None:
    review = review_of(referral)
    if review is None:
        return None
    return {
        "ref": review.ref,
        "type": review.get_review_type_display(),
        "status": review.get_status_display(),
        "href": review_href(review),
    }


def stale_message(error: StaleRecordError, change: AuditLog | None) -> str:
    """Why the save was refused: who changed the referral, and when, if the log says."""
    return core_stale_message(
        "This referral",
        change and change.actor_name,
        change and change.at,
        "Your changes are still in the form below. Check the current saved values, then save "
        "again to replace them.",
    )


def stale_decision_message(change: AuditLog | None) -> str:
    """Why a decision was refused: a decision was recorded, or the referral changed, since."""
    return core_stale_message(
        "This referral",
        change and change.actor_name,
        change and change.at,
        "Your decision is still in the form below. Read the decisions so far, then record it "
        "again if it is still right.",
    )
