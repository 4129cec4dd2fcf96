"""Hostile files are refused before anything parses them, and nothing of them is kept.

Every file here is built in the test (tests/core/hostile.py) and read back by the real checks.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.core import files
from tests.core import hostile

MB = 1024 * 1024


@pytest.fixture
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def _refused(files_root, name: str, content: bytes, kinds=files.EVIDENCE_KINDS) -> str:
    with pytest.raises(files.UploadRejected) as caught:
        files.store_upload(SimpleUploadedFile(name, content), kinds=kinds, folder="evidence")
    assert not files_root.exists() or not [p for p in files_root.rglob("*") if p.is_file()]
    return str(caught.value)


# --- Zip-based Office files -------------------------------------------------------------------


def test_a_zip_bomb_named_xlsx_is_refused_by_what_it_would_unpack_to(files_root, settings):
    settings.MAX_UNPACKED_BYTES = 20 * MB
    settings.MAX_ARCHIVE_RATIO = 10**9  # so the size, not the ratio, refuses it
    message = _refused(files_root, "tracker.xlsx", hostile.bomb_bytes(60 * MB))
    assert message == (
        "tracker.xlsx would unpack to more than 20 MB: the most accepted is 20 MB unpacked"
    )


def test_a_zip_bomb_is_refused_by_its_ratio_with_the_default_limits(files_root):
    message = _refused(files_root, "tracker.xlsx", hostile.bomb_bytes(30 * MB))
    assert message == "tracker.xlsx is packed more tightly than any real Office file (over 250:1)"


def test_a_header_that_lies_about_its_size_is_caught_while_unpacking(files_root):
    real = hostile.zip_of(
        {
            "[Content_Types].xml": hostile.CONTENT_TYPES,
            "xl/workbook.xml": hostile.WORKBOOK,
            "xl/worksheets/sheet1.xml": b"<row/>" * 200_000,
        }
    )
    lying = hostile.with_declared_size(real, "xl/worksheets/sheet1.xml", 1000)
    message = _refused(files_root, "tracker.xlsx", lying)
    assert message.endswith("unpacks to more than its table of contents says: it is not a real "
                            "Office file")  # fmt: skip


def test_overlapping_members_are_refused(files_root):
    real = hostile.zip_of(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", "xl/x.xml": b"<x/>"}
    )
    message = _refused(files_root, "tracker.xlsx", hostile.with_overlap(real))
    assert "overlap" in message


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("../../evil.xml", "holds a file with a name that points outside it"),
        ("/etc/evil.xml", "holds a file with a name that points outside it"),
        ("xl/vbaProject.bin", "holds macros"),
    ],
)
def test_odd_members_are_refused(files_root, member, message):
    content = hostile.zip_of(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", member: b"x"}
    )
    assert message in _refused(files_root, "tracker.xlsx", content)


def test_too_many_members_are_refused_with_the_limit(files_root, settings):
    settings.MAX_ARCHIVE_ENTRIES = 20
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>"}
    members |= {f"word/media/image{n}.png": b"x" for n in range(30)}
    message = _refused(files_root, "audit.docx", hostile.zip_of(members))
    assert message == "audit.docx holds 32 files inside it: the most accepted is 20"


def test_a_word_file_without_its_content_types_is_refused(files_root):
    message = _refused(files_root, "audit.docx", hostile.zip_of({"word/document.xml": b"<d/>"}))
    assert message == "audit.docx is missing [Content_Types].xml, which every such file has"


def test_data_hidden_after_the_zip_is_refused(files_root):
    real = hostile.zip_of({"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>"})
    message = _refused(files_root, "tracker.xlsx", real + b"<html><script>alert(1)</script>")
    assert message == "tracker.xlsx has data hidden after its end"


def test_a_real_workbook_and_word_file_still_pass(files_root):
    import docx
    import openpyxl

    book = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ref", "Action"])
    workbook.save(book)
    document = io.BytesIO()
    docx.Document().save(document)
    for name, content in (("t.xlsx", book.getvalue()), ("a.docx", document.getvalue())):
        stored = files.store_upload(
            SimpleUploadedFile(name, content), kinds=files.EVIDENCE_KINDS, folder="evidence"
        )
        assert files.read_bytes(stored.stored_name) == content


# --- PDF --------------------------------------------------------------------------------------


def test_a_real_pdf_passes(files_root):
    content = hostile.pdf_bytes(pages=3)
    stored = files.store_upload(
        SimpleUploadedFile("e.pdf", content), kinds=files.EVIDENCE_KINDS, folder="evidence"
    )
    assert files.read_bytes(stored.stored_name) == content


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>",
        hostile.pdf_bytes() + b"<html><script>alert(document.cookie)</script></html>",
        hostile.pdf_bytes() + hostile.zip_of({"payload.exe": b"MZ" * 100}),
    ],
    ids=["pdf-header-then-html", "html-after-the-pdf", "zip-after-the-pdf"],
)
def test_a_polyglot_pdf_is_refused(files_root, content):
    message = _refused(files_root, "evidence.pdf", content)
    assert message.startswith("evidence.pdf is not only a PDF")


def test_a_pdf_with_a_zip_directory_at_its_end_is_refused(files_root):
    zipped = hostile.zip_of({"a.txt": b"hello"})
    content = hostile.pdf_bytes() + b"\n%" + zipped[-22:]  # a zip directory in the last bytes
    message = _refused(files_root, "evidence.pdf", content)
    assert message.startswith("evidence.pdf is not only a PDF")


def test_a_pdf_with_data_after_its_end_is_refused(files_root):
    message = _refused(files_root, "e.pdf", hostile.pdf_bytes() + b"\x01hidden" * 400)
    assert message.startswith("e.pdf has other data after the end of the PDF")


def test_blank_padding_after_a_pdf_is_accepted(files_root):
    files.store_upload(
        SimpleUploadedFile("e.pdf", hostile.pdf_bytes() + b"\r\n\x00\x00  \n"),
        kinds=files.EVIDENCE_KINDS,
        folder="evidence",
    )


def test_a_pdf_over_the_page_limit_is_refused_with_the_limit(files_root, settings):
    settings.MAX_PDF_PAGES = 3
    message = _refused(files_root, "long.pdf", hostile.pdf_bytes(pages=5))
    assert message.startswith("long.pdf has 5 pages: the most accepted is 3")


def _pdf_with(change) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(hostile.pdf_bytes())))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_javascript(writer: pypdf.PdfWriter) -> None:
    """Document-level JavaScript, in the Names tree where PDF readers run it on opening."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(action)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def test_a_pdf_with_javascript_is_refused(files_root):
    content = _pdf_with(_add_javascript)
    assert _refused(files_root, "e.pdf", content) == (
        "e.pdf holds JavaScript. Print it to a new PDF without scripts, then upload that"
    )


