"""Chronology dates as agencies write them: exact, month only, year only, or uncertain.

    12/03/2016, 12 March 2016, 2016-03-12      an exact day
    03/2016, March 2016, 2016-03, ?/03/2016    a month (the day not known)
    2016, ?/?/2016                             a year
    c. 12/03/2016, about March 2016, 2016?     approximate ("?", "c.", "circa", "about",
                                               "approx")

Each becomes a `When`: the earliest and the latest day it may mean. The integrated chronology
orders entries by the earliest possible day and shows the uncertain ones as uncertain. An
approximate exact day may be a week either side. No Django here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

APPROXIMATE_DAYS = 7
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_HEDGES = re.compile(r"^(?:c\.|ca\.|circa|about|approx\.?|approximately|around)\s*", re.I)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}|\?+)[/.\-](\d{1,2}|\?+)[/.\-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]+)\.?,?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


class NotADate(ValueError):
    """The text is not a date this chronology understands; the message says why."""


@dataclass(frozen=True)
class When:
    text: str  # as written, tidied
    precision: str  # "day", "month" or "year"
    approximate: bool
    earliest: dt.date
    latest: dt.date

    @property
    def uncertain(self) -> bool:
        return self.approximate or self.precision != "day"


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise NotADate("is not a real date") from exc


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _when(text: str, precision: str, approximate: bool, year: int, month=None, day=None) -> When:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise NotADate(f"has the year {year}: a chronology's dates are {EARLIEST_YEAR} or later")
    if month is not None and not 1 <= month <= 12:
        raise NotADate(f"has the month {month}: months are 1 to 12")
    if precision == "day":
        first = last = _day(year, month, day)
        if approximate:
            first -= dt.timedelta(days=APPROXIMATE_DAYS)
            last += dt.timedelta(days=APPROXIMATE_DAYS)
    elif precision == "month":
        first, last = dt.date(year, month, 1), _month_end(year, month)
    else:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return When(text, precision, approximate, first, last)


def parse_when(value: object) -> When:
    """A date cell or text as a When; NotADate says what is wrong (completes "The date ...")."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _when(f"{value:%d/%m/%Y}", "day", False, value.year, value.month, value.day)
    text = " ".join(str(value or "").split())
    if not text:
        raise NotADate("is blank")
    approximate = False
    rest = text
    if rest.startswith("?") and not _DAY_MONTH_YEAR.match(rest):
        approximate, rest = True, rest[1:].strip()
    if rest.endswith("?"):
        approximate, rest = True, rest[:-1].strip()
    if (hedge := _HEDGES.match(rest)) is not None:
        approximate, rest = True, rest[hedge.end() :].strip()
    if match := _DAY_MONTH_YEAR.match(rest):
        day, month, year = match.groups()
        if "?" in month:
            return _when(text, "year", True, int(year))
        if "?" in day:
            return _when(text, "month", True, int(year), int(month))
        if int(month) > 12 and int(day) <= 12:
            raise NotADate(f"({text}) looks like month/day/year: write the day first")
        return _when(text, "day", approximate, int(year), int(month), int(day))
    if match := _ISO.match(rest):
        year, month, day = match.groups()
        if day is None:
            return _when(text, "month", approximate, int(year), int(month))
        return _when(text, "day", approximate, int(year), int(month), int(day))
    if match := _MONTH_YEAR.match(rest):
        month, year = match.groups()
        return _when(text, "month", approximate, int(year), int(month))
    if match := _WORDS.match(rest):
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            raise NotADate(f"({text}): {month_name} is not a month")
        if day is None:
            return _when(text, "month", approximate, int(year), month)
        return _when(text, "day", approximate, int(year), month, int(day))
    if match := _YEAR.match(rest):
        return _when(text, "year", approximate, int(match.group(1)))
    raise NotADate(
        f"({text[:40]}) is not a date: write 12/03/2016, 03/2016 or March 2016 for a month, "
        "2016 for a year, and put ? or c. before an uncertain date"
    )


def parse_time(value: object) -> dt.time | None:
    """A time as 14:30 or 14.30 (or a spreadsheet's time); None when blank."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    text = str(value or "").strip()
    if not text:
        return None
    match = _TIME.match(text)
    if match is None:
        raise NotADate(f"({text[:20]}) is not a time: write it as 14:30")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise NotADate(f"({text}) is not a real time")
    return dt.time(hour, minute)


def describe(when_text: str, precision: str, approximate: bool) -> str:
    """How an uncertain date is shown: "March 2016 (month only)", "c. 12/03/2016 (approximate)"."""
    notes = []
    if precision == "month":
        notes.append("month only")
    elif precision == "year":
        notes.append("year only")
    if approximate:
        notes.append("approximate")
    return f"{when_text} ({', '.join(notes)})" if notes else when_text
