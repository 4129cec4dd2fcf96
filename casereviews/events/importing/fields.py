"""A sign-in sheet's columns, and how a row of one becomes a line of the register.

The tracker import's parts (casereviews.actions.importing) read the file, find the headings and
match the columns; this module says what a sign-in sheet holds and checks its rows. Pure
functions of the cells and a few facts from the database (the partnership's agencies).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casereviews.actions.importing.checks import Preview, RowError
from casereviews.actions.importing.fields import (
    CellProblem,
    Field,
    quote,
    text_value,
    the_field,
)
from casereviews.actions.importing.read import Row, is_blank, text_of

# fmt: off
SIGN_IN_FIELDS: tuple[Field, ...] = (
    Field("name", "Name", True,
          ("name", "full name", "attendee", "delegate", "participant", "print name",
           "your name", "names"), 200),
    Field("agency", "Agency", True,
          ("agency", "organisation", "organization", "employer", "service", "team or agency",
           "agency or organisation"), 200,
          "The agency's name or short name, as on the agencies page"),
    Field("role", "Role", False,
          ("role", "job title", "job role", "position", "designation", "title"), 200),
    Field("attended", "Attended", False,
          ("attended", "attendance", "present", "signed", "signature", "did attend"), 40,
          "Yes, or No for someone booked who did not come; blank means attended"),
)
# fmt: on
FIELD_BY_KEY = {f.key: f for f in SIGN_IN_FIELDS}
YES = {"yes", "y", "attended", "present", "true", "1", "x", "\u2713", "signed"}
NO = {"no", "n", "dna", "did not attend", "absent", "no show", "false", "0", "apologies"}


@dataclass(frozen=True)
class SignInLine:
    row: int
    name: str
    agency: Any
    role: str
    attended: bool


@dataclass
class SheetPreview(Preview):
    """The tracker import's preview, holding lines of the register."""

    good: list[SignInLine] = field(default_factory=list)  # type: ignore[assignment]


def _attended(value) -> bool:
    if is_blank(value):
        return True
    text = " ".join(text_of(value).lower().split())
    if text in YES:
        return True
    # Otherwise a signature, initials or a tick someone drew: they signed, so they came.
    return text not in NO


def check_rows(
    agencies: Mapping[str, Any],
    column_map: Mapping[str, str],
    headings: list[str],
    header_row: int,
    rows: Iterable[Row],
) -> SheetPreview:
    """Every row below the headings checked; unknown agencies named by row. Writes nothing."""
    columns = {
        key: headings.index(heading)
        for key, heading in column_map.items()
        if heading in headings and key in FIELD_BY_KEY
    }
    preview = SheetPreview()
    for f in SIGN_IN_FIELDS:
        if f.required and f.key not in columns:
            preview.file_problems.append(f"No column holds {the_field(f)}: choose one")
    if preview.file_problems:
        return preview
    for row in rows:
        if row.number <= header_row:
            continue
        cells = {key: row.cells[i] if i < len(row.cells) else None for key, i in columns.items()}
        if all(is_blank(v) for v in cells.values()):
            continue
        preview.rows_read += 1
        errors: list[RowError] = []
        parsed: dict[str, Any] = {}
        for key, value in cells.items():
            f = FIELD_BY_KEY[key]
            heading = headings[columns[key]]
            if key == "attended":
                parsed[key] = _attended(value)
                continue
            try:
                if is_blank(value):
                    if f.required:
                        errors.append(
                            RowError(row.number, heading, f"is blank: enter {the_field(f)}")
                        )
                    parsed[key] = ""
                    continue
                parsed[key] = text_value(value, f)
            except CellProblem as exc:
                errors.append(RowError(row.number, heading, str(exc)))
                parsed[key] = ""
        agency = None
        if parsed.get("agency"):
            agency = agencies.get(" ".join(parsed["agency"].lower().split()))
            if agency is None:
                errors.append(
                    RowError(
                        row.number,
                        headings[columns["agency"]],
                        f"\u201c{quote(parsed['agency'])}\u201d is not an agency of your "
                        "partnership. Use an agency's name or short name as on the agencies page",
                    )
                )
        if errors:
            for error in errors:
                preview.add_error(error)
            continue
        preview.good.append(
            SignInLine(
                row.number,
                parsed["name"],
                agency,
                parsed.get("role", ""),
                parsed.get("attended", True),
            )
        )
    if not preview.rows_read:
        preview.file_problems.append(
            f"There are no names below the column headings in row {header_row}"
        )
    return preview
