"""The annual report's Word and PDF documents as a background job (core.jobs, as the action
plan's big export): the same document and the same audit entry as `casereviews report annual`,
made by the worker and kept for the person who asked for it to download."""

from __future__ import annotations

from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.core import jobs
from casereviews.core.reporting_year import ReportingYear
from casereviews.core.word import DOCX_TYPE
from casereviews.reports.annual import documents

FORMATS = {"docx": ("Word document", DOCX_TYPE), "pdf": ("PDF", documents.PDF_TYPE)}


def start(actor, *, year: ReportingYear, fmt: str):
    what = FORMATS[fmt][0]
    return jobs.enqueue(
        actor,
        produce_annual_report,
        kind=f"Annual report {year.label} ({what})",
        year=year.label,
        fmt=fmt,
    )


def filename(year: ReportingYear, fmt: str) -> str:
    return f"annual-report-{year.label}.{fmt}"


@jobs.job_task
def produce_annual_report(progress: jobs.Progress, *, year: str, fmt: str) -> jobs.Outcome:
    actor = progress.user
    if not actor.is_active or not actor.has_perm(Permission.VIEW_ANNUAL_REPORT):
        raise jobs.JobFailed("Nothing was made: you may no longer see the annual report")
    reporting_year = ReportingYear.parse(year)
    what = FORMATS[fmt][0]
    progress.step(f"Gathering the figures and writing the {what}")
    content = documents.produce(
        actor.partnership, reporting_year, fmt, actor, timezone.localdate(), user=actor
    )
    return jobs.Outcome(
        message=f"The annual report {year} ({what}) is ready to download",
        file=jobs.keep_file(content, fmt),
        filename=filename(reporting_year, fmt),
    )
