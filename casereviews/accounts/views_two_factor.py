"""Two-factor sign-in pages (docs/adr/0034): the second step of a password sign-in, setting
up an authenticator app, one's own settings, and the business unit's reset of a lost device."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.views.decorators.http import require_POST

from casereviews.accounts import selectors, two_factor
from casereviews.accounts.forms import CodeForm
from casereviews.accounts.middleware import pending_step, two_factor_step
from casereviews.accounts.roles import Permission
from casereviews.accounts.views import safe_next
from casereviews.core.forms import error_summary
from casereviews.core.views_helpers import page, require


@two_factor_step
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, or a recovery code."""
    if pending_step(request) != "accounts:two_factor_verify":
        return redirect(safe_next(request))
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        label="Code from your authenticator app",
        hint="The 6-digit code your app shows now. Lost your phone? Enter a recovery code.",
    )
    if request.method == "POST" and form.is_valid():
        if two_factor.pass_second_step(request, form.cleaned_data["code"]):
            return redirect(safe_next(request))
        # django-otp then refuses every code for a second or more (doubling each time).
        form.add_error(
            "code", "The code is not right. Wait a few seconds, then enter the code your app shows"
        )
    return page(
        request,
        "accounts/two_factor_verify.html",
        "Enter your code",
        form=form,
        next=safe_next(request),
        errors=error_summary(form),
    )


@two_factor_step
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: scan, then prove it with a code."""
    if pending_step(request) == "accounts:two_factor_verify":
        return redirect(safe_next(request))  # the old device first (the middleware sends them)
    device = two_factor.pending_authenticator(request)
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        label="Code from your authenticator app",
        hint="The 6-digit code your app shows for Case reviews.",
    )
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_set_up(request, device, form.cleaned_data["code"])
        if codes is not None:
            return page(
                request,
                "accounts/two_factor_codes.html",
                "Save your recovery codes",
                codes=codes,
                next=safe_next(request),
            )
        form.add_error("code", "The code is not right. Enter the code your app shows now")
    return page(
        request,
        "accounts/two_factor_set_up.html",
        "Set up two-factor sign-in",
        form=form,
        qr=two_factor.qr_code(device),
        secret=two_factor.secret_for_people(device),
        required=two_factor.required(request.user),
        next=safe_next(request),
        errors=error_summary(form),
    )


def own(request: HttpRequest) -> HttpResponse:
    """One's own two-factor settings."""
    user = request.user
    return page(
        request,
        "accounts/two_factor.html",
        "Two-factor sign-in",
        on=two_factor.is_on(user),
        required=two_factor.required(user),
        codes_left=two_factor.recovery_codes_left(user),
    )


@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not two_factor.is_on(request.user):
        return redirect("accounts:two_factor")
    codes = two_factor.replace_recovery_codes(request.user)
    return page(
        request,
        "accounts/two_factor_codes.html",
        "Save your recovery codes",
        codes=codes,
        next=resolve_url("accounts:two_factor"),
    )


@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    if two_factor.required(request.user):
        messages.error(request, "Two-factor sign-in is required for your role")
    elif two_factor.is_on(request.user):
        two_factor.turn_off(request.user)
        messages.success(request, "Two-factor sign-in turned off")
    return redirect("accounts:two_factor")


def reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """The business unit turns off a colleague's lost authenticator (never their own)."""
    require(request, Permission.MANAGE_ACCOUNTS)
    person = selectors.get_user(request.user, user_id)
    own_account = person.pk == request.user.pk
    if request.method == "POST" and not own_account and two_factor.is_on(person):
        two_factor.reset(request.user, person)
        messages.success(
            request, f"Two-factor sign-in for {person} reset. They set it up again next time."
        )
        return redirect("accounts:users")
    return page(
        request,
        "accounts/two_factor_reset.html",
        f"Reset two-factor sign-in for {person}",
        person=person,
        on=two_factor.is_on(person),
        own_account=own_account,
    )
