"""Background jobs (core.jobs): queued, run by the database worker's own `run_task` (in this
process: tests/core/run_jobs.py; the worker command as a process: test_worker_process.py),
followed on their page; only the starter and their business unit see one.
"""

from __future__ import annotations

import pytest

from casereviews.core import jobs
from casereviews.core.models import AuditLog, Job
from tests.core import jobtasks
from tests.core.run_jobs import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


def test_a_job_waits_then_runs_and_its_page_shows_progress_then_the_result(world, client_for):
    client = client_for(world.subgroup_member)
    job = jobs.enqueue(world.subgroup_member, jobtasks.count_to, kind="Counting", upto=5)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Waiting to start" in page
    assert 'data-job-poll="2000"' in page  # casereviews-init.js refreshes it
    assert "Check again" in page
    assert AuditLog.objects.filter(object_type="core.Job", object_id=str(job.pk)).exists()

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 5, 5)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Counted to 5" in page
    assert "data-job-poll" not in page
    assert "Download counted.csv" in page
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"1,2,3\r\n"
    assert response["Cache-Control"] == "private, no-store"
    assert "Counting" in client.get("/jobs/").content.decode()


def test_a_running_job_shows_how_far_it_has_got(world, client_for):
    job = jobs.enqueue(world.business_unit, jobtasks.count_to, kind="Counting", upto=5)
    job.status = "running"
    job.save()
    # As a worker would, from its own process (a new Progress: the first write is not held back).
    jobs.Progress(job).step("Counting", total=50_000, unit="rows")
    jobs.Progress(job).advance(12_000)
    page = client_for(world.business_unit).get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-progress" class="app-progress" max="50000" value="12000">' in page
    assert "12,000 of 50,000 rows (24%)" in page


def test_a_refused_job_says_why(world, client_for):
    job = jobs.enqueue(world.business_unit, jobtasks.refuse, kind="Refusing")
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    page = client_for(world.business_unit).get(f"/jobs/{job.pk}/").content.decode()
    assert "The job did not finish" in page
    assert "Nothing was done: the file has no rows" in page


def test_a_job_that_breaks_says_so_without_quoting_the_record(world, client_for, caplog):
    job = jobs.enqueue(world.business_unit, jobtasks.break_down, kind="Breaking", name="Jane Smith")
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert f"a fault on our side (job {job.pk})" in job.error
    page = client_for(world.business_unit).get(f"/jobs/{job.pk}/").content.decode()
    assert "Jane Smith" not in page
    assert "Jane Smith" not in caplog.text
    assert "ValueError" in caplog.text  # the log names what broke, for whoever runs the site


def test_the_starter_and_their_business_unit_follow_a_job_nobody_else(world, client_for):
    job = jobs.enqueue(world.subgroup_member, jobtasks.count_to, kind="Counting", upto=2)
    run_worker()
    url = f"/jobs/{job.pk}/"
    assert client_for(world.subgroup_member).get(url).status_code == 200
    # The business unit follows it, but the file is the starter's: it holds what they may see.
    page = client_for(world.business_unit).get(url).content.decode()
    assert "Counted to 2" in page
    assert "Only the person who started this job can download its file" in page
    assert client_for(world.business_unit).get(url + "download/").status_code == 404
    assert "Counting" in client_for(world.business_unit).get("/jobs/").content.decode()
    # Another agency lead of the partnership, and another partnership: not found.
    for user in (world.other_subgroup_member, world.outsider):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.get(url + "download/").status_code == 404
        assert "Counting" not in client.get("/jobs/").content.decode()


def test_a_job_runs_once(world):
    job = jobs.enqueue(world.business_unit, jobtasks.count_to, kind="Counting", upto=3)
    run_worker()
    Job.objects.filter(pk=job.pk).update(message="Seen")
    jobtasks.count_to.call(job_id=job.pk)  # the task delivered again
    job.refresh_from_db()
    assert (job.status, job.message) == ("done", "Seen")
