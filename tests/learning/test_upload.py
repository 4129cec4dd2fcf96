"""Uploading a review's report: real PDF and Word files are read and tagged; files that cannot be
read are refused with a clear message and nothing is kept (no row, no file)."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.core.models import AuditLog
from casereviews.learning.models import ReviewReport, TagSource, TagState
from tests.learning.conftest import kept_files, report_docx, report_pdf, scanned_pdf

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(client, review, name: str, data: bytes, content_type: str = "application/pdf"):
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(f"/reviews/{review.pk}/reports/new/", {"file": upload})


def _check_themes(report) -> dict:
    tags = {t.theme_id: t for t in report.tags.all()}
    assert {"domestic-abuse", "information-sharing", "voice-of-child"} <= set(tags)
    for tag in tags.values():
        assert tag.source == TagSource.ENGINE and tag.state == TagState.SUGGESTED
        assert 1 <= len(tag.evidence) <= 3
        assert [e.kind for e in tag.events.all()] == ["suggested"]
    return tags


def test_a_pdf_report_is_read_tagged_and_kept(world, client_for, review, files_root):
    client = client_for(world.reviewer)
    response = _upload(client, review, "Child A SCR.pdf", report_pdf())
    report = ReviewReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    assert report.original_name == "Child A SCR.pdf" and report.pages == 1
    assert report.status == "analysed" and report.uploaded_by == world.reviewer
    tags = _check_themes(report)
    quote = tags["domestic-abuse"].evidence[0]
    assert "MARAC" in quote["text"] or "domestic" in quote["text"]
    assert quote["section"] == "Findings"
    assert [p.name for p in kept_files(files_root)] == [report.stored_name.rsplit("/", 1)[1]]
    assert AuditLog.objects.filter(object_type="learning.ReviewReport", action="create").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Domestic abuse" in page and "MARAC" in page and "Extreme neglect" in page


def test_a_word_report_is_read_and_tagged(world, client_for, review, files_root):
    response = _upload(client_for(world.business_unit), review, "scr.docx", report_docx(), DOCX)
    assert response.status_code == 302
    report = ReviewReport.objects.get()
    assert report.content_type == DOCX
    _check_themes(report)


def test_the_report_page_confirms_and_rejects(world, client_for, review, files_root):
    client = client_for(world.reviewer)
    _upload(client, review, "scr.pdf", report_pdf())
    tags = _check_themes(ReviewReport.objects.get())
    da, voice = tags["domestic-abuse"], tags["voice-of-child"]
    response = client.post(f"/themes/{da.pk}/accept/")
    assert response.status_code == 302 and response["Location"].endswith(f"#tag-{da.pk}")
    client.post(f"/themes/{voice.pk}/reject/", {"reason": "Only a heading"})
    da.refresh_from_db()
    voice.refresh_from_db()
    assert da.state == TagState.ACCEPTED and da.decided_by == world.reviewer
    assert voice.state == TagState.REJECTED and voice.reason == "Only a heading"
    page = client.get(f"/reports/{da.report_id}/").content.decode()
    assert "Confirmed" in page and "Reason: Only a heading" in page


def _refused(response, message: str, files_root) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page, page[page.find("govuk-error-summary") :][:800]
    assert not ReviewReport.objects.exists()
    assert kept_files(files_root) == []


def test_a_renamed_binary_is_refused(world, client_for, review, files_root):
    response = _upload(client_for(world.reviewer), review, "report.pdf", b"\x7fELF\x02\x01" * 200)
    _refused(response, "report.pdf is not really a PDF", files_root)


def test_a_renamed_image_as_word_is_refused(world, client_for, review, files_root):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500
    response = _upload(client_for(world.reviewer), review, "report.docx", png, DOCX)
    _refused(response, "report.docx is not really a Word document", files_root)


def test_an_empty_file_is_refused(world, client_for, review, files_root):
    response = _upload(client_for(world.reviewer), review, "report.pdf", b"")
    _refused(response, "report.pdf is empty", files_root)


def test_a_scanned_pdf_without_text_is_refused(world, client_for, review, files_root):
    response = _upload(client_for(world.reviewer), review, "scan.pdf", scanned_pdf())
    _refused(response, "scan.pdf has no text layer; it may be a scanned image", files_root)


def test_a_password_protected_pdf_is_refused(world, client_for, review, files_root):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(report_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    response = _upload(client_for(world.reviewer), review, "locked.pdf", out.getvalue())
    _refused(response, "locked.pdf is password-protected", files_root)


def test_a_damaged_pdf_is_refused(world, client_for, review, files_root):
    data = report_pdf()[:400]
    response = _upload(client_for(world.reviewer), review, "cut.pdf", data)
    _refused(response, "cut.pdf is not a valid PDF", files_root)


def test_a_file_over_the_size_limit_is_refused(world, client_for, review, files_root, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = _upload(client_for(world.reviewer), review, "big.pdf", report_pdf())
    _refused(response, "The file is too big: the largest file accepted is 1 KB", files_root)


def test_a_spreadsheet_is_not_a_report(world, client_for, review, files_root):
    response = _upload(client_for(world.reviewer), review, "tracker.xlsx", b"PK\x03\x04 x")
    _refused(response, "tracker.xlsx must be a PDF or Word document", files_root)


def test_no_file_chosen(world, client_for, review, files_root):
    response = client_for(world.reviewer).post(f"/reviews/{review.pk}/reports/new/", {})
    _refused(response, "Choose a PDF or Word document to upload", files_root)
