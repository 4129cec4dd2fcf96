"""Uploading a review's report (PDF or Word): check it, read it, tag it, keep it -- or keep nothing.

The file is checked and kept by core.files, then read by the theme engine's reader. A file that
cannot be read (no text layer, password-protected, damaged, empty, not what its name says) is
refused with the reader's own words and the kept file is removed: no ReviewReport row, no file.
Reading happens before the transaction, so a long read does not hold the database.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from casereviews.analysis.readers import Document, DocumentError, pdf_page_count, read_document
from casereviews.core import audit, files, search_index
from casereviews.core.models import AuditAction
from casereviews.learning import services, themes
from casereviews.learning.models import (
    ReportStatus,
    ReviewReport,
)
from casereviews.reviews.models import Review

FOLDER = "reports"


def _read(stored: files.StoredUpload) -> Document:
    """The report's text; ValidationError in words for the person who uploaded it."""
    try:
        document = read_document(files.stored_path(stored.stored_name))
    except DocumentError as exc:
        raise ValidationError(
            {"file": f"{stored.original_name} {exc.reason}. Nothing has been kept"}
        ) from exc
    return document


def upload_report(actor, review: Review, uploaded: UploadedFile) -> ReviewReport:
    """Keep the report and the engine's themes for it (suggested, with quoted evidence).

    Raises ValidationError({"file": ...}) when the file is refused or cannot be read; then
    nothing is kept.
    """
    return analyse(actor, review, store(uploaded))


def store(uploaded: UploadedFile) -> files.StoredUpload:
    """Check and keep the uploaded file (written to disk in chunks, as every upload)."""
    try:
        return files.store_upload(uploaded, kinds=files.REPORT_KINDS, folder=FOLDER)
    except files.UploadRejected as exc:
        raise ValidationError({"file": str(exc)}) from exc


def in_background(stored: files.StoredUpload) -> bool:
    """Whether reading this report is work for a worker, not the request: a PDF of more than
    settings.JOBS_REPORT_PAGES pages (counted without reading them), or a file of more than
    settings.JOBS_REPORT_BYTES whose pages cannot be counted first (a Word document)."""
    if stored.kind == "pdf":
        pages = pdf_page_count(files.stored_path(stored.stored_name))
        if pages is not None:
            return pages > settings.JOBS_REPORT_PAGES
    return stored.size > settings.JOBS_REPORT_BYTES


def analyse(actor, review: Review, stored: files.StoredUpload, progress=None) -> ReviewReport:
    """Read the kept file, find its themes and save the report with them, all or nothing:
    on any failure the file is removed. `progress` (a job's) is told each step."""

    def step(message: str) -> None:
        if progress is not None:
            progress.step(message)

    try:
        step(f"Reading the text of {stored.original_name}")
        document = _read(stored)
        step("Finding the themes in its text")
        sections = list(document.sections) if document.sections else None
        found = themes.suggest(
            document.text, max_evidence=themes.REPORT_EVIDENCE, sections=sections
        )
        step("Saving the report, its suggested themes and its search entry")
        return _save(actor, review, stored, document, found)
    except BaseException:
        files.discard(stored.stored_name)
        raise


@transaction.atomic
def _save(
    actor,
    review: Review,
    stored: files.StoredUpload,
    document: Document,
    found: dict[str, themes.Suggestion],
) -> ReviewReport:
    report = ReviewReport.objects.create(
        review=review,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        status=ReportStatus.ANALYSED,
        pages=document.pages,
        characters=len(document.text),
        uploaded_by=actor,
    )
    audit.record_create(actor, report, partnership=review.partnership)
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.theme_id))
    services.suggest_tags(actor, ranked, review.partnership, report=report)
    search_index.index_record(report, text=document.text)
    return report


def record_download(actor, report: ReviewReport) -> None:
    """Every download of a report is audited, restricted review or not."""
    audit.record(
        actor,
        AuditAction.EXPORT,
        report,
        partnership=report.review.partnership,
        changes={"downloaded": report.original_name},
    )
