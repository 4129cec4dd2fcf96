"""Recommendation and action pages: parse, authorise, call a service, render.

The composite plan, the escalation view and the export are in views_plan.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casereviews.accounts.roles import Permission
from casereviews.actions import origins, presenters, selectors, services
from casereviews.actions.forms import (
    ActionForm,
    RecommendationForm,
    UpdateForm,
    new_status_radios,
    status_radios,
)
from casereviews.core import files, once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, checkboxes_params, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import page, require
from casereviews.reviews import selectors as review_selectors


@require_GET
def recommendations(request: HttpRequest, review_id: int) -> HttpResponse:
    """A review's recommendations, each with its actions and their status."""
    review = review_selectors.get_review(request.user, review_id)
    # Read with the findings they answer: a practitioner reads a published review's, its
    # actions without their pages (docs/adr/0045).
    require(request, Permission.VIEW_FINDINGS, review)
    services.record_view(request.user, review)
    today = timezone.localdate()
    can_open = request.user.has_perm(Permission.VIEW_ACTION_PLAN)
    blocks = [
        presenters.recommendation_block(rec, today, can_open)
        for rec in selectors.recommendations_of(review)
    ]
    return page(
        request,
        "actions/recommendations.html",
        f"{review.ref}: recommendations and actions",
        review=review,
        blocks=blocks,
        definitions=presenters.rag_definitions(),
        can_change=request.user.has_perm(Permission.CHANGE_RECOMMENDATIONS, review),
        can_add_action=request.user.has_perm(Permission.ADD_ACTION),
    )


