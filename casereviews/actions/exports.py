"""The composite plan as an Excel workbook or a CSV file, safe against formula injection.

Every text cell goes through core.spreadsheets, so a description such as "=HYPERLINK(...)"
arrives as text, never as a formula. Dates are real dates in Excel (formatted dd/mm/yyyy) and
ISO 8601 in CSV. Each export is audited: who, which filters, how many actions.

Both files are written in bounded memory, whatever the size of the plan: plan_rows reads the
actions CHUNK at a time (with their last-update dates, per chunk), the CSV goes out as it is
written and the workbook is written row by row (openpyxl's write-only mode) into a file on disk.
The request (views_plan.export) and the background job (export_jobs) share this code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet

from casereviews.actions import presenters, selectors
from casereviews.actions.models import Action, Rag
from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.spreadsheets import neutralise, safe_cell

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
TITLE = "Composite action plan"
CHUNK = 500  # actions read (and CSV rows sent) at a time

# (heading, width in characters)
COLUMNS: list[tuple[str, int]] = [
    ("Review", 10),
    ("Recommendation number", 14),
    ("Recommendation", 50),
    ("Action", 60),
    ("Owner agency", 28),
    ("Lead", 28),
    ("Due date", 12),
    ("Status", 10),
    ("Completed on", 13),
    ("What success looks like", 45),
    ("Last update", 12),
    ("Overdue", 9),
]
# The columns row_values reads: nothing else of an action is fetched.
FIELDS = (
    "origin",
    "description",
    "lead_role",
    "due_on",
    "status",
    "completed_on",
    "success_measure",
    "agency__name",
    "recommendation__number",
    "recommendation__text",
    "recommendation__review__ref",
)


def row_values(action: Action, last_update: dt.date | None, today: dt.date) -> list[Any]:
    """One action as the export's row: text as text, dates as dates."""
    rec = action.recommendation
    overdue = presenters.is_overdue(action, today)
    return [
        rec.review.ref if rec else "",
        rec.number if rec else None,
        rec.text if rec else action.origin,
        action.description,
        action.agency.name,
        action.lead_role,
        action.due_on,
        Rag(action.status).label,
        action.completed_on,
        action.success_measure,
        last_update,
        "Yes" if overdue else "No",
    ]


def plan_rows(
    actions: QuerySet[Action], today: dt.date, chunk_size: int = CHUNK
) -> Iterator[list[Any]]:
    """The rows of `actions` (selectors.plan_actions), in its order, read chunk_size at a time:
    one chunk of actions and their last-update dates in memory, never the whole plan."""
    chunk: list[Action] = []
    for action in actions.only(*FIELDS).iterator(chunk_size=chunk_size):
        chunk.append(action)
        if len(chunk) == chunk_size:
            yield from _chunk_rows(chunk, today)
            chunk = []
    yield from _chunk_rows(chunk, today)


def _chunk_rows(chunk: list[Action], today: dt.date) -> Iterator[list[Any]]:
    if not chunk:
        return
    last_updates = selectors.last_update_dates([a.pk for a in chunk])
    for action in chunk:
        yield row_values(action, last_updates.get(action.pk), today)


def csv_chunks(rows: Iterable[list[Any]], chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The CSV file, as bytes, chunk_size rows at a time (for a streamed response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # A byte-order mark, so Excel opens the CSV as UTF-8 (agency names with accents, dashes).
    buffer.write("\ufeff")
    writer.writerow([heading for heading, _ in COLUMNS])
    for count, row in enumerate(rows, start=1):
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else safe_cell(v) for v in row])
        if count % chunk_size == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[list[Any]], title: str, out: IO[bytes]) -> None:
    """The workbook into `out` (a file), in openpyxl's write-only mode: each row goes to disk as
    it is appended (a normal workbook keeps a styled cell object for every value)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Action plan")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value: Any, *, bold: bool = False) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=neutralise(value) if isinstance(value, str) else value)
        written.alignment = wrap
        if bold:
            written.font = Font(bold=True)
        if isinstance(value, dt.date):
            written.number_format = "dd/mm/yyyy"
        return written

    sheet.append([cell(heading, bold=True) for heading, _ in COLUMNS])
    count = 0
    for row in rows:
        sheet.append([cell(v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    book.properties.title = neutralise(title)
    book.save(out)


def write(fmt: str, rows: Iterable[list[Any]], out: IO[bytes]) -> None:
    """The plan's file in `fmt` into `out` (a file opened for writing bytes)."""
    if fmt == "csv":
        for chunk in csv_chunks(rows):
            out.write(chunk)
    else:
        write_xlsx(rows, TITLE, out)


def body(fmt: str, rows: Iterable[list[Any]]) -> IO[bytes] | Iterator[bytes]:
    """What a response sends: the CSV's chunks as they are written, or the workbook written
    into a temporary file on disk (deleted when the response closes it), read from the start."""
    if fmt == "csv":
        return csv_chunks(rows)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the caller's response closes it
    try:
        write_xlsx(rows, TITLE, out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def record_export(
    actor, *, fmt: str, count: int, filters: dict[str, Any], partnership=None
) -> None:
    """The export's audit entry: who, which format and filters, how many actions."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format: {fmt}")
    audit.record(
        actor,
        AuditAction.EXPORT,
        None,
        partnership=partnership,
        object_repr=f"Export of the action plan ({fmt.upper()}, {count} actions)",
        changes={
            "export": "actions",
            "format": fmt,
            "records": count,
            "filters": {k: v for k, v in filters.items() if v},
        },
    )


def content_type(fmt: str) -> str:
    return XLSX_TYPE if fmt == "xlsx" else CSV_TYPE


def filename(fmt: str, today: dt.date) -> str:
    return f"action-plan-{today:%Y-%m-%d}.{fmt}"
