"""The composite plan as an Excel workbook or a CSV file, safe against formula injection.

Every text cell goes through core.spreadsheets, so a description such as "=HYPERLINK(...)"
arrives as text, never as a formula. Dates are real dates in Excel (formatted dd/mm/yyyy) and
ISO 8601 in CSV. Each export is audited: who, which filters, how many actions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from casereviews.actions import presenters
from casereviews.actions.models import Action, Rag
from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.spreadsheets import neutralise, safe_cell

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


def to_csv(rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([heading for heading, _ in COLUMNS])
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else safe_cell(v) for v in row])
    # A byte-order mark, so Excel opens the CSV as UTF-8 (agency names with accents, dashes).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[list[Any]], title: str) -> bytes:
    """The workbook in openpyxl's write-only mode: each row goes to the file as it is appended
    (a normal workbook keeps a styled cell object for every value: 111 MB for 10,000 actions)."""
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@transaction.atomic
def export_plan(
    actor,
    actions: Iterable[Action],
    last_updates: dict[int, dt.date],
    *,
    fmt: str,
    filters: dict[str, Any],
    today: dt.date,
    partnership=None,
) -> bytes:
    """The plan's file in `fmt`; writes one audit entry (format, filters, how many actions)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format: {fmt}")
    rows = [row_values(a, last_updates.get(a.pk), today) for a in actions]
    data = to_csv(rows) if fmt == "csv" else to_xlsx(rows, "Composite action plan")
    audit.record(
        actor,
        AuditAction.EXPORT,
        None,
        partnership=partnership,
        object_repr=f"Export of the action plan ({fmt.upper()}, {len(rows)} actions)",
        changes={
            "export": "actions",
            "format": fmt,
            "records": len(rows),
            "filters": {k: v for k, v in filters.items() if v},
        },
    )
    return data


def filename(fmt: str, today: dt.date) -> str:
    return f"action-plan-{today:%Y-%m-%d}.{fmt}"
