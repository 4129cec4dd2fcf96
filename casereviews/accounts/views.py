from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse

from casereviews.core.forms import error_summary
from casereviews.core.views_helpers import page


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
        return context


class SignOutView(auth_views.LogoutView):
    pass


@login_not_required
def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins (HTTP 429)."""
    return page(request, "accounts/locked_out.html", "Too many attempts to sign in", status=429)
