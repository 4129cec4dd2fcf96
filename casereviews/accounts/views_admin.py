"""The business unit's admin pages: its partnership's agencies and users."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casereviews.accounts import selectors, services
from casereviews.accounts.forms import AgencyForm, PasswordResetForm, UserForm
from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.forms import error_summary
from casereviews.core.views_helpers import page, require


def _posted(request: HttpRequest):
    """The submitted data on a POST (even an empty one), so the form is bound and validated."""
    return request.POST if request.method == "POST" else None


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def agencies(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_ACCOUNTS)
    return page(
        request, "accounts/agencies.html", "Agencies", agencies=selectors.agencies_for(request.user)
    )


@once.replay_safe
def agency_form(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    require(request, Permission.MANAGE_ACCOUNTS)
    agency = selectors.get_agency(request.user, agency_id) if agency_id else None
    initial = None
    if agency is not None:
        initial = {"name": agency.name, "short_name": agency.short_name, "active": agency.active}
    form = AgencyForm(_posted(request), actor=request.user, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if agency is None:
                with once.claim(request) as receipt:
                    saved = services.create_agency(request.user, form.cleaned_data)
                    receipt.saved(saved, reverse("accounts:agencies"))
                messages.success(request, f"Agency {saved.name} added")
            else:
                saved = services.update_agency(request.user, agency, form.cleaned_data)
                messages.success(request, f"Agency {saved.name} saved")
            return redirect("accounts:agencies")
        except ValidationError as error:
            _add_errors(form, error)
    title = f"Change {agency.name}" if agency else "Add an agency"
    return page(
        request,
        "accounts/agency_form.html",
        title,
        form=form,
        agency=agency,
        errors=error_summary(form),
    )


def users(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_ACCOUNTS)
    people = selectors.users_for(request.user)
    return page(
        request,
        "accounts/users.html",
        "Users and agencies",
        users=people,
        service_accounts=selectors.service_account_count(request.user),
    )


@once.replay_safe
def user_form(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    require(request, Permission.MANAGE_ACCOUNTS)
    person = selectors.get_user(request.user, user_id) if user_id else None
    initial = None
    if person is not None:
        initial = {name: getattr(person, name) for name in services.USER_EDIT_FIELDS}
        initial["agency"] = person.agency_id
    form = UserForm(_posted(request), actor=request.user, user=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                with once.claim(request) as receipt:
                    saved = services.create_user(
                        request.user, form.user_data(), form.cleaned_data["password1"]
                    )
                    receipt.saved(saved, reverse("accounts:users"))
                messages.success(request, f"{saved} can now sign in as {saved.username}")
            else:
                saved = services.update_user(request.user, person, form.user_data())
                messages.success(request, f"Changes to {saved} saved")
            return redirect("accounts:users")
        except ValidationError as error:
            _add_errors(form, error)
    title = f"Change {person}" if person else "Add a user"
    return page(
        request,
        "accounts/user_form.html",
        title,
        form=form,
        person=person,
        errors=error_summary(form),
    )


def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_ACCOUNTS)
    person = selectors.get_user(request.user, user_id)
    form = PasswordResetForm(_posted(request), user=person)
    if request.method == "POST" and form.is_valid():
        services.reset_password(request.user, person, form.cleaned_data["password1"])
        messages.success(request, f"Password for {person} reset")
        return redirect("accounts:users")
    return page(
        request,
        "accounts/user_password.html",
        f"Reset the password for {person}",
        form=form,
        person=person,
        errors=error_summary(form),
    )
