"""Starting a job and running it: the status, the progress and the outcome the person sees."""

from __future__ import annotations

import json
import logging
import os
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from casereviews.core import audit
from casereviews.core.jobs.models import Job, JobStatus
from casereviews.core.models import AuditAction

logger = logging.getLogger("casereviews.jobs")

# Who may follow every job of their partnership, not only their own (accounts gives it to the
# business unit: accounts.roles.Permission.VIEW_PARTNERSHIP_JOBS has this value).
SEE_PARTNERSHIP_JOBS = "casereviews.view_partnership_jobs"

UNEXPECTED = (
    "The job stopped because of a fault on our side (job {id}). Nothing it was doing was "
    "saved. Try again; if it fails again, tell the business unit and give them the job number"
)
PROGRESS_EVERY = 0.5  # seconds between progress writes


class JobFailed(Exception):
    """Ends the job as failed; the message is for the person (why, never record contents).
    `outcome` may leave a file for them all the same (a list of the rows to correct)."""

    def __init__(self, message: str, outcome: Outcome | None = None):
        super().__init__(message)
        self.outcome = outcome


@dataclass
class Outcome:
    """What a finished job leaves: a message, a page to go to, and/or a file to download."""

    message: str = ""
    url: str = ""
    label: str = ""
    file: str = ""  # a stored name under FILES_ROOT (core.files)
    filename: str = ""


class Progress:
    """Given to the work: says which step it is on and how far through it."""

    def __init__(self, job: Job):
        self.job = job
        self._written = 0.0

    @property
    def user(self):
        return self.job.started_by

    def step(self, message: str, total: int = 0, unit: str = "") -> None:
        """A new step: `total` of what `unit` names ("rows"), or of 100 when `unit` is ""."""
        self.job.message = message[:300]
        self.job.total = max(0, total) if unit else 100
        self.job.unit = unit[:20]
        self.job.done = 0
        self._write(force=True)

    def advance(self, done: int) -> None:
        self.job.done = min(max(0, done), self.job.total) if self.job.total else max(0, done)
        self._write(force=self.job.done == self.job.total)

    def release_files(self) -> None:
        """The work has made the job's kept files a record's own (a report it saved): the
        sweep must no longer remove them with the job."""
        self.job.kept_files = []
        Job.objects.filter(pk=self.job.pk).update(kept_files=[])

    def _write(self, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._written < PROGRESS_EVERY:
            return
        self._written = now
        # Inside the work's own transaction the row written below is seen only once it
        # commits: say it in a small file beside the job too (read_progress), until then.
        path = progress_path(self.job.pk)
        if transaction.get_connection().in_atomic_block:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".part")
            told = [self.job.message, self.job.done, self.job.total, self.job.unit]
            partial.write_text(json.dumps(told))
            os.replace(partial, path)
        else:
            path.unlink(missing_ok=True)
        Job.objects.filter(pk=self.job.pk).update(
            message=self.job.message,
            total=self.job.total,
            unit=self.job.unit,
            done=self.job.done,
            updated_at=timezone.now(),
        )


def progress_path(job_id: int) -> Path:
    return Path(settings.FILES_ROOT) / "jobs" / "progress" / f"{job_id}.json"


def read_progress(job: Job) -> None:
    """A running job's progress told from inside its transaction, if any, onto `job`."""
    if job.status != JobStatus.RUNNING:
        return
    try:
        message, done, total, unit = json.loads(progress_path(job.pk).read_text())
    except (OSError, ValueError):
        return
    job.message, job.done, job.total, job.unit = str(message)[:300], int(done), int(total), unit


def job_task(func: Callable[..., Outcome | None]):
    """Make `func(progress, **params)` a task of the queue that runs one Job."""

    @wraps(func)
    def run(job_id: int) -> None:
        run_job(job_id, func)

    return task()(run)


def enqueue(
    actor, job_task, *, kind: str, kept_files: list[str] | None = None, **params: Any
) -> Job:
    """Record the job and queue its task, in one transaction: the worker sees both or none.

    `params` must be JSON (ids, names, a dict of choices), never the records themselves.
    `kept_files`: stored names the job owns (an upload it reads), for `sweep` to remove if
    the job's worker stops mid-way.
    """
    with transaction.atomic():
        job = Job.objects.create(
            partnership_id=actor.partnership_id,
            started_by=actor,
            kind=kind,
            task_path=job_task.module_path,
            params=params,
            kept_files=list(kept_files or []),
        )
        result = job_task.enqueue(job_id=job.pk)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
        audit.record(
            actor,
            AuditAction.CREATE,
            job,
            partnership=actor.partnership,
            changes={"after": {"kind": kind, "status": job.status}},
        )
    return job


def keep_file(data: bytes | Callable[[IO[bytes]], None], extension: str) -> str:
    """Keep a file a job made under FILES_ROOT/jobs/ (shared by every web process and worker);
    its stored name, for Outcome.file. Written whole or not at all. `data`: the bytes, or a
    function that writes them into the open file (a big file, never held in memory)."""
    relative = Path("jobs") / f"{timezone.now():%Y}" / f"{uuid.uuid4().hex}.{extension}"
    target = Path(settings.FILES_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    if callable(data):
        try:
            with partial.open("wb") as out:
                data(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    else:
        partial.write_bytes(data)
    os.replace(partial, target)
    return relative.as_posix()


def run_job(job_id: int, func: Callable[..., Outcome | None]) -> Job:
    job = Job.objects.select_related("started_by", "partnership").get(pk=job_id)
    if job.status != JobStatus.QUEUED:  # run already (a task sent twice): do nothing
        return job
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    progress = Progress(job)
    try:
        outcome = func(progress, **job.params) or Outcome()
    except JobFailed as exc:
        return _finish(job, JobStatus.FAILED, error=str(exc), outcome=exc.outcome)
    except Exception as exc:
        # The frames, not the message: an exception's text can quote a record.
        frames = "".join(traceback.format_tb(exc.__traceback__))
        logger.error("Job %s (%s) failed: %s\n%s", job.pk, job.kind, type(exc).__name__, frames)
        return _finish(job, JobStatus.FAILED, error=UNEXPECTED.format(id=job.pk))
    return _finish(job, JobStatus.DONE, outcome=outcome)


def _finish(job: Job, status: str, *, error: str = "", outcome: Outcome | None = None) -> Job:
    progress_path(job.pk).unlink(missing_ok=True)
    job.status = status
    job.error = error[:1000]
    job.finished_at = timezone.now()
    if outcome is not None:
        job.message = (outcome.message or ("Finished" if not error else ""))[:300]
        job.result_url = outcome.url
        job.result_label = outcome.label
        job.result_file = outcome.file
        job.result_filename = outcome.filename
    if status == JobStatus.DONE:
        job.done = job.total
    job.save()
    return job
