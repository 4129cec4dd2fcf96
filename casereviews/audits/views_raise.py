"""Raising a theme's action into the partnership's action plan: a finished audit's next action
(docs/adr/0025) and an agreed joint audit's agreed actions (docs/adr/0028) share this page."""

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
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.views_helpers import page, require

from . import selectors, services
from .forms import RaiseActionForm


def theme_row(rows, number: int, text: str):
    """The row of theme `number` that has something written in `text` to raise, or 404."""
    row = next((r for r in rows if r.theme.number == number), None)
    if row is None or not getattr(row, text):
        raise Http404
    return row


def raise_page(
    request: HttpRequest,
    *,
    row,
    form_class: type[RaiseActionForm],
    initial: dict[str, Any],
    save: Callable[[dict[str, Any]], Any],
    back: str,
    back_text: str,
    title: str,
    done: str = "It is in the partnership's action plan.",
    **context: Any,
) -> HttpResponse:
    """The raise page for one theme's `row` (it has `raised_action`): once raised, back to
    `back` saying so; on a valid post, `save(cleaned_data)` raises it (replay-safe) and returns
    the row; refusals are shown on the form, keeping what was typed."""
    if row.raised_action_id:
        messages.info(request, "This is already in the action plan.")
        return redirect(back)
    errors: list[dict] = []
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    row = save(form.cleaned_data)
                    receipt.saved(row.raised_action, back)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_service_errors(form, exc)
                    errors = error_summary(form)
                else:
                    errors = [{"text": m, "href": "#main-content"} for m in exc.messages]
            else:
                messages.success(request, done)
                return redirect(receipt.url)
        else:
            errors = error_summary(form)
    else:
        form = form_class(initial=initial)
    return page(
        request,
        "audits/raise_action.html",
        title,
        form=form,
        errors=errors,
        back=back,
        back_text=back_text,
        **context,
    )


@once.replay_safe
def raise_action(request: HttpRequest, audit_id: int, number: int) -> HttpResponse:
    audit = selectors.get_audit(request.user, audit_id)
    require(request, Permission.VIEW_CASE_AUDIT, audit)
    require(request, Permission.RAISE_AUDIT_ACTION, audit)
    answer = theme_row(selectors.answers_of(audit), number, "next_action")
    return raise_page(
        request,
        row=answer,
        form_class=RaiseActionForm,
        initial={"lead_role": answer.action_owner, "due_on": answer.action_due},
        save=lambda data: services.raise_action(request.user, audit, number, **data),
        back=reverse("audits:detail", args=[audit.pk]) + f"#theme-{number}",
        back_text="Back to the audit",
        done="The next action is in the partnership's action plan.",
        title=f"Raise theme {number}'s next action into the action plan",
        caption=f"Case audit {audit.case_reference} · {audit.agency.name}",
        text=answer.next_action,
        explanation=(
            f"The action joins the partnership's composite action plan, owned by "
            f"{audit.agency.name}, where the board tracks it with its status and evidence of "
            f"impact. The plan says it came from a case audit on theme {number}, "
            f"{answer.theme.title}; it does not show the case's reference or the child."
        ),
    )
