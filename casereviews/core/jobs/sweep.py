"""Tidying the jobs up: a job whose worker stopped mid-way (killed, machine restarted) would
show "Running" for ever; finished jobs, their files and the queue's rows would pile up.

`sweep()` runs when `casereviews worker` starts and with `casereviews jobs sweep` (run it daily
from cron too). A running job is stale once neither its row nor its progress file has moved for
JOBS_STALE_MINUTES: its work was one transaction, so nothing of it was saved; it is marked
failed, saying so, and the files it owned are removed. Finished jobs older than
JOBS_KEEP_DAYS go, with their result files, and so do the queue's finished task rows.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casereviews.core import files
from casereviews.core.jobs.models import FINISHED, Job, JobStatus
from casereviews.core.jobs.services import progress_path

logger = logging.getLogger("casereviews.jobs")

STOPPED = (
    "The job stopped part way because the worker running it stopped (job {id}). Nothing it "
    "was doing was saved. Start it again"
)


@dataclass
class Swept:
    stale: int = 0  # running jobs marked failed
    jobs_pruned: int = 0  # finished jobs removed
    files_removed: int = 0
    task_rows_pruned: int = 0  # the queue's finished task results removed


def sweep(now: dt.datetime | None = None) -> Swept:
    now = now or timezone.now()
    swept = Swept()
    stale_before = now - dt.timedelta(minutes=settings.JOBS_STALE_MINUTES)
    for job in Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=stale_before):
        if _moved_since(progress_path(job.pk), stale_before):
            continue  # saving in one transaction: its row is not seen to move, its file is
        swept.stale += _fail_stale(job, now)
        swept.files_removed += _remove_files(job.kept_files)
        progress_path(job.pk).unlink(missing_ok=True)

    keep_after = now - dt.timedelta(days=settings.JOBS_KEEP_DAYS)
    old = Job.objects.filter(status__in=FINISHED, finished_at__lt=keep_after)
    for job in old.only("pk", "result_file", "kept_files"):
        swept.files_removed += _remove_files([job.result_file, *job.kept_files])
        Job.objects.filter(pk=job.pk).delete()
        swept.jobs_pruned += 1
    swept.task_rows_pruned, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lt=keep_after).delete()
    )
    logger.info(
        "Jobs swept: %d stopped, %d old removed, %d files, %d task rows",
        swept.stale,
        swept.jobs_pruned,
        swept.files_removed,
        swept.task_rows_pruned,
    )
    return swept


def _moved_since(path: Path, when: dt.datetime) -> bool:
    try:
        return path.stat().st_mtime >= when.timestamp()
    except OSError:
        return False


def _fail_stale(job: Job, now: dt.datetime) -> int:
    with transaction.atomic():
        # Only if still running and still not moved: a worker may have just finished it.
        changed = Job.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, updated_at=job.updated_at
        ).update(
            status=JobStatus.FAILED,
            error=STOPPED.format(id=job.pk),
            message="",
            finished_at=now,
            updated_at=now,
        )
        if changed and job.task_id:
            # The queue's row says "running" too; end it, so it can be pruned in its turn.
            DBTaskResult.objects.running().filter(pk=job.task_id).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="casereviews.core.jobs.sweep.WorkerStopped",
                traceback="",
            )
    if changed:
        logger.warning("Job %s (%s) marked failed: its worker stopped", job.pk, job.kind)
    return changed


def _remove_files(stored_names: list[str]) -> int:
    """Remove each kept file and anything made from it (named after it: read caches)."""
    removed = 0
    for name in filter(None, stored_names):
        try:
            base = files.stored_path(name)
        except ValueError:
            continue
        for path in [base, *base.parent.glob(f"{base.name}.*")]:
            if path.exists():
                path.unlink(missing_ok=True)
                removed += 1
    return removed
