"""Statutory clocks and review timeliness, computed from dates (never stored)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from casereviews.core.presenters import format_date
from casereviews.core.workdays import add_working_days, working_days_between

NOTIFICATION_WORKING_DAYS = 5
RAPID_REVIEW_WORKING_DAYS = 15
PUBLICATION_MONTHS = 6
AT_RISK_DAYS = 28


class ClockState(StrEnum):
    NOT_STARTED = "not_started"
    DUE = "due"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class Clock:
    """A deadline counted in working days from a start date."""

    name: str
    start: dt.date | None
    due: dt.date | None
    done: dt.date | None
    today: dt.date

    @property
    def state(self) -> ClockState:
        if self.due is None:
            return ClockState.NOT_STARTED
        if self.done is not None:
            return ClockState.MET if self.done <= self.due else ClockState.MISSED
        return ClockState.DUE if self.today <= self.due else ClockState.MISSED

    @property
    def days_late(self) -> int:
        """Working days past the due date (0 unless missed)."""
        if self.state is not ClockState.MISSED or self.due is None:
            return 0
        end = self.done or self.today
        return working_days_between(self.due, end)

    @property
    def days_left(self) -> int | None:
        if self.state is not ClockState.DUE or self.due is None:
            return None
        return working_days_between(self.today, self.due)

    @property
    def label(self) -> str:
        state = self.state
        if state is ClockState.NOT_STARTED:
            return "Not started"
        if state is ClockState.MET:
            return f"Met on {format_date(self.done)}"
        if state is ClockState.MISSED:
            days = self.days_late
            suffix = "" if self.done is None else f" (done {format_date(self.done)})"
            return f"Missed by {days} working day{'s' if days != 1 else ''}{suffix}"
        left = self.days_left or 0
        if left == 0:
            return f"Due today, {format_date(self.due)}"
        return f"Due {format_date(self.due)} ({left} working day{'s' if left != 1 else ''} left)"

    @property
    def tag_colour(self) -> str:
        return {
            ClockState.NOT_STARTED: "grey",
            ClockState.DUE: "blue",
            ClockState.MET: "green",
            ClockState.MISSED: "red",
        }[self.state]

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "due": self.due.isoformat() if self.due else None,
            "state": self.state.value,
            "done": self.done.isoformat() if self.done else None,
            "working_days_late": self.days_late,
        }


def working_day_clock(
    name: str, start: dt.date | None, working_days: int, done: dt.date | None, today: dt.date
) -> Clock:
    due = add_working_days(start, working_days) if start else None
    return Clock(name=name, start=start, due=due, done=done, today=today)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


class Timeliness(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    PUBLISHED_ON_TIME = "published_on_time"
    PUBLISHED_LATE = "published_late"
    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"


TIMELINESS_LABELS = {
    Timeliness.NOT_STARTED: "Not initiated",
    Timeliness.ON_TRACK: "On track",
    Timeliness.AT_RISK: "At risk",
    Timeliness.OVERDUE: "Overdue",
    Timeliness.PUBLISHED_ON_TIME: "Published on time",
    Timeliness.PUBLISHED_LATE: "Published late",
    Timeliness.COMPLETED_ON_TIME: "Completed on time",
    Timeliness.COMPLETED_LATE: "Completed late",
}
TIMELINESS_COLOURS = {
    Timeliness.NOT_STARTED: "grey",
    Timeliness.ON_TRACK: "green",
    Timeliness.AT_RISK: "yellow",
    Timeliness.OVERDUE: "red",
    Timeliness.PUBLISHED_ON_TIME: "green",
    Timeliness.PUBLISHED_LATE: "orange",
    Timeliness.COMPLETED_ON_TIME: "green",
    Timeliness.COMPLETED_LATE: "orange",
}


def publication_target(initiated: dt.date | None) -> dt.date | None:
    return add_months(initiated, PUBLICATION_MONTHS) if initiated else None


# Reviews whose end is a published report; the others (case mapping exercises, single agency
# reviews) end at completion, with a 6-step briefing rather than a publication.
PUBLISHED_TYPES = frozenset({"scr", "thematic"})


def expects_publication(review_type: str) -> bool:
    return review_type in PUBLISHED_TYPES


def review_timeliness(
    initiated: dt.date | None,
    published: dt.date | None,
    today: dt.date,
    *,
    completed: dt.date | None = None,
    publication_expected: bool = True,
) -> Timeliness:
    """On track, at risk (within 4 weeks of the 6-month target) or overdue.

    A review that ends in a publication is timely when published; one that does not (a case
    mapping exercise, say) when completed.
    """
    target = publication_target(initiated)
    if target is None:
        return Timeliness.NOT_STARTED
    if published is not None:
        return Timeliness.PUBLISHED_ON_TIME if published <= target else Timeliness.PUBLISHED_LATE
    if completed is not None and not publication_expected:
        return Timeliness.COMPLETED_ON_TIME if completed <= target else Timeliness.COMPLETED_LATE
    if today > target:
        return Timeliness.OVERDUE
    if (target - today).days <= AT_RISK_DAYS:
        return Timeliness.AT_RISK
    return Timeliness.ON_TRACK


def referral_clocks(
    referral, today: dt.date, *, rapid_review_held: bool = False
) -> tuple[Clock, Clock]:
    """The two statutory clocks of a referral: notification, then rapid review.

    Notification is due 5 working days after the local authority became aware; the rapid review
    15 working days after the notification was made. A rapid review the decision says was held
    is not counted while its date is not recorded (`rapid_review_held`).
    """
    notification = working_day_clock(
        "Notification", referral.la_aware_on, NOTIFICATION_WORKING_DAYS, referral.notified_on, today
    )
    held_undated = rapid_review_held and referral.rapid_review_on is None
    rapid_review = working_day_clock(
        "Rapid review",
        None if held_undated else referral.notified_on,
        RAPID_REVIEW_WORKING_DAYS,
        referral.rapid_review_on,
        today,
    )
    return notification, rapid_review


def timeliness_of(review, today: dt.date) -> Timeliness:
    """The timeliness of a review record (anything with the milestone and type fields)."""
    return review_timeliness(
        review.initiated_on,
        review.published_on,
        today,
        completed=review.completed_on,
        publication_expected=expects_publication(review.review_type),
    )


def first_start_due_after(day: dt.date, working_days: int) -> dt.date:
    """The earliest start date whose clock of `working_days` falls due after `day`: a clock
    started before it is due on or before `day` (the due date never falls as the start moves
    later, so "due on or before a day" is "started before a day" in the database)."""
    # far enough back for its clock to be due by `day`: weekends and the longest run of bank
    # holidays (Christmas) never stretch 2 working days per working day, plus a fortnight
    start = day - dt.timedelta(days=2 * working_days + 14)
    while add_working_days(start, working_days) <= day:
        start += dt.timedelta(days=1)
    return start


def last_start_due_with(start: dt.date, working_days: int) -> dt.date:
    """The latest start date whose clock falls due on the same day as one started on `start`
    (a Friday's clock and the weekend's fall due together)."""
    due = add_working_days(start, working_days)
    return first_start_due_after(due, working_days) - dt.timedelta(days=1)
