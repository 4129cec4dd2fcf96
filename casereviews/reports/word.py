"""The sub-group briefing paper as a Word document: A4 landscape, one table for each group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from casereviews.core.presenters import format_date
from casereviews.core.word import A4_LONG, A4_SHORT, clean, to_bytes
from casereviews.reports.presenters import BRIEFING_COLUMNS

# Relative column widths (Ref, Summary, Location, Gender, Age, Status, Target, Delay).
WIDTHS_MM = [18, 45, 26, 20, 18, 70, 40, 37]


def _landscape(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))


def _table(document: Document, rows: list[dict[str, str]]) -> None:
    table = document.add_table(rows=1, cols=len(BRIEFING_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header_xml = header._tr.get_or_add_trPr()  # repeat the header row on each page
    repeat = OxmlElement("w:tblHeader")
    header_xml.append(repeat)
    for cell, (_key, label) in zip(header.cells, BRIEFING_COLUMNS, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, (key, _label) in zip(cells, BRIEFING_COLUMNS, strict=True):
            cell.text = clean(row[key])
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS_MM, strict=True):
            cell.width = Mm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def briefing_docx(partnership_name: str, groups: list[dict[str, Any]], today: dt.date) -> bytes:
    document = Document()
    _landscape(document)
    document.core_properties.title = "Sub-group briefing paper: current reviews"
    document.core_properties.author = clean(partnership_name)
    document.add_heading("Sub-group briefing paper: current reviews", level=0)
    document.add_paragraph(clean(f"{partnership_name}. As at {format_date(today)}."))
    document.add_paragraph(
        "Reviews under way, and those published or completed in the last 12 months."
    )
    for group in groups:
        document.add_heading(clean(group["title"]), level=1)
        if group["rows"]:
            _table(document, group["rows"])
        else:
            document.add_paragraph("None.")
    return to_bytes(document)
