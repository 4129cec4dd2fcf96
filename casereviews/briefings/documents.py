"""A briefing as a PDF (WeasyPrint, through core.pdf) and as a Word file (python-docx).

Both are made from the same content model (presenters.BriefingDocument) as the page, so the three
always have the same headings in the same order. They look like the partnership's own
publication: its name as the masthead and in the footer, no crown and no GOV.UK branding.
"""

from __future__ import annotations

import io
import re

from django.http import HttpResponse
from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from casereviews.core.pdf import render_pdf

from .presenters import BriefingDocument

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The partnership's colours in both documents.
INK = RGBColor(0x0B, 0x0C, 0x0C)
BRAND = RGBColor(0x00, 0x5E, 0x5D)
DRAFT_RED = RGBColor(0xB1, 0x0E, 0x1E)


def download(body: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def briefing_html(doc: BriefingDocument) -> str:
    """The print HTML (autoescaped: whatever the author typed is text, never markup)."""
    return render_to_string("briefings/document.html", {"doc": doc})


def briefing_pdf(doc: BriefingDocument) -> bytes:
    return render_pdf(briefing_html(doc))


# -- Word -------------------------------------------------------------------------------------

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Word files cannot hold control characters: drop them."""
    return _NOT_XML.sub("", text)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the page out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, placeholder, end):
        run._r.append(element)


def _styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.font.color.rgb = INK
    for name, size in (("Heading 1", 22), ("Heading 2", 14), ("Title", 24)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BRAND
        # Word's theme fonts would override the name for East Asian text; set all of them.
        fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
        if fonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)


def _header_footer(document, doc: BriefingDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    header = section.header.paragraphs[0]
    run = header.add_run(_clean(doc.partnership))
    run.bold = True
    run.font.color.rgb = BRAND
    header.add_run(f"   {doc.kind_label}")
    if doc.draft:
        draft = header.add_run("   DRAFT: not for circulation")
        draft.bold = True
        draft.font.color.rgb = DRAFT_RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_clean(f"{doc.partnership} · {doc.kind_label} · {doc.status_line} · Page "))
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for paragraph in (header, footer):
        for r in paragraph.runs:
            r.font.size = Pt(9)


def briefing_docx(doc: BriefingDocument) -> bytes:
    document = Document()
    _styles(document)
    _header_footer(document, doc)
    document.core_properties.title = _clean(doc.title)
    document.core_properties.author = _clean(doc.partnership)
    document.core_properties.subject = f"{doc.kind_label} {doc.ref}"
    document.add_heading(_clean(doc.title), level=1)
    meta = document.add_paragraph()
    meta.add_run(f"{doc.kind_label} · ").bold = True
    status = meta.add_run(_clean(doc.status_line))
    status.bold = True
    if doc.draft:
        status.font.color.rgb = DRAFT_RED
    for section in doc.sections:
        document.add_heading(_clean(section.heading), level=2)
        if section.empty:
            document.add_paragraph("Not written yet.").runs[0].italic = True
        for block in section.blocks:
            if block.kind == "paragraph":
                document.add_paragraph(_clean(block.text))
            else:
                style = "List Number" if block.kind == "numbered" else "List Bullet"
                for item in block.items:
                    document.add_paragraph(_clean(item), style=style)
    closing = document.add_paragraph()
    who = (
        f"A draft of {doc.partnership}: not for circulation."
        if doc.draft
        else f"Published by {doc.partnership} on {doc.published_on}."
    )
    closing.add_run(
        _clean(f"{who} Children and family members are named by pseudonym only.")
    ).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
