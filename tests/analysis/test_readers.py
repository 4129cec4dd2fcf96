"""Each document type reads into text; each kind of bad file gives its own clear error."""

from __future__ import annotations

import pytest

from casereviews.analysis.readers import (
    PAGE_BREAK,
    DocumentError,
    decode_text,
    markdown_to_text,
    read_document,
)


def test_pdf_text_layer_with_pages(files):
    doc = read_document(files.pdf())
    assert doc.kind == "pdf"
    assert doc.pages == 2
    assert "There was domestic abuse in the household" in doc.text
    assert "Page two of the review." in doc.text
    assert doc.text.count(PAGE_BREAK) == 1
    assert "\r" not in doc.text


def test_pdf_with_another_extension_is_read_as_pdf(files, tmp_path):
    src = files.pdf()
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(src.read_bytes())
    assert read_document(renamed).kind == "pdf"


def test_encrypted_pdf(files):
    with pytest.raises(DocumentError, match="is password-protected") as info:
        read_document(files.encrypted_pdf())
    assert info.value.path.endswith("locked.pdf")
    assert str(info.value).startswith(info.value.path)


def test_scanned_pdf_without_text_layer(files):
    with pytest.raises(DocumentError, match="has no text layer; it may be a scanned image"):
        read_document(files.scanned_pdf())


def test_truncated_pdf(files):
    with pytest.raises(DocumentError, match="damaged|truncated"):
        read_document(files.corrupt_pdf())


def test_png_renamed_pdf(files):
    expected = "not what its extension says: it is a PNG image, not a PDF"
    with pytest.raises(DocumentError, match=expected):
        read_document(files.png_as_pdf())


def test_text_renamed_pdf(files):
    path = files.text("fake.pdf")
    with pytest.raises(DocumentError, match="not what its extension says: it is plain text"):
        read_document(path)


def test_empty_file(files):
    with pytest.raises(DocumentError, match="is empty"):
        read_document(files.empty())


def test_whitespace_only_file(files):
    with pytest.raises(DocumentError, match="has no text"):
        read_document(files.text("blank.txt", "  \n\n \t\n"))


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        read_document(tmp_path / "nope.pdf")


def test_too_large(files, monkeypatch):
    path = files.text("big.txt", "word " * 1000)
    with pytest.raises(DocumentError, match="is too large"):
        read_document(path, max_bytes=100)
    monkeypatch.setenv("CASEREVIEWS_MAX_DOCUMENT_MB", "0.001")
    with pytest.raises(DocumentError, match="the limit is"):
        read_document(path)


def test_unsupported_type(files, tmp_path):
    path = tmp_path / "image.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    with pytest.raises(DocumentError, match="unsupported type"):
        read_document(path)


def test_zip_renamed_docx(tmp_path):
    import zipfile

    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match="it is a ZIP archive, not a Word"):
        read_document(path)


