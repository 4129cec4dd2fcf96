"""The annual report's pages: the report for a chosen year, its downloads, and the narrative
editor. Parse, authorise, call, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casereviews.accounts.roles import Permission
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.reporting_year import ReportingYear, ReportingYearError
from casereviews.core.views_helpers import attachment, page, require
from casereviews.reports.annual import documents, jobs, narrative, sections
from casereviews.reports.annual.data import Reader


def _year_or_error(request: HttpRequest) -> tuple[ReportingYear | None, str, list]:
    text = request.GET.get("year", "").strip()
    if not text:
        return ReportingYear.of(timezone.localdate()).previous, "", []
    try:
        return ReportingYear.parse(text), text, []
    except ReportingYearError as exc:
        return None, text, [{"text": str(exc), "href": "#year"}]


def _report(request: HttpRequest, year: ReportingYear) -> sections.Report:
    user = request.user
    return sections.build(user.partnership, year, timezone.localdate(), user=user)


def annual(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_ANNUAL_REPORT)
    year, text, errors = _year_or_error(request)
    report = _report(request, year) if year else None
    return page(
        request,
        "reports/annual.html",
        report.title if report else "Annual report",
        report=report,
        year_text=text or (year.label if year else ""),
        errors=errors,
        paragraphs_of=documents.paragraphs_of,
        can_write=request.user.has_perm(Permission.WRITE_ANNUAL_REPORT),
    )


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    require(request, Permission.VIEW_ANNUAL_REPORT)
    year, _text, errors = _year_or_error(request)
    if year is None:
        raise Http404(errors[0]["text"])
    user = request.user
    content = documents.produce(user.partnership, year, fmt, user, timezone.localdate(), user=user)
    name = f"annual-report-{year.label}.{fmt}"
    return attachment(content, name, documents.JSON_TYPE)


def _in_background(request: HttpRequest, fmt: str) -> HttpResponse:
    """The Word and PDF documents take a while: a background job makes them (core.jobs). A GET
    shows the button that starts it (a link must not); the POST starts it and goes to its page,
    where the person who started it downloads the document."""
    require(request, Permission.VIEW_ANNUAL_REPORT)
    year, _text, errors = _year_or_error(request)
    if year is None:
        raise Http404(errors[0]["text"])
    if request.method == "POST":
        job = jobs.start(request.user, year=year, fmt=fmt)
        return redirect("jobs:status", job_id=job.pk)
    return page(
        request,
        "reports/annual_background.html",
        f"Prepare the annual report {year.label} as a {jobs.FORMATS[fmt][0]}",
        year=year,
        what=jobs.FORMATS[fmt][0],
    )


@require_http_methods(["GET", "POST"])
def annual_docx(request: HttpRequest) -> HttpResponse:
    return _in_background(request, "docx")


@require_http_methods(["GET", "POST"])
def annual_pdf(request: HttpRequest) -> HttpResponse:
    return _in_background(request, "pdf")


def annual_json(request: HttpRequest) -> HttpResponse:
    return _download(request, "json")


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label="Narrative",
        required=False,
        widget=forms.Textarea,
        help_text="Separate paragraphs with a blank line. Name children only by pseudonym.",
    )


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def edit_narrative(request: HttpRequest, section: str) -> HttpResponse:
    require(request, Permission.WRITE_ANNUAL_REPORT)
    if section not in sections.HEADINGS:
        raise Http404("No such section")
    year, _text, errors = _year_or_error(request)
    if year is None:
        raise Http404(errors[0]["text"])
    user = request.user
    draft = narrative.draft_for(Reader(user.partnership, user), year, section)
    version = draft.version
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        version = _version(request.POST.get("version"))
        if form.is_valid():
            try:
                narrative.save_draft(
                    user, user.partnership, year, section, form.cleaned_data["text"], version
                )
            except StaleRecordError as exc:
                saved = exc.instance
                version = saved.version
                form.add_error(
                    None,
                    stale_message(
                        "This section",
                        str(saved.updated_by) if saved.updated_by else None,
                        saved.updated_at,
                        "Your text is below: save again to replace theirs.",
                    ),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"The draft of '{sections.HEADINGS[section]}' is saved")
                return redirect(reverse("reports:annual") + f"?year={year.label}#{section}")
    else:
        form = NarrativeForm(initial={"text": draft.text})
    return page(
        request,
        "reports/annual_narrative.html",
        f"{sections.HEADINGS[section]}: annual report {year.label}",
        form=form,
        errors=error_summary(form),
        year=year,
        section=section,
        heading=sections.HEADINGS[section],
        version=version,
        from_last_year=draft.from_last_year and request.method != "POST",
    )
