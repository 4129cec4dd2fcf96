"""Raising a finished audit's next action into the partnership's action plan (docs/adr/0025);
`raise_page` serves the self-assessment's improvement actions too (docs/adr/0027)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.forms import error_summary
from casereviews.core.views_helpers import page, require

from . import selectors, services
from .forms import RaiseActionForm


@once.replay_safe
def raise_action(request: HttpRequest, audit_id: int, number: int) -> HttpResponse:
    audit = selectors.get_audit(request.user, audit_id)
    require(request, Permission.VIEW_CASE_AUDIT, audit)
    require(request, Permission.RAISE_AUDIT_ACTION, audit)
    answer = next((a for a in selectors.answers_of(audit) if a.theme.number == number), None)
    if answer is None or not answer.next_action:
        raise Http404
    done_url = reverse("audits:detail", args=[audit.pk]) + f"#theme-{number}"
    if answer.raised_action_id:
        messages.info(request, "This next action is already in the action plan.")
        return redirect(done_url)
    return raise_page(
        request,
        lambda **fields: services.raise_action(request.user, audit, number, **fields).raised_action,
        done_url=done_url,
        done_message="The next action is in the partnership's action plan.",
        initial={"lead_role": answer.action_owner, "due_on": answer.action_due},
        template="audits/raise_action.html",
        title=f"Raise theme {number}'s next action into the action plan",
        context={"audit": audit, "answer": answer},
    )


def raise_page(
    request: HttpRequest,
    raise_it: Callable[..., Any],
    *,
    done_url: str,
    done_message: str,
    initial: dict[str, Any],
    template: str,
    title: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The page that raises an action into the plan (a case audit's next action, a
    self-assessment's improvement action): the lead and due date, once only (docs/adr/0021).
    `raise_it(lead_role=..., due_on=...)` writes it and returns the new action."""
    errors: list[dict] = []
    if request.method == "POST":
        form = RaiseActionForm(request.POST)
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    receipt.saved(raise_it(**form.cleaned_data), done_url)
            except ValidationError as exc:
                errors = [{"text": m, "href": "#main-content"} for m in exc.messages]
            else:
                messages.success(request, done_message)
                return redirect(receipt.url)
        else:
            errors = error_summary(form)
    else:
        form = RaiseActionForm(initial=initial)
    return page(request, template, title, form=form, errors=errors, **context)
