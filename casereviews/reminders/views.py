"""The person's own reminder choices (under their account)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from casereviews.accounts.permissions import has_partnership, is_business_unit
from casereviews.core.forms import error_summary
from casereviews.core.views_helpers import page

from . import presenters, selectors, services
from .forms import PreferenceForm


def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_partnership(user):
        return page(request, "reminders/preferences.html", "Reminder emails", form=None)
    preference = selectors.preference_of(user)
    offer_daily = bool(is_business_unit(user))
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"weekly": preference.weekly, "daily": preference.daily},
        offer_daily=offer_daily,
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            user,
            user,
            weekly=form.cleaned_data["weekly"],
            daily=offer_daily and form.cleaned_data.get("daily", False),
        )
        messages.success(request, "Your reminder emails are saved")
        return redirect("reminders:preferences")
    return page(
        request,
        "reminders/preferences.html",
        "Reminder emails",
        form=form,
        email=user.email,
        falls_due=presenters.panel(user, timezone.localdate()),
        errors=error_summary(form),
    )
