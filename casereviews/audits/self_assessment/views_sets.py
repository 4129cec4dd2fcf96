"""Changing a partnership's set of practice issues: each change stores the set's next version
(docs/adr/0027), so assessments already answered keep their questions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.views_helpers import page, require

from . import selectors, services
from .forms import AddIssueForm, IssueChangeForm


def _set_url(issue_set) -> str:
    return reverse("audits:self_assessment:sets") + f"?set={issue_set.pk}"


def _not_current(request: HttpRequest, issue_set) -> HttpResponse | None:
    """An older version is never changed: send the user to the newest."""
    if issue_set.is_current:
        return None
    newest = selectors.current_of(issue_set)
    messages.info(
        request,
        f"That was version {issue_set.version} of the set; it is now at version "
        f"{newest.version}. Make your change to the newest version.",
    )
    return redirect(_set_url(newest))


@once.replay_safe
def change_issue(request: HttpRequest, issue_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_ISSUE_SETS)
    issue = selectors.get_issue(request.user, issue_id)
    issue_set = issue.issue_set
    moved = _not_current(request, issue_set)
    if moved is not None:
        return moved
    form = IssueChangeForm(issue, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                new = services.change_issue(request.user, issue_set, issue.number, **form.changes())
                receipt.saved(new, _set_url(new))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Version {new.version} of the set is stored: {new.change_note}. Self-assessments "
                "already started keep the questions they were answered against.",
            )
            return redirect(receipt.url)
    return page(
        request,
        "audits/self_assessment/issue_form.html",
        f"Change issue {issue.number}",
        issue_set=issue_set,
        issue=issue,
        form=form,
        errors=error_summary(form) if form.is_bound else [],
    )


@once.replay_safe
def add_issue(request: HttpRequest, set_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_ISSUE_SETS)
    issue_set = selectors.get_set(request.user, set_id)
    moved = _not_current(request, issue_set)
    if moved is not None:
        return moved
    form = AddIssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                new = services.add_issue(request.user, issue_set, **form.cleaned_data)
                receipt.saved(new, _set_url(new))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Version {new.version} of the set is stored: {new.change_note}."
            )
            return redirect(receipt.url)
    return page(
        request,
        "audits/self_assessment/add_issue.html",
        f"Add an issue to {issue_set.name}",
        issue_set=issue_set,
        form=form,
        errors=error_summary(form) if form.is_bound else [],
    )
