"""What the events pages show: rows for the design system's tables and summary lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from markupsafe import escape

from casereviews.accounts.roles import Permission
from casereviews.core.presenters import format_date
from casereviews.core.reporting_year import ReportingYear
from casereviews.learning.themes import theme_name

from . import selectors
from .models import (
    FOLLOW_UP_DUE_DAYS,
    FOLLOW_UP_OVERDUE_DAYS,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    Stage,
)
from .reporting import Evaluation, EventSummary, EventsYear

STAGE_TITLES = {
    Stage.BASELINE: "Before the event: where you are now",
    Stage.FEEDBACK: "Your feedback on the event",
    Stage.FOLLOW_UP: "Follow-up: what has changed in practice",
}
THANKS = {
    Stage.BASELINE: "Thank you: your answers before the event have been saved",
    Stage.FEEDBACK: "Thank you for your feedback: it has been saved",
    Stage.FOLLOW_UP: "Thank you: the follow-up has been saved",
}


def when(event: Event) -> str:
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    text = f"{format_date(starts.date())}, {starts:%H:%M}"
    if ends.date() == starts.date():
        return f"{text} to {ends:%H:%M}"
    return f"{text} to {format_date(ends.date())}, {ends:%H:%M}"


def where(event: Event) -> str:
    if event.online and event.venue:
        return f"{event.venue} and online"
    return "Online" if event.online else event.venue


def list_row(event: Event, user) -> list[dict[str, Any]]:
    href = reverse("events:detail", args=[event.pk])
    return [
        {"html": f'<a class="govuk-link" href="{href}">{_e(event.title)}</a>'},
        {"text": EventKind(event.kind).label},
        {"text": when(event)},
        {"text": where(event)},
    ]


def _e(text: str) -> str:
    return str(escape(text))


def booking_status(booking: Booking | None) -> str:
    if booking is None or booking.status == BookingStatus.CANCELLED:
        return ""
    if booking.status == BookingStatus.WAITING:
        return "You are on the waiting list"
    return "You have a place"


def booked_message(booking: Booking, own: bool) -> str:
    who = "You have" if own else f"{booking.person.get_full_name() or booking.person} has"
    if booking.status == BookingStatus.WAITING:
        return (
            f"The event is full: {'you are' if own else who.replace(' has', ' is')} on the "
            "waiting list, and will get a place if someone cancels"
        )
    return f"{who} a place at {booking.event.title}"


def booking_row(booking: Booking) -> list[dict[str, Any]]:
    href = reverse("events:detail", args=[booking.event_id])
    return [
        {"html": f'<a class="govuk-link" href="{href}">{_e(booking.event.title)}</a>'},
        {"text": when(booking.event)},
        {"text": BookingStatus(booking.status).label},
    ]


def event_rows(event: Event, user) -> list[dict[str, Any]]:
    rows = [
        ("Kind", EventKind(event.kind).label),
        ("When", when(event)),
        ("Where", where(event)),
    ]
    if event.cancelled_at:
        rows.insert(0, ("Status", f"Cancelled on {format_date(event.cancelled_at.date())}"))
    if event.facilitator:
        rows.append(("Facilitator", event.facilitator))
    if event.audience:
        rows.append(("Who it is for", event.audience))
    if event.requested_by:
        rows.append(("Asked for by", event.requested_by.name))
    rows.append(("Places", str(event.capacity) if event.capacity else "No limit"))
    refs = []
    for review in event.reviews.all().order_by("ref"):
        if user.has_perm(Permission.VIEW_REVIEW, review):
            href = reverse("reviews:detail", args=[review.pk])
            refs.append(f'<a class="govuk-link" href="{href}">{_e(review.ref)}</a>')
        else:
            refs.append(_e(review.ref))
    result = [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]
    if refs:
        result.append({"key": {"text": "Reviews it draws on"}, "value": {"html": ", ".join(refs)}})
    if event.themes:
        result.append(
            {
                "key": {"text": "Themes"},
                "value": {"text": "; ".join(theme_name(t) for t in event.themes)},
            }
        )
    if event.description:
        result.append({"key": {"text": "About"}, "value": {"text": event.description}})
    return result


def todo(user, event: Event, booking, line) -> list[dict[str, str]]:
    """What the signed-in person can do next for this event (evaluation links)."""
    items = []
    now = timezone.now()
    booked = booking is not None and booking.status != BookingStatus.CANCELLED
    if (
        booked
        and event.starts_at > now
        and Stage.BASELINE not in selectors.answered(user, booking=booking)
    ):
        items.append(
            {
                "text": "Before the event: say where you are now (two questions)",
                "href": reverse("events:record_baseline", args=[event.pk]),
            }
        )
    if line is not None and line.attended:
        done = selectors.answered(user, attendance=line)
        if Stage.FEEDBACK not in done:
            items.append(
                {
                    "text": "Give your feedback on the event",
                    "href": reverse("events:record_feedback", args=[event.pk]),
                }
            )
        if Stage.FOLLOW_UP not in done and line.follow_up_due:
            items.append(
                {
                    "text": f"Follow-up with your manager, due {format_date(line.follow_up_due)}",
                    "href": reverse("events:record_follow_up", args=[line.pk]),
                }
            )
    return items


def booking_rows(bookings) -> list[dict[str, Any]]:
    """Places and the waiting list, in the order asked."""
    rows = []
    for booking in bookings:
        if booking.status == BookingStatus.CANCELLED:
            continue
        person = booking.person
        rows.append(
            {
                "id": booking.pk,
                "name": person.get_full_name() or person.username,
                "agency": person.agency.name if person.agency else "",
                "status": BookingStatus(booking.status).label,
                "manager": booking.manager.get_full_name() if booking.manager else "Not named",
                "on_register": hasattr(booking, "attendance"),
            }
        )
    return rows


def register_bookings(bookings) -> list[dict[str, Any]]:
    result = []
    for booking in bookings:
        if booking.status != BookingStatus.BOOKED:
            continue
        line = getattr(booking, "attendance", None)
        result.append(
            {
                "id": booking.pk,
                "name": booking.person.get_full_name() or booking.person.username,
                "agency": booking.person.agency.name if booking.person.agency else "",
                "value": "" if line is None else ("yes" if line.attended else "no"),
            }
        )
    return result


def register_lines(lines) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": line.name},
            {"text": line.agency.name},
            {"text": line.role or "Not recorded"},
            {"text": "Attended" if line.attended else "Did not attend"},
            {"text": line.get_source_display()},
        ]
        for line in lines
    ]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def confidence_sentence(ev: Evaluation) -> str:
    """Level 2 in a sentence: "Confidence rose from 2.0 to 4.0 out of 5 (3 answers before)"."""
    before, after = ev.confidence_before, ev.confidence_after
    answers = f" ({_n(ev.baseline_responses, 'answer')} before)"
    if before is None and after is None:
        return "No confidence ratings yet"
    if before is None:
        return f"Confidence straight after {after:.1f} out of 5; none given before"
    if after is None:
        return f"Confidence before {before:.1f} out of 5{answers}; none yet straight after"
    if after > before:
        change = f"rose from {before:.1f} to {after:.1f} out of 5"
    elif after < before:
        change = f"fell from {before:.1f} to {after:.1f} out of 5"
    else:
        change = f"stayed at {before:.1f} out of 5"
    return f"Confidence {change}{answers}"


def practice_changed(ev: Evaluation) -> str:
    """Level 3's answers: "practice changed for 4, partly for 2, not yet for 0"."""
    counts = dict(ev.practice_changed)
    parts = [f"{label.lower()} for {counts[label]}" for label in counts]
    return "practice changed " + ", ".join(parts).removeprefix("yes ") if parts else ""


