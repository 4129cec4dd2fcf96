"""Pages for API tokens: a person's own, and the business unit's service accounts (an agency's
system) with theirs. A new token is shown once, on the page its creation leads to; each
form saves once however often it is sent (core.once)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.views_helpers import page, require

from . import presenters, selectors, services
from .forms import ServiceAccountForm, TokenForm


def _may_hold(request: HttpRequest) -> None:
    if not services.may_hold_tokens(request.user) or hasattr(request.user, "service_account"):
        raise PermissionDenied


# A new token is shown once, on the page the save redirects to: its raw value waits in the
# (server-side) session for that one view and is removed as it is shown.
_NEW = "api_new_token"


def _keep_new(request: HttpRequest, new: services.NewToken) -> None:
    request.session[_NEW] = {"id": new.token.pk, "raw": new.raw}


def _pop_new(request: HttpRequest, tokens) -> services.NewToken | None:
    kept = request.session.pop(_NEW, None)
    token = tokens.filter(pk=kept["id"]).first() if kept else None
    return services.NewToken(token, kept["raw"]) if token else None


@once.replay_safe
def own(request: HttpRequest) -> HttpResponse:
    """Your tokens: make one (shown once), see when each was last used, revoke."""
    _may_hold(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                new = services.create_own_token(
                    request.user, name=form.cleaned_data["name"], days=form.cleaned_data["lifetime"]
                )
                receipt.saved(new.token, reverse("api_tokens:own"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _keep_new(request, new)
            return redirect(receipt.url)
    tokens = selectors.own_tokens(request.user)
    return page(
        request,
        "api/tokens.html",
        "Your API tokens",
        form=form,
        new=_pop_new(request, tokens),
        rows=presenters.token_rows(tokens),
        errors=error_summary(form),
    )


@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.get_token(request.user, token_id)
    services.revoke(request.user, token)
    messages.success(request, f"The token {token.prefix}… ({token.name}) is revoked")
    if token.user_id == request.user.pk:
        return redirect("api_tokens:own")
    return redirect("api_tokens:service_account", service_account_id=token.user.service_account.pk)


@once.replay_safe
def service_accounts(request: HttpRequest) -> HttpResponse:
    """The business unit's list of agencies' systems, and a form to add one."""
    require(request, Permission.MANAGE_ACCOUNTS)
    agencies = selectors.active_agencies(request.user)
    form = ServiceAccountForm(request.POST if request.method == "POST" else None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                account = services.create_service_account(
                    request.user, name=form.cleaned_data["name"], agency=form.cleaned_data["agency"]
                )
                url = reverse("api_tokens:service_account", args=[account.pk])
                receipt.saved(account, url)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{account.name} is added: now make it a token")
            return redirect(receipt.url)
    return page(
        request,
        "api/service_accounts.html",
        "Service accounts",
        form=form,
        accounts=selectors.service_accounts(request.user),
        errors=error_summary(form),
    )


@once.replay_safe
def service_account(request: HttpRequest, service_account_id: int) -> HttpResponse:
    """One service account: its tokens, and a form to make one (shown once)."""
    require(request, Permission.MANAGE_ACCOUNTS)
    account = selectors.get_service_account(request.user, service_account_id)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                new = services.create_service_token(
                    request.user,
                    account,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["lifetime"],
                )
                receipt.saved(new.token, reverse("api_tokens:service_account", args=[account.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _keep_new(request, new)
            return redirect(receipt.url)
    tokens = selectors.tokens_of_account(request.user, account)
    return page(
        request,
        "api/service_account.html",
        f"Service account: {account.name}",
        account=account,
        form=form,
        new=_pop_new(request, tokens),
        rows=presenters.token_rows(tokens),
        errors=error_summary(form),
    )
