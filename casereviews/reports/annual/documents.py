"""The annual report as a Word document (python-docx: real headings and tables) and as a PDF
(WeasyPrint through core.pdf), both made from the same `Report` as the page and the JSON."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from django.db import transaction
from django.template.loader import render_to_string
from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.pdf import render_pdf
from casereviews.core.presenters import format_date
from casereviews.core.word import clean, to_bytes
from casereviews.reports.annual.sections import Report, Table, build

PDF_TYPE = "application/pdf"
# A table cell of 9 pt text (sz is in half points), its spaces kept.
_CELL = (
    '<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr><w:p><w:r><w:rPr><w:sz w:val="18"/>'
    '</w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>'
)
JSON_TYPE = "application/json"
FORMATS = ("json", "docx", "pdf")


def paragraphs_of(text: str) -> list[str]:
    """A narrative as paragraphs: blank lines separate them."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _word_table(document, table: Table) -> None:
    document.add_heading(clean(table.caption), level=3)
    if not table.rows:
        document.add_paragraph(clean(table.empty))
        return
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page
    for cell, (_key, label) in zip(header.cells, table.columns, strict=True):
        run = cell.paragraphs[0].add_run(clean(label))
        run.bold, run.font.size = True, Pt(9)
    # The body rows as XML, one parse each: python-docx's cell by cell API takes seconds for
    # the hundreds of rows of a big partnership's year (bench/annual.py).
    keys = [key for key, _label in table.columns]
    for row in table.rows:
        cells = "".join(_CELL.format(escape(clean(str(row.get(key, ""))))) for key in keys)
        grid._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{cells}</w:tr>"))
    for note in table.notes:
        document.add_paragraph().add_run(clean(note)).italic = True


def to_docx(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    document.core_properties.title = clean(report.title)
    document.core_properties.author = clean(report.partnership)
    document.add_heading(clean(report.title), level=0)
    document.add_paragraph(
        clean(
            f"{report.partnership}. {report.year.long_label}. Made {format_date(report.made_on)}."
        )
    )
    for part in report.sections:
        document.add_heading(clean(part.heading), level=1)
        narrative = paragraphs_of(part.narrative)
        for text in narrative:
            document.add_paragraph(clean(text))
        if part.narrative_key and not narrative:
            document.add_paragraph().add_run("No narrative has been written yet.").italic = True
        for text in part.paragraphs:
            document.add_paragraph(clean(text))
        for table in part.tables:
            _word_table(document, table)
    return to_bytes(document)


def to_html(report: Report) -> str:
    """The print HTML (autoescaped: what the business unit wrote is text, never markup)."""
    return render_to_string(
        "reports/annual_document.html", {"report": report, "paragraphs_of": paragraphs_of}
    )


def to_pdf(report: Report) -> bytes:
    return render_pdf(to_html(report))


def render(report: Report, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(report).encode()
    if fmt == "docx":
        return to_docx(report)
    if fmt == "pdf":
        return to_pdf(report)
    raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def produce(partnership, year, fmt: str, actor, today, user=None) -> bytes:
    """Build and render the report; one audit entry says who produced which year as what."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    report = build(partnership, year, today, user=user)
    content = render(report, fmt)
    with transaction.atomic():
        audit.record(
            actor,
            AuditAction.EXPORT,
            None,
            partnership=partnership,
            object_repr=f"Annual report {year.label} ({fmt.upper()})",
            changes={"export": "annual_report", "format": fmt, "reporting_year": year.label},
        )
    return content