@once.replay_safe
def add_recommendation(request: HttpRequest, review_id: int) -> HttpResponse:
    review = review_selectors.get_review(request.user, review_id)
    require(request, Permission.CHANGE_RECOMMENDATIONS, review)
    form = RecommendationForm(review, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                rec = services.create_recommendation(
                    request.user,
                    review,
                    text=form.cleaned_data["text"],
                    number=form.cleaned_data["number"],
                    findings=form.cleaned_data["findings"],
                )
                receipt.saved(rec, _recommendation_href(rec))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Recommendation {rec.number} has been added")
            return redirect(receipt.url)
    return page(
        request,
        "actions/recommendation_form.html",
        f"Add a recommendation to {review.ref}",
        review=review,
        form=form,
        findings_params=checkboxes_params(form["findings"]),
        errors=error_summary(form),
    )


def _recommendation_href(rec) -> str:
    return reverse("actions:recommendations", args=[rec.review_id]) + f"#recommendation-{rec.pk}"


def edit_recommendation(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation(request.user, recommendation_id)
    review = rec.review
    require(request, Permission.CHANGE_RECOMMENDATIONS, review)
    errors: list = []
    if request.method == "POST":
        form = RecommendationForm(review, request.POST)
        if form.is_valid():
            try:
                services.update_recommendation(
                    request.user,
                    rec,
                    text=form.cleaned_data["text"],
                    number=form.cleaned_data["number"] or rec.number,
                    findings=form.cleaned_data["findings"],
                    version=form.cleaned_data.get("version"),
                )
            except StaleRecordError:
                current = selectors.get_recommendation(request.user, recommendation_id)
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = RecommendationForm(review, data)
                form.is_valid()
                change = selectors.last_change_of_recommendation(current)
                errors = [
                    {"text": _stale_text("recommendation", change), "href": "#main-content"},
                    *error_summary(form),
                ]
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                messages.success(request, f"Recommendation {rec.number} has been saved")
                return redirect(_recommendation_href(rec))
        else:
            errors = error_summary(form)
    else:
        form = RecommendationForm(review, initial=RecommendationForm.initial_for(rec))
    return page(
        request,
        "actions/recommendation_form.html",
        f"Edit recommendation {rec.number} of {review.ref}",
        review=review,
        recommendation=rec,
        form=form,
        findings_params=checkboxes_params(form["findings"]),
        errors=errors,
    )


def _stale_text(what: str, change) -> str:
    return stale_message(
        f"This {what}",
        change and change.actor_name,
        change and change.at,
        "Your entries are still below: check them, then save again.",
    )


@once.replay_safe
def add_action(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    rec = selectors.get_recommendation(request.user, recommendation_id)
    require(request, Permission.ADD_ACTION)
    require(request, Permission.VIEW_REVIEW, rec.review)
    form = ActionForm(request.user, request.POST or None, with_status=True)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                action = services.create_action(
                    request.user, rec, status=form.cleaned_data["status"], **form.action_data()
                )
                receipt.saved(action, reverse("actions:detail", args=[action.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The action has been added")
            return redirect(receipt.url)
    return page(
        request,
        "actions/action_form.html",
        f"Add an action to recommendation {rec.number} of {rec.review.ref}",
        recommendation=rec,
        form=form,
        errors=error_summary(form),
        status_params=new_status_radios(form["status"]),
    )


def edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.get_action(request.user, action_id)
    require(request, Permission.UPDATE_ACTION, action)
    errors: list = []
    if request.method == "POST":
        form = ActionForm(request.user, request.POST)
        if form.is_valid():
            try:
                services.update_action(
                    request.user, action, form.action_data(), form.cleaned_data.get("version")
                )
            except StaleRecordError:
                current = selectors.get_action(request.user, action_id)
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = ActionForm(request.user, data)
                form.is_valid()
                errors = [
                    {"text": _stale_action_text(current, kept=""), "href": "#main-content"},
                    *error_summary(form),
                ]
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                messages.success(request, "The action has been saved")
                return redirect("actions:detail", action_id=action.pk)
        else:
            errors = error_summary(form)
    else:
        form = ActionForm(request.user, initial=ActionForm.initial_for(action))
    return page(
        request,
        "actions/action_form.html",
        "Edit the action",
        action=action,
        recommendation=action.recommendation,
        form=form,
        errors=errors,
    )


def _stale_action_text(action, kept: str) -> str:
    latest = selectors.latest_activity(action)
    return stale_message(
        "This action",
        latest[0] if latest else None,
        latest[1] if latest else None,
        "Your text and chosen status are still in the form below: read the history, then "
        "save again. Files are not kept: choose them again."
        if kept
        else "Your entries are still below: check them, then save again.",
    )


@once.replay_safe
def detail(request: HttpRequest, action_id: int) -> HttpResponse:
    """The action, its history, and (for who may update it) the update form."""
    action = selectors.get_action(request.user, action_id)
    require(request, Permission.VIEW_ACTION, action)
    can_update = request.user.has_perm(Permission.UPDATE_ACTION, action)
    errors: list = []
    too_large = None
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        too_large = files.upload_too_large(request)
        form = UpdateForm(request.POST, request.FILES)
        valid = form.is_valid()
        if too_large:
            form.add_error("files", too_large)
            valid = False
        if valid:
            try:
                with once.claim(request) as receipt:
                    update = services.add_update(
                        request.user,
                        action,
                        expected_version=form.cleaned_data.get("version"),
                        **form.update_data(),
                    )
                    receipt.saved(update, reverse("actions:detail", args=[action.pk]) + "#history")
            except StaleRecordError:
                action = selectors.get_action(request.user, action_id)
                data = request.POST.copy()
                data["version"] = str(action.version)
                form = UpdateForm(data)
                form.is_valid()
                errors = [
                    {"text": _stale_action_text(action, kept="update"), "href": "#history"},
                    *error_summary(form),
                ]
            except ValidationError as exc:
                action = selectors.get_action(request.user, action_id)
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                messages.success(request, "Your update has been added")
                return redirect(receipt.url)
        else:
            errors = error_summary(form)
            if request.FILES or too_large:
                errors.append({"text": "Choose your files again", "href": "#id_files"})
    else:
        form = UpdateForm(initial={"written_on": timezone.localdate(), "version": action.version})
    services.record_view(request.user, action)
    today = timezone.localdate()
    return page(
        request,
        "actions/detail.html",
        f"Action: {action.recommendation.review.ref} recommendation {action.recommendation.number}"
        if action.recommendation
        else f"Action: {action.origin}",
        status=200,
        action=action,
        tag=presenters.rag_tag(action.status),
        definition=presenters.rag_definitions(),
        summary_rows=presenters.summary_rows(
            action, today, origins.links([action], request.user).get(action.pk, "")
        ),
        history=presenters.history_rows(selectors.history_of(action)),
        overdue=presenters.is_overdue(action, today),
        has_evidence=selectors.has_evidence(action),
        can_update=can_update,
        form=form,
        status_params=status_radios(form["status_to"], action.status),
        errors=errors,
        files_chosen_again=bool(errors) and bool(request.FILES or too_large),
    )


@require_GET
def evidence_file(request: HttpRequest, file_id: int) -> HttpResponse:
    evidence = selectors.get_evidence_file(request.user, file_id)
    require(request, Permission.VIEW_ACTION, evidence.update.action)
    services.record_download(request.user, evidence)
    return files.file_response(evidence.stored_name, evidence.original_name, evidence.content_type)
