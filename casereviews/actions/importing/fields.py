"""Our fields, how a tracker's headings are matched to them, and how a cell becomes a value.

Pure functions of the cells: nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from casereviews.actions.importing.read import (
    CellError,
    Formula,
    Row,
    Value,
    column_letter,
    is_blank,
    text_of,
)
from casereviews.actions.models import Rag

HEADER_SEARCH_ROWS = 20
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    synonyms: tuple[str, ...]
    max_length: int = 4000
    hint: str = ""


# fmt: off
FIELDS: tuple[Field, ...] = (
    Field("ref", "Review Ref", True,
          ("ref", "review ref", "review", "review reference", "case ref", "reference", "scr",
           "case", "review number"), 20, "For example Ref057 (Ref57 is the same review)"),
    Field("recommendation", "Recommendation", True,
          ("recommendation", "recommendations", "rec", "recommendation text", "learning")),
    Field("description", "Action", True,
          ("action", "action required", "actions", "agreed action", "action to be taken",
           "actions required", "what will be done")),
    Field("agency", "Owner agency", True,
          ("agency", "lead agency", "organisation", "organization", "owner", "owner agency",
           "responsible agency", "partner agency", "agency responsible"), 200,
          "The agency's name or short name, as on the agencies page"),
    Field("lead_role", "Lead", True,
          ("lead", "lead officer", "lead person", "responsible officer", "named lead",
           "lead role", "action owner", "lead name", "responsible person"), 200),
    Field("due_on", "Due date", True,
          ("due", "due date", "target date", "deadline", "by when", "timescale", "target",
           "completion date", "date due", "due by"), 0,
          "Excel dates, or dates such as 31/03/2017, 31 March 2017 or 2017-03-31"),
    Field("success_measure", "What success looks like", False,
          ("success", "what success looks like", "success measure", "measure of success",
           "outcome", "expected outcome", "success criteria", "outcome measure")),
    Field("status", "Status (RAG)", False,
          ("status", "rag", "rag status", "rag rating", "rating", "progress rating"), 40,
          "Red, Amber, Green or Blue (R, A, G, B, Completed and Not started are understood). "
          "Blank cells are Red"),
    Field("progress", "Latest progress note", False,
          ("update", "progress", "latest update", "progress update", "comments", "notes",
           "progress notes", "latest progress", "commentary", "update on progress"), 10000),
    Field("evidence", "Evidence of impact", False,
          ("evidence", "evidence of impact", "impact", "impact evidence", "evidence of change"),
          10000),
    Field("updated_on", "Date of last update", False,
          ("date of last update", "last updated", "update date", "date updated",
           "date of update", "updated"), 0,
          "The date given to the progress note and evidence; without it, the day of the import"),
)

STATUS_WORDS: dict[str, str] = {
    "red": Rag.RED, "r": Rag.RED, "not started": Rag.RED, "off track": Rag.RED,
    "amber": Rag.AMBER, "a": Rag.AMBER, "in progress": Rag.AMBER, "on track": Rag.AMBER,
    "started": Rag.AMBER, "ongoing": Rag.AMBER,
    "green": Rag.GREEN, "g": Rag.GREEN, "complete": Rag.GREEN, "completed": Rag.GREEN,
    "done": Rag.GREEN,
    "blue": Rag.BLUE, "b": Rag.BLUE, "embedded": Rag.BLUE, "impact evidenced": Rag.BLUE,
}

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
# fmt: on
FIELD_BY_KEY = {f.key: f for f in FIELDS}
DATE_FIELDS = {"due_on", "updated_on"}

SLASH_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
WORD_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- Headings ---------------------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def headings_of(row: Row) -> list[str]:
    """Their headings, one per column: a blank heading is named by its letter ("Column F"), and
    a repeated one by its letter too, so every choice on the map page is different."""
    result: list[str] = []
    seen: set[str] = set()
    for index, value in enumerate(row.cells):
        text = " ".join(text_of(value).split())[:80]
        letter = column_letter(index)
        if not text:
            text = f"Column {letter}"
        elif text.lower() in seen:
            text = f"{text} (column {letter})"
        seen.add(text.lower())
        result.append(text)
    while result and result[-1].startswith("Column ") and is_blank(row.cells[len(result) - 1]):
        result.pop()
    return result


def _score(heading: str, synonyms: tuple[str, ...]) -> int:
    words = _words(heading)
    if not words:
        return 0
    if words in synonyms:
        return 100
    best = 0
    padded = f" {words} "
    for synonym in synonyms:
        if f" {synonym} " in padded:
            best = max(best, len(synonym))
    return best


def guess_header_row(rows: Iterable[Row], fields: tuple[Field, ...] = FIELDS) -> int:
    """The row most like a heading row among the first rows: the one whose cells match most of
    our fields (`fields`: another import's, such as the chronology's); failing that, the first
    row with two or more cells; failing that, row 1."""
    best_row, best_score, first_full = 0, 0, 0
    for row in rows:
        if row.number > HEADER_SEARCH_ROWS:
            break
        texts = [text_of(v) for v in row.cells if not is_blank(v)]
        if len(texts) >= 2 and not first_full:
            first_full = row.number
        score = sum(1 for f in fields if any(_score(t, f.synonyms) for t in texts))
        if score > best_score:
            best_row, best_score = row.number, score
    return best_row or first_full or 1


def guess_map(headings: list[str], fields: tuple[Field, ...] = FIELDS) -> dict[str, str]:
    """{our field key: their heading}: the best-scoring pairs first, each heading used once."""
    pairs = [
        (_score(heading, f.synonyms), -index, f.key, heading)
        for f in fields
        for index, heading in enumerate(headings)
    ]
    result: dict[str, str] = {}
    used: set[str] = set()
    for score, _neg_index, key, heading in sorted(pairs, reverse=True):
        if score and key not in result and heading not in used:
            result[key] = heading
            used.add(heading)
    return result


def map_problems(
    column_map: Mapping[str, str], headings: list[str], fields: tuple[Field, ...] = FIELDS
) -> dict[str, str]:
    """{field key: message} for a required field left out or a column chosen twice."""
    problems: dict[str, str] = {}
    by_key = {f.key: f for f in fields}
    for f in fields:
        chosen = column_map.get(f.key, "")
        if chosen and chosen not in headings:
            problems[f.key] = f"Choose the column that holds {f.label.lower()}"
        elif f.required and not chosen:
            problems[f.key] = f"Choose the column that holds {the_field(f)}"
    owners: dict[str, str] = {}
    for f in fields:
        chosen = column_map.get(f.key, "")
        if not chosen or f.key in problems:
            continue
        if chosen in owners:
            other = by_key[owners[chosen]].label
            problems[f.key] = (
                f"\u201c{chosen}\u201d is already chosen for {other}. Choose a different column "
                f"for {f.label.lower()}"
            )
        else:
            owners[chosen] = f.key
    return problems


def the_field(f: Field) -> str:
    return {"ref": "the review Ref", "due_on": "the due date", "lead_role": "the lead"}.get(
        f.key, f"the {f.label.lower()}"
    )


class CellProblem(ValueError):
    pass


def quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _plain(value: Value) -> Value:
    """Formulas and spreadsheet errors are never values."""
    if isinstance(value, Formula):
        raise CellProblem(
            f"a formula ({quote(value, 30)}), not a value. Copy the column and paste it back "
            "as values only"
        )
    if isinstance(value, CellError):
        raise CellProblem(f"a spreadsheet error ({value}), not a value")
    return value


def text_value(value: Value, f: Field) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        raise CellProblem(f"{text_of(value)} is not text")
    if isinstance(value, dt.date | dt.datetime | dt.time):
        raise CellProblem(f"a date ({text_of(value)}), not text")
    text = text_of(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if CONTROL.search(text):
        raise CellProblem("contains control characters that cannot be kept: retype the text")
    if f.max_length and len(text) > f.max_length:
        raise CellProblem(f"is {len(text):,} characters long: the most is {f.max_length:,}")
    return text


def parse_date(value: Value) -> dt.date:
    """A real Excel date, or text as 31/03/2017, 31 March 2017 or 2017-03-31 (day first)."""
    value = _plain(value)
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, bool | int | float):
        raise CellProblem(
            f"a number ({text_of(value)}), not a date. Format the column as dates in Excel"
        )
    elif isinstance(value, dt.time):
        raise CellProblem(f"a time ({value}), not a date")
    else:
        date = _date_from_text(str(value).strip())
    if not EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        raise CellProblem(
            f"{date:%d/%m/%Y} is not a likely date: it must be between {EARLIEST_YEAR} and "
            f"{LATEST_YEAR}"
        )
    return date


def _date_from_text(text: str) -> dt.date:
    shown = quote(text)
    example = "for example 31/03/2017, 31 March 2017 or 2017-03-31"
    try:
        if match := SLASH_DATE.match(text):
            day, month, year = (int(p) for p in match.groups())
            if len(match.group(3)) == 2:
                year += 2000
            if month > 12 and day <= 12:
                raise CellProblem(
                    f"{shown} looks like month/day/year: write dates day first, "
                    f"as {month:02d}/{day:02d}/{year}"
                )
            return dt.date(year, month, day)
        if match := ISO_DATE.match(text):
            year, month, day = (int(p) for p in match.groups())
            return dt.date(year, month, day)
        if match := WORD_DATE.match(text):
            month = MONTHS.get(match.group(2).lower())
            if month is None:
                raise CellProblem(f"{shown} is not a date: {match.group(2)} is not a month")
            return dt.date(int(match.group(3)), month, int(match.group(1)))
    except ValueError as exc:
        if isinstance(exc, CellProblem):
            raise
        raise CellProblem(f"{shown} is not a real date") from exc
    raise CellProblem(f"{shown} is not a date ({example})")


def parse_status(value: Value) -> str:
    value = _plain(value)
    if is_blank(value):
        return Rag.RED
    words = _words(text_of(value))
    status = STATUS_WORDS.get(words)
    if status is None:
        raise CellProblem(
            f"\u201c{quote(text_of(value))}\u201d is not a status: use Red, Amber, Green or Blue"
        )
    return status


def slash_date_parts(value: Value) -> tuple[int, int] | None:
    """(first, second) numbers of a dd/mm-or-mm/dd text date, for the ambiguity check."""
    if isinstance(value, str) and (match := SLASH_DATE.match(value.strip())):
        return int(match.group(1)), int(match.group(2))
    return None