def evaluation_rows(ev: Evaluation, results: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The four levels in sentences. `results`: what the apps above events add to level 4
    (events.results: the case audits on the events' themes since)."""
    actions = (
        f"{ev.actions_complete} of {_n(ev.actions_linked, 'linked plan action')} complete"
        if ev.actions_linked
        else "No plan actions linked"
    )
    level4 = ". ".join([actions, *results])
    reaction = (
        f"{_n(ev.feedback_responses, 'feedback form')}: usefulness "
        f"{ev.reaction_average:.1f} out of 5; {ev.reaction_good} rated it 4 or 5"
        if ev.feedback_responses and ev.reaction_average is not None
        else "No feedback forms yet"
    )
    learned = (
        f"{ev.learned_answers} said what they learned"
        if ev.learned_answers
        else "nobody has said what they learned yet"
    )
    rows = [
        ("Level 1, reaction", reaction),
        ("Level 2, learning", f"{confidence_sentence(ev)}; {learned}"),
        (
            "Level 3, behaviour",
            f"{ev.follow_ups_answered} of {_n(ev.follow_ups_due, 'follow-up')} due answered"
            + (f"; {practice_changed(ev)}" if ev.follow_ups_answered else "")
            if ev.follow_ups_due
            else "No follow-ups due yet (six weeks after the event)",
        ),
        ("Level 4, results", level4),
    ]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def count_rows(pairs) -> list[list[dict[str, str]]]:
    return [[{"text": a}, {"text": str(n), "format": "numeric"}] for a, n in pairs]


def figures(summary: EventSummary, results: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "summary": summary,
        "evaluation": evaluation_rows(summary.evaluation, results),
        "by_agency": count_rows(summary.attendance_by_agency),
        "by_role": [
            [{"text": a}, {"text": str(n), "format": "numeric"}]
            for a, n in summary.attendance_by_role
        ],
        "over_capacity": summary.over_capacity,
    }


def figures_of_year(summary: EventsYear, results: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "kinds": [
            [
                {"text": t.label},
                {"text": str(t.events), "format": "numeric"},
                {"text": str(t.attended), "format": "numeric"},
                {
                    "text": "" if t.average_attendance is None else f"{t.average_attendance:.0f}",
                    "format": "numeric",
                },
            ]
            for t in summary.totals_by_kind
        ],
        "by_agency": count_rows(summary.attendance_by_agency),
        "themes": [
            [
                {"text": t.name},
                {"text": str(t.events), "format": "numeric"},
                {"text": str(t.attended), "format": "numeric"},
            ]
            for t in summary.themes_covered
        ],
        "evaluation": evaluation_rows(summary.evaluation, results),
        "events": [
            [
                {
                    "html": '<a class="govuk-link" href="{}">{}</a>'.format(
                        reverse("events:detail", args=[s.id]), _e(s.title)
                    )
                },
                {"text": s.kind_label},
                {"text": format_date(timezone.localtime(s.starts_at).date())},
                {"text": ", ".join(s.review_refs)},
                {"text": "Cancelled" if s.cancelled else str(s.attended), "format": "numeric"},
            ]
            for s in summary.events
        ],
    }


def year_links(chosen: ReportingYear, current: ReportingYear) -> list[dict[str, Any]]:
    """The last twelve reporting years, newest first, the chosen one marked."""
    years = [ReportingYear(first) for first in range(current.first - 11, current.first + 1)]
    return [
        {"label": y.label, "href": f"?year={y.label}", "current": y == chosen}
        for y in reversed(years)
    ]


def follow_up_state(line, today: dt.date) -> str:
    if today > line.follow_up_due + dt.timedelta(days=FOLLOW_UP_OVERDUE_DAYS - FOLLOW_UP_DUE_DAYS):
        return "Overdue"
    if today >= line.follow_up_due:
        return "Due"
    return "Due soon"
