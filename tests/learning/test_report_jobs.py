"""A long review report (more pages than CASEREVIEWS_JOBS_REPORT_PAGES) is read and tagged by
a background job: the upload is kept, the person follows the job, then sees the report's
themes. A report that cannot be read fails the job with the reason and keeps nothing. A short
report is still read in the request."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.core.jobs.models import Job
from casereviews.learning.models import ReviewReport
from tests.core.run_jobs import run_worker
from tests.learning.conftest import REPORT_HTML, kept_files, report_docx, report_pdf

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FILLER = (
    '<p style="page-break-before: always">The panel met again to consider the chronology '
    "of agency contact during this period.</p>"
)


def _long_pdf(pages: int = 60) -> bytes:
    from casereviews.core.pdf import render_pdf

    return render_pdf(REPORT_HTML + FILLER * (pages - 1))


def _long_scan(pages: int = 60) -> bytes:
    from casereviews.core.pdf import render_pdf

    box = '<div style="width:300px;height:400px;background:#333;page-break-after:always"></div>'
    return render_pdf(box * pages)


def _upload(client, review, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(f"/reviews/{review.pk}/reports/new/", {"file": upload})


def test_a_long_report_is_read_by_a_job_and_its_themes_appear(
    world, client_for, review, files_root
):
    client = client_for(world.reviewer)
    response = _upload(client, review, "Child A SCR.pdf", _long_pdf())
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert not ReviewReport.objects.exists()  # nothing read in the request
    assert len(kept_files(files_root)) == 1  # the upload, kept for the job
    page = client.get(response["Location"]).content.decode()
    assert "being read in the background" in page and "Waiting to start" in page

    assert run_worker() == 1
    job.refresh_from_db()
    assert job.status == "done", job.error
    report = ReviewReport.objects.get()
    assert report.pages == 60 and report.uploaded_by == world.reviewer
    assert {"domestic-abuse", "information-sharing", "voice-of-child"} <= {
        t.theme_id for t in report.tags.all()
    }
    assert job.kept_files == []  # the report's file now: the sweep leaves it alone
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Child A SCR.pdf has been read" in page
    assert f'href="/reports/{report.pk}/"' in page
    assert "Domestic abuse" in client.get(f"/reports/{report.pk}/").content.decode()
    assert [p.name for p in kept_files(files_root)] == [report.stored_name.rsplit("/", 1)[1]]


def test_a_short_report_is_still_read_in_the_request(world, client_for, review, files_root):
    response = _upload(client_for(world.reviewer), review, "short.pdf", report_pdf())
    report = ReviewReport.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/"
    assert not Job.objects.exists()


def test_a_long_scan_fails_the_job_with_the_reason_and_keeps_nothing(
    world, client_for, review, files_root
):
    client = client_for(world.reviewer)
    response = _upload(client, review, "scan.pdf", _long_scan())
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "scan.pdf has no text layer; it may be a scanned image" in page
    assert "Nothing has been kept" in page
    assert not ReviewReport.objects.exists()
    assert kept_files(files_root) == []


def test_a_damaged_large_file_is_refused_at_once_without_a_job(
    world, client_for, review, files_root, settings
):
    """The upload's own checks find a cut-short PDF before any job is queued."""
    settings.JOBS_REPORT_BYTES = 100  # its pages cannot be counted: its size would decide
    response = _upload(client_for(world.reviewer), review, "cut.pdf", report_pdf()[:400])
    assert response.status_code == 200
    assert "cut.pdf is not a valid PDF" in response.content.decode()
    assert not Job.objects.exists() and not ReviewReport.objects.exists()
    assert kept_files(files_root) == []


def test_a_big_word_report_goes_by_its_size(world, client_for, review, files_root, settings):
    settings.JOBS_REPORT_BYTES = 1000
    upload = SimpleUploadedFile("scr.docx", report_docx(), content_type=DOCX)
    client = client_for(world.reviewer)
    response = client.post(f"/reviews/{review.pk}/reports/new/", {"file": upload})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_worker()
    report = ReviewReport.objects.get()
    assert "domestic-abuse" in {t.theme_id for t in report.tags.all()}


def test_only_the_starter_and_the_business_unit_follow_the_job(
    world, client_for, review, files_root
):
    _upload(client_for(world.reviewer), review, "Child A SCR.pdf", _long_pdf())
    job = Job.objects.get()
    url = f"/jobs/{job.pk}/"
    assert client_for(world.business_unit).get(url).status_code == 200
    for other in (world.practitioner, world.subgroup_member, world.outsider):
        assert client_for(other).get(url).status_code == 404
    listed = client_for(world.business_unit).get("/jobs/").content.decode()
    assert "Reading a review&#39;s report" in listed or "Reading a review's report" in listed
    assert "Child A SCR.pdf" not in listed


def test_a_report_job_of_someone_no_longer_allowed_keeps_nothing(
    world, client_for, review, files_root
):
    _upload(client_for(world.reviewer), review, "Child A SCR.pdf", _long_pdf())
    review.reviewers.remove(world.reviewer)
    world.reviewer.is_active = False
    world.reviewer.save()
    run_worker()
    job = Job.objects.get()
    assert job.status == "failed" and "you may no longer add reports" in job.error
    assert not ReviewReport.objects.exists() and kept_files(files_root) == []
