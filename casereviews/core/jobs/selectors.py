"""Reading jobs: a person follows their own; the business unit, its partnership's."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from casereviews.core.jobs.models import Job
from casereviews.core.jobs.services import SEE_PARTNERSHIP_JOBS
from casereviews.core.scoping import in_partnership


def jobs_for(user) -> QuerySet[Job]:
    jobs = in_partnership(Job.objects.select_related("started_by"), user)
    if not user.has_perm(SEE_PARTNERSHIP_JOBS):
        jobs = jobs.filter(started_by=user)
    return jobs


def get_job(user, job_id: int) -> Job:
    """The job, if the user may follow it; Http404 otherwise (another partnership's says
    nothing about whether it exists)."""
    try:
        return jobs_for(user).get(pk=job_id)
    except Job.DoesNotExist as exc:
        raise Http404 from exc


def may_download(user, job: Job) -> bool:
    """Only the person who started it takes its file: it holds what they may see, which a
    business unit colleague outside a restricted review may not."""
    return bool(job.result_file) and job.started_by_id == user.pk
