"""The second step of a password sign-in (docs/adr/0034).

After django-otp's OTPMiddleware has said whether this session passed the second step, a
person signed in with a password who has an authenticator is sent to give its code, and one for
whom two-factor sign-in is required but not yet set up is sent to set it up, before any other
page. Pages open to nobody signed in (`login_not_required`) and the two-factor pages themselves
(`two_factor_step`) are let through; so is a session signed in with single sign-on.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from casereviews.accounts import two_factor


def two_factor_step(view):
    """Mark a view a signed-in person may see before passing the second step."""
    view.two_factor_step = True
    return view


def pending_step(request) -> str | None:
    """The URL name of the step this session still owes, or None."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if request.session.get(two_factor.SIGNED_IN_WITH) == two_factor.SINGLE_SIGN_ON:
        return None
    if two_factor.is_on(user):
        return "accounts:two_factor_verify"
    if two_factor.required(user):
        return "accounts:two_factor_set_up"
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        if getattr(view_func, "two_factor_step", False):
            return None
        step = pending_step(request)
        if step is None:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
