"""Your jobs, one job's status (it refreshes itself while it runs) and its file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from casereviews.core import files
from casereviews.core.jobs import presenters, selectors, services
from casereviews.core.presenters import format_datetime
from casereviews.core.views_helpers import page

LISTED = 50


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_for(request.user)[:LISTED]
    return page(
        request,
        "jobs/list.html",
        "Your jobs",
        rows=[presenters.row(job) for job in jobs],
        everyones=request.user.has_perm(selectors.SEE_PARTNERSHIP_JOBS),
    )


@require_GET
def status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.get_job(request.user, job_id)
    services.read_progress(job)
    return page(
        request,
        "jobs/status.html",
        job.kind,
        job=job,
        tag=presenters.tag(job),
        progress=presenters.progress(job),
        started=format_datetime(job.created_at),
        finished_at=format_datetime(job.finished_at),
        own=job.started_by_id == request.user.pk,
        may_download=selectors.may_download(request.user, job),
    )


@require_GET
def download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.get_job(request.user, job_id)
    if not selectors.may_download(request.user, job):
        raise Http404
    try:
        return files.file_response(
            job.result_file, job.result_filename, _content_type(job.result_filename)
        )
    except FileNotFoundError as exc:
        raise Http404 from exc


def _content_type(name: str) -> str:
    for _, extensions, content_type in files.KINDS.values():
        if name.lower().endswith(extensions):
            return content_type
    return "application/octet-stream"
