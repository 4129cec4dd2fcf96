"""How a job reads on its page and in the list."""

from __future__ import annotations

from typing import Any

from casereviews.core.jobs.models import Job, JobStatus
from casereviews.core.presenters import format_datetime

TAG_CLASSES = {
    JobStatus.QUEUED: "govuk-tag--grey",
    JobStatus.RUNNING: "govuk-tag--blue",
    JobStatus.DONE: "govuk-tag--green",
    JobStatus.FAILED: "govuk-tag--red",
}


def tag(job: Job) -> dict[str, str]:
    return {"text": job.get_status_display(), "classes": TAG_CLASSES[JobStatus(job.status)]}


def progress(job: Job) -> dict[str, Any]:
    """The progress bar's figures and the words a screen reader hears."""
    percent = round(100 * job.done / job.total) if job.total else (100 if job.finished else 0)
    if job.finished or not job.total:
        words = ""
    elif job.unit:
        words = f"{job.done:,} of {job.total:,} {job.unit} ({percent}%)"
    else:
        words = f"{percent}% done"
    return {"percent": percent, "done": job.done, "total": job.total or 1, "words": words}


def row(job: Job) -> dict[str, Any]:
    return {"job": job, "tag": tag(job), "started": format_datetime(job.created_at)}
