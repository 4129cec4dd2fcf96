"""The sub-group briefing paper: a page that prints compactly, and a Word download; a published
review's national repository summary: a page, its editor, Word and plain-text downloads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.briefings.forms import DismissForm
from casereviews.briefings.models import WarningState
from casereviews.briefings.presenters import views_of_warnings
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import attachment, page, require
from casereviews.core.word import DOCX_TYPE
from casereviews.reports import presenters, repository, selectors, word
from casereviews.reports.models import RepositorySummary
from casereviews.reviews.selectors import get_review


def briefing_paper(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_BRIEFING_PAPER)
    today = timezone.localdate()
    groups = presenters.briefing_groups(selectors.reviews_for_briefing(request.user, today), today)
    return page(
        request,
        "reports/briefing_paper.html",
        "Sub-group briefing paper",
        groups=groups,
        columns=presenters.BRIEFING_COLUMNS,
        today=today,
    )


def briefing_paper_docx(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_BRIEFING_PAPER)
    today = timezone.localdate()
    groups = presenters.briefing_groups(selectors.reviews_for_briefing(request.user, today), today)
    content = word.briefing_docx(request.user.partnership.name, groups, today)
    return attachment(content, f"briefing-paper-{today.isoformat()}.docx", DOCX_TYPE)


# -- The national repository summary of a published review (F7, docs/adr/0040) ----------------


def _published_review(request: HttpRequest, review_id: int, permission: str):
    """The review, or 404 outside the user's reach (other partnership, restricted to others) or
    while unpublished; 403 when in reach but the role may not."""
    review = get_review(request.user, review_id)
    if review.published_on is None:
        raise Http404("The review is not published")
    require(request, permission, review)
    return review


def repository_summary(request: HttpRequest, review_id: int) -> HttpResponse:
    """The record, its anonymisation warnings (stored once saved) and, for the business unit,
    a dismiss form for each open one (POST action=dismiss) and re-running the check
    (action=check)."""
    review = _published_review(request, review_id, Permission.VIEW_REPOSITORY_SUMMARY)
    record = repository.record_of(review)
    dismiss_forms: dict[int, DismissForm] = {}
    errors: list = []
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action:
        require(request, Permission.CHANGE_REPOSITORY_SUMMARY, review)
        if record.saved is None:
            raise Http404("Nothing is saved yet")
    if action == "check":
        repository.check(request.user, record.saved)
        messages.success(request, "The anonymisation check has been run again.")
        return redirect("reports:repository_summary", review.pk)
    if action == "dismiss":
        warning = repository.get_warning(record.saved, _version(request.POST.get("warning")))
        form = DismissForm(warning.pk, request.POST)
        if form.is_valid():
            try:
                repository.dismiss_warning(request.user, warning, form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"The warning about “{warning.matched}” was dismissed.")
                return redirect("reports:repository_summary", review.pk)
        dismiss_forms[warning.pk] = form
        errors = error_summary(form)
    stored = (
        views_of_warnings(
            {name: getattr(record, name) for name in repository.FIELDS},
            repository.HEADINGS.__getitem__,
            repository.stored_warnings(record.saved),
        )
        if record.saved
        else []
    )
    can_edit = request.user.has_perm(Permission.CHANGE_REPOSITORY_SUMMARY, review)
    for view in stored:
        if can_edit and view.state == WarningState.OPEN and view.id not in dismiss_forms:
            dismiss_forms[view.id] = DismissForm(view.id)
    return page(
        request,
        "reports/repository_summary.html",
        f"National repository summary: {review.ref}",
        review=review,
        record=record,
        warnings=[] if record.saved else repository.warnings_of(record, review.partnership_id),
        stored=stored,
        open_count=sum(1 for v in stored if v.state == WarningState.OPEN),
        dismiss_forms=dismiss_forms,
        errors=errors,
        can_edit=can_edit,
    )


def repository_summary_docx(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _published_review(request, review_id, Permission.VIEW_REPOSITORY_SUMMARY)
    content = repository.as_docx(repository.record_of(review))
    return attachment(content, f"repository-summary-{review.ref}.docx", DOCX_TYPE)


def repository_summary_txt(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _published_review(request, review_id, Permission.VIEW_REPOSITORY_SUMMARY)
    content = repository.as_text(repository.record_of(review))
    return attachment(content, f"repository-summary-{review.ref}.txt", "text/plain; charset=utf-8")


class RepositorySummaryForm(forms.ModelForm):
    class Meta:
        model = RepositorySummary
        fields = repository.FIELDS
        widgets = {
            name: forms.Textarea
            for name in ("incident", "background", "learning", "recommendations", "keywords")
        }
        help_texts = {
            "child": "The pseudonym the published report uses, never a name",
            "learning": "Separate paragraphs with a blank line",
            "keywords": "Separate keywords with semicolons",
        }


def repository_summary_edit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _published_review(request, review_id, Permission.CHANGE_REPOSITORY_SUMMARY)
    record = repository.record_of(review)
    version = record.version
    initial = {name: getattr(record, name) for name in repository.FIELDS}
    if request.method == "POST":
        form = RepositorySummaryForm(request.POST)
        version = _version(request.POST.get("version"))
        if form.is_valid():
            try:
                repository.save(request.user, review, form.cleaned_data, version)
            except StaleRecordError as exc:
                saved = exc.instance
                version = saved.version
                form.add_error(
                    None,
                    stale_message(
                        "This summary",
                        str(saved.updated_by) if saved.updated_by else None,
                        saved.updated_at,
                        "Your text is below: save again to replace theirs.",
                    ),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"The repository summary of {review.ref} is saved")
                return redirect("reports:repository_summary", review.pk)
    else:
        form = RepositorySummaryForm(initial=initial)
    return page(
        request,
        "reports/repository_summary_edit.html",
        f"Edit the national repository summary: {review.ref}",
        review=review,
        record=record,
        form=form,
        errors=error_summary(form),
        version=version,
    )


def repository_summary_refill(request: HttpRequest, review_id: int) -> HttpResponse:
    """What refilling from the review would change; replaced on confirming (POST)."""
    review = _published_review(request, review_id, Permission.CHANGE_REPOSITORY_SUMMARY)
    record = repository.record_of(review)
    problem = ""
    if request.method == "POST":
        try:
            repository.refill(request.user, review, _version(request.POST.get("version")))
        except StaleRecordError as exc:
            saved = exc.instance
            record = repository.record_of(review)
            problem = stale_message(
                "This summary",
                str(saved.updated_by) if saved.updated_by else None,
                saved.updated_at,
                "Check what refilling would change now, then confirm again.",
            )
        else:
            messages.success(
                request, f"The repository summary of {review.ref} is filled again from the review"
            )
            return redirect("reports:repository_summary", review.pk)
    return page(
        request,
        "reports/repository_summary_refill.html",
        f"Refill the national repository summary from the review: {review.ref}",
        status=409 if problem else 200,
        review=review,
        record=record,
        changes=repository.refill_changes(review),
        problem=problem,
    )


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
