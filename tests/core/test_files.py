"""Uploads are checked for what they really are and kept outside the web root."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from casereviews.core import files
from casereviews.core.pdf import render_pdf


@pytest.fixture
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Evidence of impact: audit of 20 cases.")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ref", "Action"])
    workbook.save(buffer)
    return buffer.getvalue()


def _image_bytes(format_: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (29, 112, 184)).save(buffer, format=format_)
    return buffer.getvalue()


PNG = _image_bytes("PNG")
JPEG = _image_bytes("JPEG")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("audit.docx", _docx_bytes(), "docx"),
        ("tracker.xlsx", _xlsx_bytes(), "xlsx"),
        ("photo.png", PNG, "png"),
        ("photo.JPG", JPEG, "jpeg"),
    ],
)
def test_each_allowed_kind_is_kept_outside_the_web_root(files_root, name, content, kind):
    stored = files.store_upload(
        SimpleUploadedFile(name, content), kinds=files.EVIDENCE_KINDS, folder="evidence"
    )
    assert stored.kind == kind
    assert stored.size == len(content)
    path = files.stored_path(stored.stored_name)
    assert path.read_bytes() == content
    assert files_root in path.parents
    assert name not in stored.stored_name  # a random name, not the uploader's


def test_a_real_pdf_is_kept(files_root):
    content = render_pdf("<h1>Evidence</h1>")
    stored = files.store_upload(
        SimpleUploadedFile("evidence.pdf", content), kinds=files.REPORT_KINDS, folder="reports"
    )
    assert stored.content_type == "application/pdf"
    assert files.read_bytes(stored.stored_name) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 this is a Windows program", "is not really a PDF"),
        ("report.docx", b"%PDF-1.7 a PDF renamed", "is not really a Word document"),
        ("report.docx", b"PK\x03\x04" + b"\x00" * 40, "is not really a Word document"),
        ("report.exe", b"MZ\x90\x00", "must be a PDF or Word document"),
        ("report.pdf", b"", "is empty"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_kept(
    files_root, name, content, message
):
    with pytest.raises(files.UploadRejected, match=message):
        files.store_upload(
            SimpleUploadedFile(name, content), kinds=files.REPORT_KINDS, folder="reports"
        )
    assert not files_root.exists() or not any(files_root.rglob("*.*"))


def test_a_zip_that_is_neither_word_nor_excel_is_refused(files_root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(files.UploadRejected, match="not really an Excel workbook"):
        files.store_upload(
            SimpleUploadedFile("tracker.xlsx", buffer.getvalue()),
            kinds=files.TRACKER_KINDS,
            folder="imports",
        )


def test_a_file_over_the_limit_is_refused_with_the_limit(files_root, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(files.UploadRejected, match="the largest file accepted is 1 KB"):
        files.store_upload(
            SimpleUploadedFile("big.png", PNG + b"\x00" * 2048),
            kinds=files.EVIDENCE_KINDS,
            folder="evidence",
        )


def test_the_uploaders_folder_names_are_dropped():
    assert files.safe_name("../../etc/passwd") == "passwd"
    assert files.safe_name("C:\\Users\\me\\report.pdf") == "report.pdf"
    assert files.safe_name('a<b>"c".pdf') == "abc.pdf"


def test_a_stored_name_cannot_leave_the_files_root(files_root):
    with pytest.raises(ValueError, match="outside FILES_ROOT"):
        files.stored_path("../../etc/passwd")


def test_a_kept_file_is_served_as_a_private_download(files_root):
    stored = files.store_upload(
        SimpleUploadedFile("photo.png", PNG), kinds=files.EVIDENCE_KINDS, folder="evidence"
    )
    response = files.file_response(stored.stored_name, "photo of the poster.png", "image/png")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "photo of the poster.png" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PNG


# --- The upload handler: a body over the limit is refused without being kept ---------------


def _upload_view(request):
    message = files.upload_too_large(request)
    if message:
        return HttpResponse(message, status=413)
    upload = request.FILES["file"]
    return HttpResponse(f"received {upload.size}")


urlpatterns = [path("upload/", _upload_view)]


@pytest.mark.urls(__name__)
def test_an_upload_over_the_limit_is_stopped_with_a_message(client, settings, db):
    settings.MAX_UPLOAD_BYTES = 100 * 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * (300 * 1024))
    response = _post(client, "/upload/", big)
    assert response.status_code == 413
    assert b"largest file accepted is 100 KB" in response.content


@pytest.mark.urls(__name__)
def test_an_upload_under_the_limit_arrives_whole(client, settings, db):
    settings.MAX_UPLOAD_BYTES = 100 * 1024
    small = SimpleUploadedFile("small.pdf", b"%PDF-" + b"x" * 1000)
    response = _post(client, "/upload/", small)
    assert response.status_code == 200
    assert response.content == b"received 1005"


def _post(client, url, upload):
    # The site requires sign-in; any signed-in user reaches the test view.
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    return client.post(url, {"file": upload})


def test_request_factory_upload_is_parsed_by_the_handler(settings):
    settings.MAX_UPLOAD_BYTES = 10
    request = RequestFactory().post("/x/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-" * 100)})
    assert files.upload_too_large(request)
