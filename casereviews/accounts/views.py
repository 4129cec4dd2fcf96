from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from casereviews.accounts import selectors, services, sso, two_factor
from casereviews.accounts.forms import ForgottenPasswordForm, NewPasswordForm
from casereviews.core.forms import error_summary
from casereviews.core.views_helpers import page

SSO_NEXT = "casereviews_sso_next"


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your business unit to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Sign in"
        form = context["form"]
        context["errors"] = error_summary(form)
        context["providers"] = selectors.single_sign_on_choices()
        return context


class SignOutView(auth_views.LogoutView):
    pass


@login_not_required
def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins (HTTP 429)."""
    return page(request, "accounts/locked_out.html", "Too many attempts to sign in", status=429)


# --- Password reset by email (Django's views and single-use, expiring tokens) --------------
class ForgottenPasswordView(auth_views.PasswordResetView):
    template_name = "accounts/password_forgotten.html"
    form_class = ForgottenPasswordForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Reset your password"
        context["minutes"] = settings.PASSWORD_RESET_TIMEOUT // 60
        context["errors"] = error_summary(context["form"])
        return context


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"
    extra_context = {"title": "Check your email", "errors": []}


class NewPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_new.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Choose a new password" if self.validlink else "This link has expired"
        context["errors"] = error_summary(context["form"]) if context.get("form") else []
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        services.log_password_reset(form.user)
        return response


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"title": "Your password has been changed", "errors": []}


# --- Single sign-on (OpenID Connect, one provider per partnership) ------------------------
def safe_next(request: HttpRequest) -> str:
    """Where to go after a sign-in step: the posted or asked `next`, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next", "")
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and ok else resolve_url(settings.LOGIN_REDIRECT_URL)


def _refused(request: HttpRequest, config, refused, status: int) -> HttpResponse:
    services.log_sso_refusal(config, refused)
    return page(
        request,
        "accounts/sso_refused.html",
        "You cannot sign in with single sign-on",
        status=status,
        message=refused.message,
        provider=config,
    )


@login_not_required
def sso_start(request: HttpRequest, slug: str) -> HttpResponse:
    config = selectors.get_single_sign_on(slug)
    request.session[SSO_NEXT] = safe_next(request)
    callback = request.build_absolute_uri(reverse("accounts:sso_callback", args=[slug]))
    try:
        return sso.start(request, config, callback)
    except sso.SignInRefused as refused:
        return _refused(request, config, refused, status=503)


@login_not_required
def sso_callback(request: HttpRequest, slug: str) -> HttpResponse:
    config = selectors.get_single_sign_on(slug)
    next_url = request.session.get(SSO_NEXT) or resolve_url(settings.LOGIN_REDIRECT_URL)
    try:
        user = sso.complete(request, config)
    except sso.SignInRefused as refused:
        return _refused(request, config, refused, status=403)
    request.sign_in_method = f"{two_factor.SINGLE_SIGN_ON} ({config.label})"
    login(request, user, backend="casereviews.accounts.backends.PeopleBackend")
    request.session[two_factor.SIGNED_IN_WITH] = two_factor.SINGLE_SIGN_ON
    return redirect(next_url)
