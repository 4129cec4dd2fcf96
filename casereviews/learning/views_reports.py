"""Report pages: upload a review's report, see its themes beside the review, download it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.core import files, once
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.views_helpers import page, require
from casereviews.learning import presenters, report_jobs, reports, selectors, services
from casereviews.learning.forms import ReportUploadForm
from casereviews.learning.views import decisions_made


@once.replay_safe
def upload_report(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.CHANGE_FINDINGS, review)
    if request.method == "POST":
        too_large = files.upload_too_large(request)
        form = ReportUploadForm(request.POST, request.FILES)
        if too_large:
            form.is_valid()
            form.errors.clear()
            form.add_error("file", f"{too_large}. Nothing has been kept")
        elif form.is_valid():
            try:
                with once.claim(request) as receipt:
                    stored = reports.store(form.cleaned_data["file"])
                    if reports.in_background(stored):
                        job = _start_job(request, review, stored)
                        receipt.saved(job, reverse("jobs:status", args=[job.pk]))
                        report = None
                    else:
                        report = reports.analyse(request.user, review, stored)
                        receipt.saved(report, reverse("learning:report", args=[report.pk]))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if report is None:
                    return redirect(receipt.url)
                count = len(selectors.report_tags(report))
                messages.success(
                    request,
                    f"{report.original_name} has been read: the theme engine suggests {count} "
                    f"theme{'s' if count != 1 else ''}. Confirm or reject each one.",
                )
                return redirect(receipt.url)
    else:
        form = ReportUploadForm()
    return page(
        request,
        "learning/upload.html",
        f"Upload the report of {review.ref}",
        review=review,
        form=form,
        errors=error_summary(form),
        limit=files.human_size(settings.MAX_UPLOAD_BYTES),
    )


def _start_job(request: HttpRequest, review, stored):
    """A big report is read by a worker: the person follows it on the job's page."""
    try:
        job = report_jobs.start(request.user, review, stored)
    except BaseException:
        files.discard(stored.stored_name)
        raise
    messages.info(
        request,
        f"{stored.original_name} is long: it is being read in the background. This page "
        "shows how far it has got and links to the report's themes when it is done.",
    )
    return job


def report(request: HttpRequest, report_id: int) -> HttpResponse:
    the_report = selectors.get_report(request.user, report_id)
    require(request, Permission.VIEW_FINDINGS, the_report.review)
    return _report_page(request, the_report)


@require_POST
def decide_report(request: HttpRequest, report_id: int) -> HttpResponse:
    """Every suggestion for a report decided in one form (confirm, reject or later)."""
    the_report = selectors.get_report(request.user, report_id)
    require(request, Permission.CHANGE_FINDINGS, the_report.review)
    refused = decisions_made(request, selectors.report_tags(the_report), "The report")
    if refused is None:
        return redirect("learning:report", the_report.pk)
    return _report_page(request, the_report, refused, status=400)


def _report_page(request: HttpRequest, the_report, refused=None, status: int = 200):
    review = the_report.review
    services.record_view(request.user, the_report)
    tags = selectors.report_tags(the_report)
    return page(
        request,
        "learning/report.html",
        f"Themes of the report of {review.ref}",
        status=status,
        refused=refused,
        errors=error_summary(refused) if refused else [],
        review=review,
        report=the_report,
        summary_rows=presenters.report_summary_rows(the_report),
        tags=presenters.group_tags(tags),
        accepted_on_findings=selectors.accepted_theme_ids(review),
        theme_name=presenters.themes.theme_name,
        can_change=request.user.has_perm(Permission.CHANGE_FINDINGS, review),
    )


def download_report(request: HttpRequest, report_id: int) -> HttpResponse:
    the_report = selectors.get_report(request.user, report_id)
    require(request, Permission.VIEW_FINDINGS, the_report.review)
    reports.record_download(request.user, the_report)
    return files.file_response(
        the_report.stored_name, the_report.original_name, the_report.content_type
    )
