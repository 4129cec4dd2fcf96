"""The chronology import's fields and row checks (docs/adr/0033).

The journey is the tracker import's (casereviews.actions.importing: keep the upload, choose the
sheet and the heading row, match the columns, check every row, all or nothing); what differs
is the fields and the check of a row, which is `chronology.checks.check_entry`, the same as an
entry typed on the page. Every problem names the row their spreadsheet shows and their column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from casereviews.actions.importing.checks import Preview, RowError
from casereviews.actions.importing.fields import CellProblem, Field, text_value
from casereviews.actions.importing.read import Row, is_blank, text_of
from casereviews.chronology.checks import Scope, check_entry, duplicate_key

# fmt: off
FIELDS: tuple[Field, ...] = (
    Field("when", "Date", True,
          ("date", "event date", "date of event", "when", "date of contact", "contact date",
           "start date", "date from"), 40,
          "12/03/2016, 03/2016 or March 2016 (month only), 2016, or ? or c. before an "
          "uncertain date"),
    Field("time", "Time", False, ("time", "time of event", "time of contact"), 20,
          "As 14:30, with an exact day only"),
    Field("ends", "End date", False, ("end date", "date to", "until", "end"), 40),
    Field("source", "Source of information", True,
          ("source", "source of information", "information source", "record", "source record",
           "recorded in", "system"), 300),
    Field("event", "Event", True,
          ("event", "what happened", "event description", "description", "details",
           "incident", "contact", "summary"), 10000),
    Field("people", "Who was involved", False,
          ("who", "who was involved", "people", "people involved", "involved",
           "persons involved", "professional", "roles"), 300,
          "By role or pseudonym, never by name"),
    Field("known", "What was known", False,
          ("what was known", "known", "information known", "information", "concerns"), 10000),
    Field("done", "What was done", False,
          ("what was done", "action", "action taken", "actions taken", "outcome", "response"),
          10000),
    Field("shared", "Shared", False,
          ("shared", "was it shared", "information shared", "shared yes no"), 40,
          "Shared, Shared late, Not shared or blank"),
    Field("shared_with", "Shared with", False,
          ("shared with", "with whom", "who with", "shared with whom"), 300),
    Field("shared_on", "Date shared", False, ("date shared", "shared on", "when shared"), 40),
    Field("child_seen", "Child seen", False, ("child seen", "seen", "was the child seen"), 20,
          "Yes or No"),
    Field("significant", "Significant event", False,
          ("significant", "significant event", "key event"), 20, "Yes or No"),
)
# fmt: on
FIELD_BY_KEY = {f.key: f for f in FIELDS}
DATE_KEYS = {"when", "ends", "shared_on", "time"}
FLAGS = {"child_seen", "significant"}


def check_rows(
    scope: Scope,
    agency_id: int,
    column_map: Mapping[str, str],
    headings: list[str],
    header_row: int,
    rows: Iterable[Row],
) -> Preview:
    """Check every row after the heading row (each against the rows before it, too, for
    duplicates); nothing is written. The good rows are (row number, the entry's fields)."""
    columns = {
        key: headings.index(heading)
        for key, heading in column_map.items()
        if heading in headings and key in FIELD_BY_KEY
    }
    preview = Preview()
    good: list = []
    seen = dict.fromkeys(scope.existing, 0)
    for row in rows:
        if row.number <= header_row:
            continue
        values = {
            key: row.cells[index] if index < len(row.cells) else None
            for key, index in columns.items()
        }
        if all(is_blank(v) for v in values.values()):
            continue
        preview.rows_read += 1
        raw, errors = {}, []
        for key, value in values.items():
            if key in FLAGS and isinstance(value, bool):
                raw[key] = value
                continue
            if key == "when" and isinstance(value, dt.datetime) and "time" not in columns:
                raw["time"] = value.time() if value.time() != dt.time(0) else None
            if key in DATE_KEYS:
                raw[key] = value if not isinstance(value, str) else value.strip()
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    raw[key] = text_of(value)
                continue
            try:
                raw[key] = "" if is_blank(value) else text_value(value, FIELD_BY_KEY[key])
            except CellProblem as exc:
                errors.append(RowError(row.number, column_map[key], str(exc)))
                raw[key] = ""
        data, problems = check_entry(scope, agency_id, raw)
        for key, message in problems.items():
            if any(e.column == column_map.get(key) for e in errors):
                continue
            column = column_map.get(key) or FIELD_BY_KEY[key].label
            errors.append(RowError(row.number, column, message))
        key = data.get("key")
        if not errors and key is not None:
            if key in seen:
                where = f"row {seen[key]}" if seen[key] else "your chronology already"
                errors.append(
                    RowError(
                        row.number,
                        column_map["event"],
                        f"repeats {where}: the same event on the same date",
                    )
                )
            else:
                seen[key] = row.number
        if errors:
            for error in errors:
                preview.add_error(error)
        else:
            data.pop("key", None)
            good.append((row.number, data))
    preview.good = good
    preview.errors.sort(key=lambda e: e.row)
    return preview


__all__ = ["FIELDS", "check_rows", "duplicate_key"]
