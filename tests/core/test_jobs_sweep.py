"""A job whose worker stopped mid-way is marked failed by the sweep (`casereviews jobs sweep`,
and every worker as it starts), its kept upload removed; old finished jobs, their files and the
queue's finished rows are removed after JOBS_KEEP_DAYS."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casereviews.core import files, jobs
from casereviews.core.jobs.services import progress_path
from casereviews.core.models import Job
from tests.core import jobtasks
from tests.core.run_jobs import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    settings.JOBS_STALE_MINUTES = 60
    settings.JOBS_KEEP_DAYS = 30
    return settings.FILES_ROOT


def _kept(name: str) -> str:
    path = files.stored_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"Ref,Action\n")
    return name


def _left_running(actor, minutes_ago: int, kept_files=()) -> Job:
    """A job a worker claimed and then died in, `minutes_ago` since it last moved."""
    job = jobs.enqueue(actor, jobtasks.count_to, kind="Import", kept_files=list(kept_files), upto=5)
    then = timezone.now() - dt.timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", started_at=then)
    Job.objects.filter(pk=job.pk).update(status="running", started_at=then, updated_at=then)
    return job


def test_a_job_whose_worker_died_is_failed_and_its_upload_removed(world, client_for):
    upload = _kept("uploads/2026/tracker.csv")
    cache = _kept("uploads/2026/tracker.csv.Sheet1.jsonl")
    job = _left_running(world.subgroup_member, 90, kept_files=[upload])
    progress = progress_path(job.pk)
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.write_text('["Saving", 10, 100, "rows"]')
    old = (timezone.now() - dt.timedelta(minutes=90)).timestamp()
    os.utime(progress, (old, old))

    call_command("jobs", "sweep")

    job.refresh_from_db()
    assert job.status == "failed"
    assert "worker running it stopped" in job.error
    assert "Nothing it was doing was saved" in job.error
    page = client_for(world.subgroup_member).get(f"/jobs/{job.pk}/").content.decode()
    assert "Failed" in page and "Start it again" in page and "data-job-poll" not in page
    assert not files.stored_path(upload).exists() and not files.stored_path(cache).exists()
    assert not progress.exists()
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    # Its task, had it been sent again, does nothing: the job is finished.
    assert run_worker() == 0


def test_a_job_still_moving_is_left_running(world):
    quiet_row = _left_running(world.subgroup_member, 90)
    recent = _left_running(world.business_unit, 5)
    # A job saving in one transaction: its row looks old, its progress file is fresh.
    progress_path(quiet_row.pk).parent.mkdir(parents=True, exist_ok=True)
    progress_path(quiet_row.pk).write_text('["Saving", 10, 100, "rows"]')

    call_command("jobs", "sweep")

    assert Job.objects.get(pk=quiet_row.pk).status == "running"
    assert Job.objects.get(pk=recent.pk).status == "running"


def test_old_finished_jobs_their_files_and_queue_rows_are_removed(world):
    old = jobs.enqueue(world.subgroup_member, jobtasks.count_to, kind="Counting", upto=3)
    recent = jobs.enqueue(world.subgroup_member, jobtasks.count_to, kind="Counting", upto=3)
    assert run_worker() == 2
    old.refresh_from_db()
    recent.refresh_from_db()
    assert files.stored_path(old.result_file).exists()
    long_ago = timezone.now() - dt.timedelta(days=31)
    Job.objects.filter(pk=old.pk).update(finished_at=long_ago)
    DBTaskResult.objects.filter(pk=old.task_id).update(finished_at=long_ago)

    call_command("jobs", "sweep")

    assert not Job.objects.filter(pk=old.pk).exists()
    assert not files.stored_path(old.result_file).exists()
    assert not DBTaskResult.objects.filter(pk=old.task_id).exists()
    assert Job.objects.filter(pk=recent.pk).exists()
    assert files.stored_path(recent.result_file).exists()
    assert DBTaskResult.objects.filter(pk=recent.task_id).exists()
