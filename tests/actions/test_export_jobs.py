"""An export of more than settings.JOBS_EXPORT_ROWS actions is made by a background job; a
smaller one is still the file straight away (test_plan)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from casereviews.core.models import AuditLog, Job
from tests.core.run_jobs import run_worker

pytestmark = pytest.mark.django_db


def test_a_big_export_is_prepared_by_a_job_for_its_starter(
    world, client_for, settings, police_action, health_action
):
    settings.JOBS_EXPORT_ROWS = 1
    client = client_for(world.business_unit)
    url = f"/actions/export/?format=csv&agency={world.police.pk}"
    assert client.get(url)["Content-Type"].startswith("text/csv")  # one action: straight away

    url = "/actions/export/?format=csv"
    page = client.get(url).content.decode()
    assert "Prepare the export in the background" in page
    assert "The export holds 2 actions" in page
    assert not Job.objects.exists()  # opening the page starts nothing

    response = client.post(url)
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_worker()

    job.refresh_from_db()
    assert job.status == "done", job.error
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "ready to download" in page
    assert "Download action-plan-2026-10-01.csv" in page
    response = client.get(f"/jobs/{job.pk}/download/")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert police_action.description in body and health_action.description in body
    assert response["Content-Type"] == "text/csv"
    entry = AuditLog.objects.filter(action="export").order_by("id").last()  # the job's
    assert (entry.actor, entry.changes["records"]) == (world.business_unit, 2)
    # An agency lead of the partnership cannot follow it; the starter's colleague in the
    # business unit can, but the file stays the starter's.
    assert client_for(world.subgroup_member).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_big_excel_export_made_by_a_job_reads_back(
    world, client_for, settings, police_action, health_action
):
    settings.JOBS_EXPORT_ROWS = 1
    client = client_for(world.business_unit)
    client.post("/actions/export/?format=xlsx")
    run_worker()
    job = Job.objects.get()
    assert job.status == "done", job.error
    response = client.get(f"/jobs/{job.pk}/download/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[1]][:2] == ["Review", "Recommendation number"]
    assert {sheet.cell(row, 4).value for row in (2, 3)} == {
        police_action.description,
        health_action.description,
    }
    assert sheet.auto_filter.ref == "A1:L3"
    entry = AuditLog.objects.filter(action="export").order_by("id").last()
    assert (entry.changes["format"], entry.changes["records"]) == ("xlsx", 2)