def test_corrupt_docx(files, tmp_path):
    src = files.docx().read_bytes()
    path = tmp_path / "broken.docx"
    path.write_bytes(src[: len(src) // 2])
    with pytest.raises(DocumentError, match="damaged|not a readable Word"):
        read_document(path)


def test_docx_paragraphs_headings_and_tables_in_order(files):
    doc = read_document(files.docx())
    assert doc.kind == "docx"
    assert doc.pages == 1
    lines = [line for line in doc.text.split("\n") if line]
    assert lines == [
        "Findings",
        "There was domestic abuse in the household.",
        "Agency | Contact",
        "GP | Mother's depression was not shared with the health visitor.",
        "Recommendations",
        "Agencies should share information about fathers.",
    ]


def test_html_drops_script_and_style_and_keeps_headings(files):
    doc = read_document(files.html())
    assert doc.kind == "html"
    assert "var x" not in doc.text
    assert "color: red" not in doc.text
    lines = doc.text.split("\n")
    assert "Learning" in lines
    assert "The father was not seen by any agency." in lines
    assert "\u2022 Drift & delay" in lines  # a list item stays a bullet: its own sentence
    # the h1-h6 headings are the document's sections, at their offsets in the text
    assert doc.sections and "Learning" in [s.title for s in doc.sections]
    for s in doc.sections:
        assert doc.text[s.start : s.heading_end] == s.title


def test_html_detected_from_content_with_htm_extension(files):
    doc = read_document(files.html("page.htm"))
    assert doc.kind == "html"


def test_markdown_stripped_lightly(files):
    doc = read_document(files.markdown())
    assert doc.kind == "markdown"
    lines = doc.text.split("\n")
    assert lines[0] == "Seven minute briefing"
    assert "Why it matters" in lines
    assert "The voice of the child was not heard. See the review." in lines
    assert "\u2022 Neglect was cumulative" in lines
    assert "\u2022 Strategy discussion not held" in lines
    titles = [s.title for s in doc.sections]
    assert titles[:2] == ["Seven minute briefing", "Why it matters"]
    for s in doc.sections:
        assert doc.text[s.start : s.heading_end] == s.title


def test_markdown_keeps_underscores_inside_words():
    assert markdown_to_text("a snake_case_name and _emph_") == "a snake_case_name and emph"


def test_text_in_cp1252(files):
    doc = read_document(files.text_cp1252())
    assert doc.kind == "text"
    assert "The school’s “concerns” about neglect – café – were recorded." in doc.text


def test_utf8_text_with_bom_and_crlf(files, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffLine one\r\nLine two – ok\r\n".encode())
    assert read_document(path).text == "Line one\nLine two – ok\n"


def test_decode_never_crashes():
    assert decode_text(bytes(range(256))).startswith("\x00\x01")
    assert decode_text("Ω".encode("utf-16")) == "Ω"


# --- structure: the document's own headings and pages ------------------------------------------


def test_word_heading_styles_are_the_sections(files):
    doc = read_document(files.docx())
    assert [s.title for s in doc.sections] == ["Findings", "Recommendations"]
    for s in doc.sections:
        assert doc.text[s.start : s.heading_end] == s.title
    from casereviews.analysis import tag_document

    result = tag_document(doc)
    evidence = result.get("domestic-abuse").evidence
    assert evidence and evidence[0].section == "Findings" and evidence[0].page is None


def test_a_pdf_outline_gives_the_sections_and_its_pages_give_page_numbers(files, tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = files.pdf(
        "plain.pdf",
        pages=[
            ["Contents", "1. Background 1", "2. What we found 2"],
            ["Background", "The family moved to the area in 2019."],
            [
                "What we found",
                "The mother's new partner was never assessed and no one spoke to the father.",
                "Domestic abuse was not recognised by any agency, and no referral was made",
                "to MARAC after the third police call-out.",
            ],
        ],
    )
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.add_outline_item(title="Background", page_number=1)
    writer.add_outline_item(title="What we found", page_number=2)
    path = tmp_path / "outlined.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)

    doc = read_document(path)
    assert doc.pages == 3
    assert [s.title for s in doc.sections] == ["Background", "What we found"]
    for s in doc.sections:
        assert doc.text[s.start : s.heading_end].strip() == s.title
    from casereviews.analysis import tag_document

    result = tag_document(doc)
    da = result.get("domestic-abuse")
    assert da.present
    assert {(e.page, e.section) for e in da.evidence} == {(3, "What we found")}


def test_a_pdf_word_hyphenated_across_lines_is_read_whole_and_found(files):
    from casereviews.analysis import tag_text

    lines = [
        "Findings",
        "Concerns about the neglect of the children were not subject to escala-",
        "tion to managers; the multi-",
        "agency meeting did not resolve the professional disagree-",
        "ment and no one escalated it.",
    ]
    doc = read_document(files.pdf("hyphens.pdf", [lines]))
    assert "subject to escalation to managers" in doc.text
    assert "the multi-agency meeting" in doc.text
    assert "professional disagreement and" in doc.text
    assert "escalation" in tag_text(doc.text).get("escalation").why.indicators
