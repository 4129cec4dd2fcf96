"""What a year of events and training adds up to, as plain data (no rendering).

`year_summary(partnership, start, end)` is what the annual report (issue 10) shows of events;
the events pages use the same figures (`event_summary`, `evaluation_of`), so the page and the
report never disagree.

The evaluation follows the Kirkpatrick levels (docs/adr/0029):
- level 1, reaction: the feedback straight after, "how useful was it" from 1 to 5;
- level 2, learning: confidence on the subject from 1 to 5, before (the baseline) and straight
  after, and what people wrote they learned;
- level 3, behaviour: the follow-up six to eight weeks later with the manager: did practice
  change (yes, partly, not yet), of the follow-ups due;
- level 4, results: the actions of the plan the events serve, and how many are complete.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from casereviews.actions.models import COMPLETE
from casereviews.core.scoping import in_reach
from casereviews.learning.themes import theme_name

from .models import (
    TEACHING_KINDS,
    BookingStatus,
    Event,
    EventKind,
    PracticeChanged,
    Stage,
)

QUOTES_PER_EVENT = 3


@dataclass(frozen=True)
class Evaluation:
    """Evaluation figures for one event or a whole year, by Kirkpatrick level."""

    # Level 1
    feedback_responses: int
    reaction_average: float | None  # 1-5, one decimal place
    reaction_good: int  # rated 4 or 5
    # Level 2
    baseline_responses: int
    confidence_before: float | None
    confidence_after: float | None
    learned_answers: int
    # Level 3
    follow_ups_due: int  # attendees with a follow-up date on or before the day of the figures
    follow_ups_answered: int
    practice_changed: tuple[tuple[str, int], ...]  # ((label, count)...) yes, partly, not yet
    # Level 4
    actions_linked: int
    actions_complete: int


@dataclass(frozen=True)
class Quote:
    text: str
    agency: str  # the agency's name, or "" when not known
    stage: str  # Stage value: feedback or follow_up
    event_title: str


@dataclass(frozen=True)
class EventSummary:
    id: int
    kind: str  # EventKind value
    kind_label: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    cancelled: bool
    venue: str
    online: bool
    facilitator: str
    review_refs: tuple[str, ...]
    themes: tuple[tuple[str, str], ...]  # (theme id, name)
    requested_by: str
    capacity: int | None
    booked: int
    waiting: int
    attended: int
    no_shows: int
    over_capacity: bool
    attendance_by_agency: tuple[tuple[str, int], ...]  # (agency name, attended), most first
    attendance_by_role: tuple[tuple[str, int], ...]
    evaluation: Evaluation
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class KindTotal:
    kind: str
    label: str
    events: int
    attended: int
    average_attendance: float | None


@dataclass(frozen=True)
class ThemeCovered:
    theme_id: str
    name: str
    events: int
    attended: int


@dataclass(frozen=True)
class EventsYear:
    """Every event of a partnership that starts between `start` and `end` (inclusive dates),
    with totals by kind, attendance by agency, the evaluation of the whole year and the themes
    covered by training (every kind but the learning event within a review). Cancelled events
    are listed (marked) but count in no total."""

    partnership: str
    start: dt.date
    end: dt.date
    events: tuple[EventSummary, ...]
    totals_by_kind: tuple[KindTotal, ...]
    attended: int
    attendance_by_agency: tuple[tuple[str, int], ...]
    evaluation: Evaluation
    themes_covered: tuple[ThemeCovered, ...]
    quotes: tuple[Quote, ...]


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def evaluation_of(events: Iterable[Event], today: dt.date | None = None) -> Evaluation:
    """The evaluation figures of some events (their responses, register and actions prefetched
    by `with_figures`, or not)."""
    today = today or timezone.localdate()
    reactions: list[int] = []
    before: list[int] = []
    after: list[int] = []
    feedback = baseline = learned = due = answered = 0
    changed: Counter[str] = Counter()
    action_ids: set[int] = set()
    complete: set[int] = set()
    for event in events:
        for response in event.responses.all():
            if response.stage == Stage.FEEDBACK:
                feedback += 1
                if response.rating:
                    reactions.append(response.rating)
                if response.confidence:
                    after.append(response.confidence)
                learned += bool(response.learned)
            elif response.stage == Stage.BASELINE:
                baseline += 1
                if response.confidence:
                    before.append(response.confidence)
            elif response.stage == Stage.FOLLOW_UP:
                answered += 1
                changed[response.practice_changed] += 1
        due += sum(
            1
            for line in event.register.all()
            if line.attended and line.follow_up_due and line.follow_up_due <= today
        )
        for action in event.actions.all():
            action_ids.add(action.pk)
            if action.status in COMPLETE:
                complete.add(action.pk)
    return Evaluation(
        feedback_responses=feedback,
        reaction_average=_average(reactions),
        reaction_good=sum(1 for r in reactions if r >= 4),
        baseline_responses=baseline,
        confidence_before=_average(before),
        confidence_after=_average(after),
        learned_answers=learned,
        follow_ups_due=max(due, answered),
        follow_ups_answered=answered,
        practice_changed=tuple((c.label, changed[c.value]) for c in PracticeChanged),
        actions_linked=len(action_ids),
        actions_complete=len(complete),
    )


def _quotes(event: Event, limit: int = QUOTES_PER_EVENT) -> tuple[Quote, ...]:
    found = [
        Quote(r.quote, r.agency.name if r.agency else "", r.stage, event.title)
        for r in event.responses.all()
        if r.quote and r.may_quote and r.stage in (Stage.FEEDBACK, Stage.FOLLOW_UP)
    ]
    return tuple(found[:limit])


def _counted(pairs: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(pairs)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def event_summary(event: Event, today: dt.date | None = None) -> EventSummary:
    bookings = list(event.bookings.all())
    present = [line for line in event.register.all() if line.attended]
    attended = len(present)
    return EventSummary(
        id=event.pk,
        kind=event.kind,
        kind_label=EventKind(event.kind).label,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        cancelled=event.cancelled_at is not None,
        venue=event.venue,
        online=event.online,
        facilitator=event.facilitator,
        review_refs=tuple(sorted(r.ref for r in event.reviews.all())),
        themes=tuple((t, theme_name(t)) for t in event.themes),
        requested_by=event.requested_by.name if event.requested_by else "",
        capacity=event.capacity,
        booked=sum(1 for b in bookings if b.status == BookingStatus.BOOKED),
        waiting=sum(1 for b in bookings if b.status == BookingStatus.WAITING),
        attended=attended,
        no_shows=sum(1 for line in event.register.all() if not line.attended),
        over_capacity=event.capacity is not None and attended > event.capacity,
        attendance_by_agency=_counted(line.agency.name for line in present),
        attendance_by_role=_counted(line.role or "Not recorded" for line in present),
        evaluation=evaluation_of([event], today),
        quotes=_quotes(event),
    )


def with_figures(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("requested_by").prefetch_related(
        "reviews",
        "actions",
        "bookings",
        "register__agency",
        "responses__agency",
    )


def _in_period(queryset: QuerySet[Event], start: dt.date, end: dt.date) -> QuerySet[Event]:
    return queryset.filter(starts_at__date__gte=start, starts_at__date__lte=end).order_by(
        "starts_at", "id"
    )


def year_summary(
    partnership, start: dt.date, end: dt.date, *, user=None, today: dt.date | None = None
) -> EventsYear:
    """The events of `partnership` starting from `start` to `end` (a reporting year runs
    1 April to 31 March). With `user`, only the events the user may reach (an event of a
    restricted review: its members)."""
    queryset = Event.objects.filter(partnership=partnership)
    if user is not None:
        queryset = in_reach(queryset, user)
    events = list(with_figures(_in_period(queryset, start, end)))
    summaries = tuple(event_summary(e, today) for e in events)
    held = [e for e in events if e.cancelled_at is None]
    held_summaries = [s for s in summaries if not s.cancelled]
    totals = []
    for kind in EventKind:
        of_kind = [s for s in held_summaries if s.kind == kind]
        if of_kind:
            counts = [s.attended for s in of_kind if s.attended]
            totals.append(
                KindTotal(
                    kind.value,
                    kind.label,
                    len(of_kind),
                    sum(s.attended for s in of_kind),
                    _average(counts),
                )
            )
    themes: dict[str, list[EventSummary]] = {}
    for summary in held_summaries:
        if summary.kind in TEACHING_KINDS:
            for theme_id, _name in summary.themes:
                themes.setdefault(theme_id, []).append(summary)
    by_agency: Counter[str] = Counter()
    for summary in held_summaries:
        for agency, count in summary.attendance_by_agency:
            by_agency[agency] += count
    return EventsYear(
        partnership=str(partnership),
        start=start,
        end=end,
        events=summaries,
        totals_by_kind=tuple(totals),
        attended=sum(s.attended for s in held_summaries),
        attendance_by_agency=tuple(sorted(by_agency.items(), key=lambda i: (-i[1], i[0]))),
        evaluation=evaluation_of(held, today),
        themes_covered=tuple(
            sorted(
                (
                    ThemeCovered(t, theme_name(t), len(s), sum(x.attended for x in s))
                    for t, s in themes.items()
                ),
                key=lambda c: (-c.events, c.name),
            )
        ),
        quotes=tuple(q for s in held_summaries for q in s.quotes),
    )
