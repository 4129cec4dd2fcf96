"""Briefing pages: parse, authorise, call, render (reads in selectors, writes in services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission, Role
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, checkbox_params, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import attachment, page, require
from casereviews.core.word import DOCX_TYPE

from . import correcting, documents, presenters, selectors, services, withdrawal
from .forms import (
    KIND_HINTS,
    BriefingForm,
    DismissForm,
    KindFilterForm,
    NewBriefingForm,
    PublishConfirmForm,
    WithdrawForm,
)
from .models import Briefing, BriefingStatus, WarningState


def briefing_list(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_BRIEFINGS)
    form = KindFilterForm(request.GET)
    kind = form.kind_value()

    def rows(briefings: list[Briefing]) -> list[list[dict]]:
        return [presenters.list_row(b, reverse("briefings:detail", args=[b.pk])) for b in briefings]

    return page(
        request,
        "briefings/list.html",
        "Briefings",
        form=form,
        kind=kind,
        published_rows=rows(selectors.published_briefings(request.user, kind)),
        draft_rows=rows(selectors.draft_briefings(request.user, kind)),
        withdrawn_rows=rows(selectors.withdrawn_briefings(request.user, kind)),
        # Briefings are started from a review, by those who may write one (ADD_BRIEFING).
        may_write=getattr(request.user, "role", None) in (Role.BUSINESS_UNIT, Role.REVIEWER),
        can_track=request.user.has_perm(Permission.TRACK_DISSEMINATION),
    )


def for_review(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.VIEW_REVIEW, review)
    briefings = selectors.briefings_of_review(request.user, review)
    return page(
        request,
        "briefings/for_review.html",
        f"Briefings about {review.ref}",
        review=review,
        rows=[presenters.list_row(b, reverse("briefings:detail", args=[b.pk])) for b in briefings],
        can_add=request.user.has_perm(Permission.ADD_BRIEFING, review),
        can_view_review=True,
    )


@once.replay_safe
def new(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.ADD_BRIEFING, review)
    form = NewBriefingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                briefing = services.create_briefing(request.user, review, form.cleaned_data["kind"])
                receipt.saved(briefing, reverse("briefings:edit", args=[briefing.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"A draft {briefing.get_kind_display()} about {review.ref} has been started from "
                "the review's findings, recommendations and actions. Read and edit each section.",
            )
            return redirect(receipt.url)
    return page(
        request,
        "briefings/new.html",
        f"Write a briefing about {review.ref}",
        review=review,
        form=form,
        kind_hints=KIND_HINTS,
        errors=error_summary(form),
    )


def detail(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = selectors.get_briefing(request.user, briefing_id)
    require(request, Permission.VIEW_BRIEFING, briefing)
    services.record_briefing_view(request.user, briefing)
    user = request.user
    draft = briefing.status == BriefingStatus.DRAFT
    can_edit = draft and user.has_perm(Permission.CHANGE_BRIEFING, briefing)
    newer = selectors.newer_version(briefing)
    may_correct = withdrawal.may_correct.test(user, briefing)
    return page(
        request,
        "briefings/detail.html",
        briefing.title,
        briefing=briefing,
        doc=presenters.document_of(briefing, selectors.first_published_on(briefing)),
        can_edit=can_edit,
        can_publish=can_edit,
        can_withdraw=withdrawal.may_withdraw.test(user, briefing),
        can_correct=may_correct and newer is None,
        draft_correction=newer if may_correct and newer and newer.status == "draft" else None,
        current=selectors.current_version(briefing) if not draft else None,
        versions=presenters.version_views(selectors.versions_of(user, briefing), briefing)
        if may_correct and (briefing.corrects_id or newer)
        else [],
        can_view_review=user.has_perm(Permission.VIEW_REVIEW, briefing.review),
        open_warnings=selectors.open_warnings_count(briefing) if draft else 0,
        published_by=briefing.published_by,
        can_record_sharing=user.has_perm(Permission.RECORD_DISSEMINATION, briefing),
        can_see_sharing=not draft and user.has_perm(Permission.VIEW_REGISTER),
    )


def _refuse_published(request: HttpRequest, briefing: Briefing) -> HttpResponse | None:
    """A published or withdrawn briefing is not changed again: say so on its page."""
    if briefing.status == BriefingStatus.DRAFT:
        return None
    require(request, Permission.VIEW_BRIEFING, briefing)
    messages.info(
        request,
        f"This briefing is {briefing.get_status_display().lower()} and can no longer be "
        "changed. To change it, publish a corrected version.",
    )
    return redirect("briefings:detail", briefing_id=briefing.pk)


def _stale_message(briefing: Briefing, advice: str) -> str:
    change = selectors.last_change(briefing)
    return stale_message(
        "This briefing", change and change.actor_name, change and change.at, advice
    )


def edit(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = selectors.get_briefing(request.user, briefing_id)
    refused = _refuse_published(request, briefing)
    if refused:
        return refused
    require(request, Permission.CHANGE_BRIEFING, briefing)
    errors: list = []
    saved = None
    if request.method == "POST":
        form = BriefingForm(briefing, request.POST)
        if form.is_valid():
            try:
                services.update_briefing(
                    request.user,
                    briefing,
                    title=form.cleaned_data["title"],
                    sections=form.sections(),
                    version=form.cleaned_data.get("version"),
                )
            except StaleRecordError:
                current = selectors.get_briefing(request.user, briefing_id)
                data = request.POST.copy()
                data["version"] = str(current.version)  # saving again is now deliberate
                form = BriefingForm(current, data)
                form.is_valid()
                message = _stale_message(
                    current,
                    "Your entries are still below, and the text now saved is shown above them: "
                    "check it, then save again.",
                )
                errors = [{"text": message, "href": "#saved-values"}, *error_summary(form)]
                saved = presenters.document_of(current)
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                opened = selectors.open_warnings_count(briefing)
                note = (
                    f" The anonymisation check found {opened} thing"
                    f"{'s' if opened != 1 else ''} to look at before publishing."
                    if opened
                    else ""
                )
                messages.success(request, f"The briefing has been saved.{note}")
                return redirect("briefings:detail", briefing_id=briefing.pk)
        else:
            errors = error_summary(form)
    else:
        form = BriefingForm(briefing, initial=BriefingForm.initial_for(briefing))
    return page(
        request,
        "briefings/edit.html",
        f"Edit {briefing.title}",
        briefing=briefing,
        form=form,
        errors=errors,
        saved=saved,
    )


def _publish_errors(exc: services.PublishRefused, briefing: Briefing, views) -> list[dict]:
    """The error summary of a refused publish: each warning and each problem, linked (a review
    with no findings: to the review's findings page)."""
    edit_url = reverse("briefings:edit", args=[briefing.pk])
    findings_url = reverse("learning:findings", args=[briefing.review_id])
    hrefs = {services.NO_FINDINGS: findings_url, services.NOT_CONFIRMED: "#id_confirmed"}
    items = [
        {"text": message, "href": hrefs.get(field, f"{edit_url}#id_{field}")}
        for field, message in exc.problems.items()
    ]
    count = exc.open_warnings
    if not count:
        return items
    open_views = [v for v in views if v.state == WarningState.OPEN]
    items.append(
        {
            "text": f"{count} anonymisation warning{'s are' if count != 1 else ' is'} not "
            "resolved: edit the text, or dismiss each with a reason, before publishing",
            "href": f"#warning-{open_views[0].id}" if open_views else "#warnings",
        }
    )
    items += [
        {"text": f"{v.kind} in {v.section}: “{v.matched}”", "href": f"#warning-{v.id}"}
        for v in open_views
    ]
    return items


def publish(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = selectors.get_briefing(request.user, briefing_id)
    refused = _refuse_published(request, briefing)
    if refused:
        return refused
    require(request, Permission.CHANGE_BRIEFING, briefing)
    user = request.user
    errors: list = []
    dismiss_forms: dict[int, DismissForm] = {}
    confirm_form = PublishConfirmForm()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "dismiss":
        warning = selectors.get_warning(briefing, _int(request.POST.get("warning")))
        form = DismissForm(warning.pk, request.POST)
        if form.is_valid():
            try:
                services.dismiss_warning(user, warning, form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"The warning about “{warning.matched}” was dismissed.")
                return redirect("briefings:publish", briefing_id=briefing.pk)
        dismiss_forms[warning.pk] = form
        errors = error_summary(form)
    elif action == "check":
        services.check(user, briefing)
        messages.success(request, "The anonymisation check has been run again.")
        return redirect("briefings:publish", briefing_id=briefing.pk)
    elif action == "publish":
        require(request, Permission.PUBLISH_BRIEFING, briefing)
        confirm_form = PublishConfirmForm(request.POST)
        try:
            services.publish(
                user,
                briefing,
                _int(request.POST.get("version")),
                confirmed=confirm_form.is_valid(),
            )
        except services.PublishRefused as exc:
            views = presenters.warning_views(briefing, selectors.warnings_of(briefing))
            errors = _publish_errors(exc, briefing, views)
        except StaleRecordError:
            briefing = selectors.get_briefing(user, briefing_id)
            errors = [
                {
                    "text": _stale_message(
                        briefing, "Read it and its warnings again, then publish."
                    ),
                    "href": "#main-content",
                }
            ]
        else:
            replaced = " It replaces the version it corrects." if briefing.corrects_id else ""
            messages.success(request, f"“{briefing.title}” is published.{replaced}")
            return redirect("briefings:detail", briefing_id=briefing.pk)
    warnings = presenters.warning_views(briefing, selectors.warnings_of(briefing))
    for view in warnings:
        if view.state == WarningState.OPEN and view.id not in dismiss_forms:
            dismiss_forms[view.id] = DismissForm(view.id)
    return page(
        request,
        "briefings/publish.html",
        f"Check and publish {briefing.title}",
        briefing=briefing,
        warnings=warnings,
        open_count=sum(1 for v in warnings if v.state == WarningState.OPEN),
        dismiss_forms=dismiss_forms,
        can_publish=user.has_perm(Permission.PUBLISH_BRIEFING, briefing),
        empty_sections=[s.heading for s in presenters.document_of(briefing).sections if s.empty],
        has_findings=selectors.review_has_findings(briefing.review),
        confirm_params=checkbox_params(confirm_form["confirmed"]),
        errors=errors,
    )


def withdraw(request: HttpRequest, briefing_id: int) -> HttpResponse:
    """Withdraw a published briefing, with a reason: practitioners no longer see it."""
    briefing = selectors.get_briefing(request.user, briefing_id)
    if briefing.status != BriefingStatus.PUBLISHED:
        require(request, Permission.VIEW_BRIEFING, briefing)
        messages.info(request, "Only a published briefing can be withdrawn.")
        return redirect("briefings:detail", briefing_id=briefing.pk)
    if not withdrawal.may_withdraw.test(request.user, briefing):
        raise PermissionDenied
    errors: list = []
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw(
                    request.user,
                    briefing,
                    form.cleaned_data["reason"],
                    form.cleaned_data.get("version"),
                )
            except StaleRecordError:
                current = selectors.get_briefing(request.user, briefing_id)
                return redirect("briefings:detail", briefing_id=current.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"“{briefing.title}” is withdrawn: practitioners no longer see it.",
                )
                return _after_withdrawing(request, briefing)
        errors = error_summary(form)
    else:
        form = WithdrawForm(initial={"version": briefing.version})
    return page(
        request,
        "briefings/withdraw.html",
        f"Withdraw {briefing.title}",
        briefing=briefing,
        form=form,
        errors=errors,
    )


def _after_withdrawing(request: HttpRequest, briefing: Briefing) -> HttpResponse:
    """Back to the briefing, or to the list when the user can no longer read it (a business
    unit user who is not a member of its restricted review)."""
    if request.user.has_perm(Permission.VIEW_BRIEFING, briefing):
        return redirect("briefings:detail", briefing_id=briefing.pk)
    return redirect("briefings:list")


@require_POST
def correct(request: HttpRequest, briefing_id: int) -> HttpResponse:
    """Start a corrected version: a new draft copied from this one, then edit it."""
    briefing = selectors.get_briefing(request.user, briefing_id)
    return correcting.start_correction(
        request,
        briefing,
        services.start_correction,
        back=reverse("briefings:detail", args=[briefing.pk]),
        onward=lambda draft: reverse("briefings:edit", args=[draft.pk]),
        message="A corrected version has been started as a draft, copied from the briefing. "
        "Edit it, then check and publish it: publishing it withdraws the version it corrects.",
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def pdf(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = selectors.get_briefing(request.user, briefing_id)
    require(request, Permission.VIEW_BRIEFING, briefing)
    services.record_briefing_view(request.user, briefing)
    body = documents.briefing_pdf(presenters.document_of(briefing))
    return attachment(body, presenters.file_name(briefing, "pdf"), documents.PDF_TYPE)


def docx(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = selectors.get_briefing(request.user, briefing_id)
    require(request, Permission.VIEW_BRIEFING, briefing)
    services.record_briefing_view(request.user, briefing)
    body = documents.briefing_docx(presenters.document_of(briefing))
    return attachment(body, presenters.file_name(briefing, "docx"), DOCX_TYPE)