def test_a_pdf_with_a_file_attached_is_refused(files_root):
    content = _pdf_with(lambda w: w.add_attachment("run.exe", b"MZ" * 50))
    assert "e.pdf has other files attached inside it" in _refused(files_root, "e.pdf", content)


def test_a_damaged_pdf_is_refused(files_root):
    message = _refused(files_root, "cut.pdf", hostile.pdf_bytes()[:600])
    assert message == "cut.pdf is not a valid PDF: it is damaged or cut short"


# --- Images -----------------------------------------------------------------------------------


def test_real_images_pass(files_root):
    for name, format_ in (("p.png", "PNG"), ("p.jpg", "JPEG")):
        content = hostile.image_bytes(format_)
        stored = files.store_upload(
            SimpleUploadedFile(name, content), kinds=files.EVIDENCE_KINDS, folder="evidence"
        )
        assert files.read_bytes(stored.stored_name) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"<html><script>alert(1)</script></html>", "is not really a PNG image"),
        ("photo.jpg", b"<!doctype html><p>hi</p>", "is not really a JPEG image"),
        (
            "photo.png",
            hostile.image_bytes("PNG") + b"<script>alert(1)</script>",
            "has other data after the end of the image",
        ),
        (
            "photo.jpg",
            hostile.image_bytes("JPEG") + hostile.zip_of({"a.txt": b"x"}),
            "has other data after the end of the image",
        ),
        (
            "photo.jpg",
            hostile.image_bytes("JPEG", comment=b"<script>alert(1)</script>"),
            "is not only an image: it holds a web page or script",
        ),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not a valid PNG image"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "is not a valid JPEG image"),
    ],
    ids=["html-as-png", "html-as-jpeg", "png-then-script", "jpeg-then-zip", "jpeg-comment",
         "png-signature-only", "jpeg-signature-only"],
)  # fmt: skip
def test_an_image_that_is_not_only_an_image_is_refused(files_root, name, content, message):
    assert message in _refused(files_root, name, content)
