"""A completed case audit as PDF (WeasyPrint, core.pdf's safe fetcher), Word (python-docx) and
JSON, laid out to be uploaded to a case recording system: the case and who audited it first,
then one block per theme with the judgement, what was seen, the next action and training need."""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from docx import Document
from docx.shared import Pt

from casereviews.core.pdf import render_pdf
from casereviews.core.presenters import format_date
from casereviews.core.word import A4_LONG, A4_SHORT, clean, to_bytes

from .presenters import AuditDocument, as_json

PDF_TYPE = "application/pdf"
JSON_TYPE = "application/json"


def audit_pdf(doc: AuditDocument) -> bytes:
    return render_pdf(render_to_string("audits/document.html", {"doc": doc}))


def audit_json(doc: AuditDocument) -> bytes:
    return json.dumps(as_json(doc), indent=2, ensure_ascii=False).encode("utf-8")


def audit_docx(doc: AuditDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = clean(doc.title)
    document.add_heading(clean(doc.title), level=0)
    document.add_paragraph(
        clean(f"{doc.partnership}: case audit against the themes of {doc.framework}")
    )
    rows = doc.summary_rows()
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for (label, value), row in zip(rows, table.rows, strict=True):
        row.cells[0].text = clean(label)
        row.cells[1].text = clean(value)
    for theme in doc.themes:
        document.add_heading(clean(f"Theme {theme.number}: {theme.title}"), level=1)
        document.add_paragraph(clean(theme.problem), style="Intense Quote")
        grid = document.add_table(rows=5, cols=2)
        grid.style = "Table Grid"
        values = [
            ("Judgement", theme.judgement_label),
            ("What we see in this case", theme.seen or "Nothing written"),
            ("Next action", theme.next_action or "None"),
            (
                "Who and by when",
                f"{theme.action_owner or 'Not named'}, "
                f"{format_date(theme.action_due, 'no date set')}",
            ),
            ("Training or development need", theme.training_need or "None"),
        ]
        for (label, value), row in zip(values, grid.rows, strict=True):
            row.cells[0].text = clean(label)
            row.cells[1].text = clean(value)
    return to_bytes(document)
