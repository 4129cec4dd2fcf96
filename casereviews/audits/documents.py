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

from .joint.presenters import JointDocument
from .presenters import AuditDocument, as_json

PDF_TYPE = "application/pdf"
JSON_TYPE = "application/json"


def audit_pdf(doc: AuditDocument) -> bytes:
    return render_pdf(render_to_string("audits/document.html", {"doc": doc}))


def audit_json(doc: AuditDocument) -> bytes:
    return json.dumps(as_json(doc), indent=2, ensure_ascii=False).encode("utf-8")


def _word(title: str, lede: str, summary_rows: list[tuple[str, str]]) -> Document:
    """An A4 Word document opening with its title, a line saying what it is, and the case."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = clean(title)
    document.add_heading(clean(title), level=0)
    document.add_paragraph(clean(lede))
    _grid(document, summary_rows)
    return document


def _grid(document: Document, rows: list[tuple[str, str]], header: tuple[str, ...] = ()) -> None:
    """A bordered table of (label, value, ...) rows, with an optional header row."""
    width = len(header or rows[0])
    table = document.add_table(rows=len(rows) + bool(header), cols=width)
    table.style = "Table Grid"
    for values, row in zip([header, *rows] if header else rows, table.rows, strict=True):
        for value, cell in zip(values, row.cells, strict=True):
            cell.text = clean(value)


def audit_docx(doc: AuditDocument) -> bytes:
    document = _word(
        doc.title,
        f"{doc.partnership}: case audit against the themes of {doc.framework}",
        doc.summary_rows(),
    )
    for theme in doc.themes:
        document.add_heading(clean(f"Theme {theme.number}: {theme.title}"), level=1)
        document.add_paragraph(clean(theme.problem), style="Intense Quote")
        _grid(
            document,
            [
                ("Judgement", theme.judgement_label),
                ("What we see in this case", theme.seen or "Nothing written"),
                ("Next action", theme.next_action or "None"),
                (
                    "Who and by when",
                    f"{theme.action_owner or 'Not named'}, "
                    f"{format_date(theme.action_due, 'no date set')}",
                ),
                ("Training or development need", theme.training_need or "None"),
            ],
        )
    return to_bytes(document)


def joint_pdf(doc: JointDocument) -> bytes:
    return render_pdf(render_to_string("audits/joint/document.html", {"doc": doc}))


def joint_docx(doc: JointDocument) -> bytes:
    """Per theme: each agency's judgement and next action, then the joint discussion."""
    document = _word(doc.title, doc.lede, doc.summary_rows())
    for theme in doc.themes:
        document.add_heading(clean(f"Theme {theme.number}: {theme.title}"), level=1)
        document.add_paragraph(clean(theme.problem), style="Intense Quote")
        if theme.agencies:
            _grid(
                document,
                [(a.agency, a.judgement, a.next_action or "None") for a in theme.agencies],
                header=("Agency", "Judgement", "Next action"),
            )
            document.add_paragraph()
        _grid(document, theme.discussion_rows())
    return to_bytes(document)
