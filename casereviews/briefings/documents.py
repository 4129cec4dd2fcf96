"""A briefing as a PDF (WeasyPrint, through core.pdf) and as a Word file (python-docx).

Both are made from the same content model (presenters.BriefingDocument) as the page, so the three
always have the same headings in the same order. They look like the partnership's own
publication: its name as the masthead and in the footer, no crown and no GOV.UK branding.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from casereviews.core.pdf import render_pdf
from casereviews.core.word import A4_LONG, A4_SHORT, clean, to_bytes

from .presenters import BriefingDocument

PDF_TYPE = "application/pdf"

# The partnership's colours in both documents.
INK = RGBColor(0x0B, 0x0C, 0x0C)
BRAND = RGBColor(0x00, 0x5E, 0x5D)
DRAFT_RED = RGBColor(0xB1, 0x0E, 0x1E)


def briefing_html(doc: BriefingDocument) -> str:
    """The print HTML (autoescaped: whatever the author typed is text, never markup)."""
    return render_to_string("briefings/document.html", {"doc": doc})


def briefing_pdf(doc: BriefingDocument) -> bytes:
    return render_pdf(briefing_html(doc))


# -- Word -------------------------------------------------------------------------------------


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
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    header = section.header.paragraphs[0]
    run = header.add_run(clean(doc.partnership))
    run.bold = True
    run.font.color.rgb = BRAND
    header.add_run(f"   {doc.kind_label}")
    if doc.draft:
        draft = header.add_run(f"   {doc.draft_mark}: not for circulation")
        draft.bold = True
        draft.font.color.rgb = DRAFT_RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(clean(f"{doc.partnership} · {doc.kind_label} · {doc.status_line} · Page "))
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
    document.core_properties.title = clean(doc.title)
    document.core_properties.author = clean(doc.partnership)
    document.core_properties.subject = f"{doc.kind_label} {doc.ref}"
    document.add_heading(clean(doc.title), level=1)
    meta = document.add_paragraph()
    meta.add_run(f"{doc.kind_label} · ").bold = True
    status = meta.add_run(clean(doc.status_line))
    status.bold = True
    if doc.draft:
        status.font.color.rgb = DRAFT_RED
    for section in doc.sections:
        document.add_heading(clean(section.heading), level=2)
        if section.empty:
            document.add_paragraph("Not written yet.").runs[0].italic = True
        for block in section.blocks:
            if block.kind == "paragraph":
                document.add_paragraph(clean(block.text))
            else:
                style = "List Number" if block.kind == "numbered" else "List Bullet"
                for item in block.items:
                    document.add_paragraph(clean(item), style=style)
    closing = document.add_paragraph()
    who = (
        f"A {doc.draft_mark.lower()} version of {doc.partnership}: not for circulation."
        if doc.draft
        else f"Published by {doc.partnership} on {doc.published_on}."
    )
    closing.add_run(
        clean(f"{who} Children and family members are named by pseudonym only.")
    ).italic = True
    return to_bytes(document)
