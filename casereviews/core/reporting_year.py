"""Reporting years: partnerships report 1 April to 31 March, written "2016-17".

One idea, one place: the register, the referrals list, the action plan, the sub-group's pages
and the annual report all parse, label and filter by a reporting year through this module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_YEAR = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")

HINT = "Enter the reporting year as two years, for example 2016-17"


class ReportingYearError(ValueError):
    """A reporting year that cannot be right; the message says what to enter instead."""


@dataclass(frozen=True, order=True)
class ReportingYear:
    """The reporting year that starts on 1 April of `first`."""

    first: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.first, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.first + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    @property
    def long_label(self) -> str:
        return f"1 April {self.first} to 31 March {self.first + 1}"

    @property
    def previous(self) -> ReportingYear:
        return ReportingYear(self.first - 1)

    @property
    def next(self) -> ReportingYear:
        return ReportingYear(self.first + 1)

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label

    @classmethod
    def of(cls, day: dt.date) -> ReportingYear:
        """The reporting year a date falls in (March 2017 is in 2016-17)."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, text: str | None) -> ReportingYear:
        """'2016-17' (or 2016-2017, 2016/17) -> ReportingYear(2016); a clear error otherwise."""
        match = _YEAR.match(text or "")
        if not match:
            raise ReportingYearError(HINT)
        first, second = int(match.group(1)), int(match.group(2))
        expected = first + 1 if len(match.group(2)) == 4 else (first + 1) % 100
        if second != expected:
            raise ReportingYearError(
                f"{text.strip()} is not a reporting year: the second year must follow the "
                f"first, for example {first}-{(first + 1) % 100:02d}"
            )
        if not 1990 <= first <= 2100:
            raise ReportingYearError(f"{HINT} (between 1990-91 and 2100-01)")
        return cls(first)


def parse_or_none(text: str | None) -> ReportingYear | None:
    """A filter value: blank or unreadable means no filter."""
    try:
        return ReportingYear.parse(text) if text else None
    except ReportingYearError:
        return None


def choices(days: list[dt.date | None], today: dt.date) -> list[tuple[str, str]]:
    """Reporting years for a filter: every year from the earliest date's to the current one (a
    review open across several years belongs to each), newest first."""
    current = ReportingYear.of(today)
    known = [ReportingYear.of(d) for d in days if d is not None]
    first = min([*known, current]).first
    last = max([*known, current]).first
    return [(ReportingYear(y).label,) * 2 for y in range(last, first - 1, -1)]
