"""The checks every chronology entry meets, typed or imported (one place for each rule).

`check_entry` takes the values as a person gave them (text from the page, or cells from their
spreadsheet) and returns the entry's fields, or the problems, each under the field it is about:

- the date and the end date must be dates this chronology understands (chronology.dates), and
  a time only goes with an exact day;
- a date cannot be true if it is in the future, before the child's birth (where the review
  knows it), or outside the review's scope period; an end cannot come before its start;
- the source of information and the event are mandatory;
- "shared" needs whom it was shared with; a date it was shared cannot be before the event;
- an agency's entry may not repeat one of its own (same day, time and words of the event).
No database access here: what the checks need comes in `Scope`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from casereviews.chronology.dates import NotADate, When, parse_time, parse_when
from casereviews.core.presenters import format_date

TEXT_LIMITS = {
    "source": 300,
    "event": 10_000,
    "people": 300,
    "known": 10_000,
    "done": 10_000,
    "shared_with": 300,
}
SHARED_WORDS = {
    "": "",
    "not recorded": "",
    "not known": "",
    "unknown": "",
    "yes": "shared",
    "y": "shared",
    "shared": "shared",
    "late": "late",
    "shared late": "late",
    "yes late": "late",
    "no": "not_shared",
    "n": "not_shared",
    "not shared": "not_shared",
}
YES_WORDS = {"yes", "y", "true", "1", "seen", "on", "x"}
NO_WORDS = {"", "no", "n", "false", "0", "not seen"}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Scope:
    """What an entry is checked against: the review's chronology, today, and the agency's
    entries already there (their duplicate keys)."""

    scope_from: dt.date
    scope_to: dt.date
    born_on: dt.date | None
    today: dt.date
    existing: set[tuple] = field(default_factory=set)


def duplicate_key(agency_id: int, starts_on, precision, time, event: str) -> tuple:
    return (agency_id, starts_on, precision, time, _SPACES.sub(" ", event).strip().casefold())


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    words = _SPACES.sub(" ", str(value or "")).strip().lower()
    if words in YES_WORDS:
        return True
    if words in NO_WORDS:
        return False
    return None


def check_entry(
    scope: Scope, agency_id: int, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(the entry's fields, {field: problem}); the fields are good only if there is no problem."""
    problems: dict[str, str] = {}
    data: dict[str, Any] = {}
    when: When | None = None
    try:
        when = parse_when(raw.get("when"))
    except NotADate as exc:
        problems["when"] = (
            "Enter the date of the event" if str(exc) == "is blank" else f"The date {exc}"
        )
    if when is not None:
        data.update(
            when=when.text,
            precision=when.precision,
            approximate=when.approximate,
            starts_on=when.earliest,
            latest_on=when.latest,
        )
        if when.earliest > scope.today:
            problems["when"] = f"The date {when.text} is in the future"
        elif scope.born_on and when.latest < scope.born_on:
            problems["when"] = (
                f"The date {when.text} is before the child was born ({format_date(scope.born_on)})"
            )
        elif when.latest < scope.scope_from or when.earliest > scope.scope_to:
            problems["when"] = (
                f"The date {when.text} is outside the review's scope period "
                f"({format_date(scope.scope_from)} to {format_date(scope.scope_to)})"
            )
    data["time"] = None
    try:
        data["time"] = parse_time(raw.get("time"))
        if data["time"] is not None and when is not None and when.precision != "day":
            problems["time"] = "A time can only be given with an exact day"
    except NotADate as exc:
        problems["time"] = f"The time {exc}"
    data["ends"], data["ends_on"] = "", None
    if raw.get("ends") not in (None, ""):
        try:
            end = parse_when(raw.get("ends"))
        except NotADate as exc:
            problems["ends"] = f"The end date {exc}"
        else:
            data["ends"], data["ends_on"] = end.text, end.latest
            if when is not None and end.latest < when.earliest:
                problems["ends"] = f"The end date {end.text} is before the start ({when.text})"
            elif end.earliest > scope.today:
                problems["ends"] = f"The end date {end.text} is in the future"
    for key, limit in TEXT_LIMITS.items():
        data[key] = _text(raw, key)
        if len(data[key]) > limit:
            problems[key] = f"is {len(data[key]):,} characters long: the most is {limit:,}"
    if not data["source"]:
        problems["source"] = "Enter the source of information (the record it comes from)"
    if not data["event"]:
        problems["event"] = "Enter what happened"
    shared_raw = raw.get("shared")
    shared = SHARED_WORDS.get(_SPACES.sub(" ", str(shared_raw or "")).strip().lower())
    if shared is None:
        problems["shared"] = "Say whether it was shared: Shared, Shared late, Not shared or blank"
        shared = ""
    data["shared"] = shared
    if shared in ("shared", "late") and not data["shared_with"]:
        problems["shared_with"] = "Enter whom it was shared with"
    data["shared_on"] = None
    if raw.get("shared_on") not in (None, ""):
        try:
            shared_when = parse_when(raw.get("shared_on"))
        except NotADate as exc:
            problems["shared_on"] = f"The date it was shared {exc}"
        else:
            data["shared_on"] = shared_when.earliest
            if when is not None and shared_when.latest < when.earliest:
                problems["shared_on"] = (
                    f"The date it was shared ({shared_when.text}) is before the event"
                )
    for key in ("child_seen", "significant"):
        flag = _flag(raw.get(key))
        if flag is None:
            problems[key] = "Write Yes or No (or leave it blank for No)"
        data[key] = bool(flag)
    if when is not None and data["event"] and "when" not in problems:
        key = duplicate_key(agency_id, when.earliest, when.precision, data["time"], data["event"])
        if key in scope.existing:
            problems["event"] = (
                f"Your agency already has this entry on {when.text}: the same event twice"
            )
        data["key"] = key
    return data, problems
