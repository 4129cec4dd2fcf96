"""The integrated chronology out of the product (docs/adr/0033): Word (a table with the agency
column), Excel, and the summary timeline in the style of the Welsh review pack (the significant
events only, one line each). Named or anonymised, as the view they are made from.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from casereviews.chronology.presenters import Shown, cells, columns
from casereviews.core.presenters import format_date
from casereviews.core.spreadsheets import neutralise
from casereviews.core.word import A4_LONG, A4_SHORT, clean, to_bytes

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)


def _heading(document, title: str, lines: Sequence[str]) -> None:
    document.core_properties.title = clean(title)
    document.add_heading(clean(title), level=1)
    for line in lines:
        document.add_paragraph(clean(line))


def chronology_docx(title: str, lines: Sequence[str], rows: Sequence[Shown], named: bool) -> bytes:
    document = Document()
    _landscape(document)
    _heading(document, title, lines)
    heads = columns(named)
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        out = table.add_row().cells
        for cell, text in zip(out, cells(row, named), strict=True):
            cell.text = clean(text)
    return to_bytes(document)


def summary_docx(title: str, lines: Sequence[str], rows: Sequence[Shown]) -> bytes:
    """The summary timeline: each significant event on one line, date, agency, what happened."""
    document = Document()
    _landscape(document)
    _heading(document, title, lines)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("Date", "Agency", "Significant event", "What was done"), strict=True
    ):
        cell.text = text
    for row in rows:
        if not row.entry.significant:
            continue
        out = table.add_row().cells
        for cell, text in zip(out, (row.date, row.agency, row.event, row.done), strict=True):
            cell.text = clean(text)
    return to_bytes(document)


def chronology_xlsx(title: str, rows: Sequence[Shown], named: bool) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chronology")
    sheet.append([neutralise(title)])
    sheet.append(list(columns(named)))
    for row in rows:
        sheet.append([neutralise(clean(text)) for text in cells(row, named)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header_lines(chronology, named: bool, removed: int = 0) -> list[str]:
    review = chronology.review
    lines = [
        f"{review.partnership.name}. Review {review.ref}, {chronology.child}.",
        f"Scope period {format_date(chronology.scope_from)} to {format_date(chronology.scope_to)}.",
        "Named view: for the review panel only."
        if named
        else "Anonymised: people by role or pseudonym only; checked with the anonymisation "
        f"check ({removed} details removed).",
        "Uncertain dates are placed at their earliest possible day and marked.",
    ]
    return lines
