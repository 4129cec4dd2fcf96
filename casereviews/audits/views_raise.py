"""Raising a finished audit's next action into the partnership's action plan (docs/adr/0025)."""

from __future__ import annotations

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
    if answer.raised_action_id:
        messages.info(request, "This next action is already in the action plan.")
        return redirect(reverse("audits:detail", args=[audit.pk]) + f"#theme-{number}")
    errors: list[dict] = []
    if request.method == "POST":
        form = RaiseActionForm(request.POST)
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    answer = services.raise_action(request.user, audit, number, **form.cleaned_data)
                    receipt.saved(
                        answer.raised_action,
                        reverse("audits:detail", args=[audit.pk]) + f"#theme-{number}",
                    )
            except ValidationError as exc:
                errors = [{"text": m, "href": "#main-content"} for m in exc.messages]
            else:
                messages.success(request, "The next action is in the partnership's action plan.")
                return redirect(receipt.url)
        else:
            errors = error_summary(form)
    else:
        form = RaiseActionForm(
            initial={"lead_role": answer.action_owner, "due_on": answer.action_due}
        )
    return page(
        request,
        "audits/raise_action.html",
        f"Raise theme {number}'s next action into the action plan",
        audit=audit,
        answer=answer,
        form=form,
        errors=errors,
    )
