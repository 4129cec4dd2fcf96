"""A tracker over settings.JOBS_IMPORT_ROWS rows is checked and imported by the worker (a job),
all or nothing; below it, the import stays in the request (test_import_journey)."""

from __future__ import annotations

import pytest

from casereviews.actions.models import Action, ImportBatch, Recommendation
from casereviews.core.models import Job
from tests.actions.fixtures_import import csv_bytes, good_rows, preview_of, xlsx_bytes
from tests.core.run_jobs import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.JOBS_IMPORT_ROWS = 3  # the four good rows are "big"


def _kept_uploads(files_root) -> list:
    return [p for p in (files_root / "imports").rglob("*") if p.is_file()]


def test_a_big_tracker_is_imported_by_a_job(world, client_for, review, files_root):
    client = client_for(world.business_unit)
    page = preview_of(client, "Tracker.xlsx", xlsx_bytes(good_rows())).content.decode()
    assert "Check and import the rows in the background" in page
    assert "There are about 4 rows below the headings in row 1" in page
    assert "Check and import the rows" in page

    response = client.post("/actions/import/confirm/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status) == ("Import of an action tracker", "queued")
    assert not Action.objects.exists()
    assert "actions_import" not in client.session  # the job has the upload now

    run_worker()

    job.refresh_from_db()
    assert job.status == "done", job.error
    batch = ImportBatch.objects.get()
    assert Action.objects.filter(import_batch=batch).count() == 4
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "4 actions imported from Tracker.xlsx" in page
    assert f'href="/actions/import/{batch.pk}/"' in page
    assert not _kept_uploads(files_root)  # thrown away once imported


def test_a_big_tracker_with_bad_rows_imports_nothing_and_lists_them(
    world, client_for, review, files_root
):
    rows = good_rows()
    rows[1][3] = "Nobody at all"  # no such agency
    rows[2][5] = "someday"  # no date
    client = client_for(world.business_unit)
    preview_of(client, "Tracker.csv", csv_bytes(rows))
    client.post("/actions/import/confirm/")
    run_worker()

    job = Job.objects.get()
    assert job.status == "failed"
    assert not (Action.objects.exists() or Recommendation.objects.exists())
    assert not ImportBatch.objects.exists()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Nothing was imported from Tracker.csv: 2 rows did not pass the checks" in page
    assert "Nobody at all" not in page  # the job says why; the rows' content is in the file
    response = client.get(f"/jobs/{job.pk}/download/")
    listing = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert listing[0] == "Row,Column,Problem"
    assert [line.split(",")[0] for line in listing[1:]] == ["3", "4"]
    assert "Nobody at all" in listing[1]
    assert not _kept_uploads(files_root)


def test_a_file_imported_before_is_refused_by_the_job_too(world, client_for, review):
    client = client_for(world.business_unit)
    # The same bytes twice: a workbook made again a second later differs (its saved time).
    tracker = xlsx_bytes(good_rows())
    for _ in range(2):
        preview_of(client, "Tracker.xlsx", tracker)
        client.post("/actions/import/confirm/")
        run_worker()
    first, second = Job.objects.order_by("pk")
    assert (first.status, second.status) == ("done", "failed")
    assert "Importing it again would add its actions twice" in second.error
    assert ImportBatch.objects.count() == 1


def test_an_agency_lead_imports_only_their_agency_in_a_job_too(world, client_for, review):
    client = client_for(world.subgroup_member)  # police
    preview_of(client, "Tracker.xlsx", xlsx_bytes(good_rows()))
    client.post("/actions/import/confirm/")
    run_worker()
    job = Job.objects.get()
    assert job.status == "failed"
    assert not Action.objects.exists()
