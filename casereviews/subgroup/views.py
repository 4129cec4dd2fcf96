"""The sub-group's pages: parse, authorise, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.core import audit, once, reporting_year
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.presenters import stale_message
from casereviews.core.reporting_year import ReportingYear
from casereviews.core.views_helpers import page, require
from casereviews.subgroup import presenters, selectors, services
from casereviews.subgroup.forms import (
    HealthCheckForm,
    MeetingForm,
    PlanActionForm,
    PriorityForm,
    TermsForm,
)


def _year(request: HttpRequest) -> ReportingYear:
    chosen = reporting_year.parse_or_none(request.GET.get("year"))
    return chosen or ReportingYear.of(timezone.localdate())


def overview(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_SUBGROUP)
    user = request.user
    year = _year(request)
    today = timezone.localdate()
    terms = selectors.current_terms(user)
    meetings = list(selectors.meetings(user, year))
    return page(
        request,
        "subgroup/overview.html",
        f"The sub-group's year {year.label}",
        year=year,
        years=reporting_year.choices(selectors.meeting_days(user), today),
        meetings=[presenters.meeting_row(m) for m in meetings],
        attendance=presenters.attendance_by_agency(meetings),
        checks=list(selectors.health_checks(user, year)),
        terms=terms,
        terms_overdue=bool(terms and terms.review_by < today),
        priorities=[presenters.priority_block(p, today) for p in selectors.priorities(user, year)],
        can_manage=user.has_perm(Permission.MANAGE_SUBGROUP),
    )


def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    require(request, Permission.VIEW_SUBGROUP)
    meeting = selectors.get_meeting(request.user, meeting_id)
    return page(
        request,
        "subgroup/meeting.html",
        str(meeting),
        meeting=meeting,
        back_href=_overview_at(meeting.held_on),
        attendance=list(meeting.attendance.select_related("agency")),
        items=presenters.item_rows(selectors.items_of(request.user, meeting)),
        can_manage=request.user.has_perm(Permission.MANAGE_SUBGROUP),
    )


def health_check_detail(request: HttpRequest, check_id: int) -> HttpResponse:
    require(request, Permission.VIEW_SUBGROUP)
    check = selectors.get_health_check(request.user, check_id)
    return page(
        request,
        "subgroup/health_check.html",
        str(check),
        check=check,
        back_href=_overview_at(check.done_on),
        answers=list(check.answers.all()),
        can_manage=request.user.has_perm(Permission.MANAGE_SUBGROUP),
    )


def _create(request, form, title, template, save, success, **context) -> HttpResponse:
    """The shape every create page here shares: validate, save once, say so, go back."""
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                saved = save(form)
                receipt.saved(saved, success["url"](saved))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success["message"])
            return redirect(receipt.url)
    return page(request, template, title, form=form, errors=error_summary(form), **context)


def _overview_at(day) -> str:
    return reverse("subgroup:overview") + f"?year={ReportingYear.of(day).label}"


@once.replay_safe
def record_meeting(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    form = MeetingForm(user, request.POST or None)
    return _create(
        request,
        form,
        "Record a sub-group meeting",
        "subgroup/meeting_form.html",
        lambda f: services.record_meeting(user, user.partnership, **f.service_data()),
        {
            "url": lambda m: reverse("subgroup:meeting", args=[m.pk]),
            "message": "The meeting has been recorded",
        },
    )


@once.replay_safe
def record_health_check(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    form = HealthCheckForm(request.POST or None)
    return _create(
        request,
        form,
        "Record a health check",
        "subgroup/health_check_form.html",
        lambda f: services.record_health_check(
            user,
            user.partnership,
            done_on=f.cleaned_data["done_on"],
            summary=f.cleaned_data.get("summary") or "",
            answers=f.answers(),
        ),
        {
            "url": lambda c: reverse("subgroup:health_check", args=[c.pk]),
            "message": "The health check has been recorded",
        },
    )


@once.replay_safe
def record_terms(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    form = TermsForm(request.POST or None)
    return _create(
        request,
        form,
        "Record the terms of reference",
        "subgroup/simple_form.html",
        lambda f: services.record_terms(user, user.partnership, **f.terms_data()),
        {
            "url": lambda t: _overview_at(t.agreed_on),
            "message": "The terms of reference have been recorded",
        },
        button="Save the terms of reference",
    )


@once.replay_safe
def add_priority(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    form = PriorityForm(request.POST or None)
    return _create(
        request,
        form,
        "Add a business plan priority",
        "subgroup/simple_form.html",
        lambda f: services.add_priority(user, user.partnership, **f.cleaned_data),
        {
            "url": lambda p: reverse("subgroup:overview") + f"?year={p.reporting_year}",
            "message": "The priority has been added",
        },
        button="Add the priority",
    )


@once.replay_safe
def add_plan_action(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    form = PlanActionForm(user, request.POST or None)
    return _create(
        request,
        form,
        "Add an action to the sub-group's plan",
        "subgroup/simple_form.html",
        lambda f: services.add_plan_action(user, user.partnership, **f.cleaned_data),
        {
            "url": lambda a: reverse("subgroup:overview") + f"?year={a.priority.reporting_year}",
            "message": "The action has been added to the sub-group's plan",
        },
        button="Add the action",
    )


# -- correcting what was saved ---------------------------------------------------------------


def _change(request, form, title, template, save, saved, subject, **context) -> HttpResponse:
    """The shape every change page here shares: validate, save from the version the user
    opened (a save over someone else's is refused, saying who and when: core.concurrency),
    say so, go back to the record."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form, form.cleaned_data.get("version"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleRecordError as exc:
            change = audit.last_change(exc.instance)
            form.data = form.data.copy()
            form.data["version"] = str(exc.instance.version)  # saving again is deliberate
            form.add_error(
                None,
                stale_message(
                    subject,
                    change and change.actor_name,
                    change and change.at,
                    "Your entries are still below: check the saved record in another tab, "
                    "then save again to replace it.",
                ),
            )
        else:
            messages.success(request, saved["message"])
            return redirect(saved["url"])
    return page(request, template, title, form=form, errors=error_summary(form), **context)


def change_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    meeting = selectors.get_meeting(user, meeting_id)
    seen = selectors.items_of(user, meeting)
    form = MeetingForm(user, request.POST or None, initial=MeetingForm.initial_for(meeting, seen))
    seen_ids = {item.pk for item in seen}
    hidden = [item for item in meeting.items.all() if item.pk not in seen_ids]
    return _change(
        request,
        form,
        f"Change the meeting of {meeting.held_on:%-d %B %Y}",
        "subgroup/meeting_form.html",
        lambda f, version: services.change_meeting(
            user,
            meeting,
            version,
            **{k: v for k, v in f.service_data().items()},
            hidden=hidden,
        ),
        {
            "url": reverse("subgroup:meeting", args=[meeting.pk]),
            "message": "The meeting has been changed",
        },
        "This meeting",
        back_href=reverse("subgroup:meeting", args=[meeting.pk]),
        button="Save the changes",
    )


def change_health_check(request: HttpRequest, check_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    check = selectors.get_health_check(user, check_id)
    form = HealthCheckForm(request.POST or None, initial=HealthCheckForm.initial_for(check))
    return _change(
        request,
        form,
        f"Change the health check of {check.done_on:%-d %B %Y}",
        "subgroup/health_check_form.html",
        lambda f, version: services.change_health_check(
            user,
            check,
            version,
            done_on=f.cleaned_data["done_on"],
            summary=f.cleaned_data.get("summary") or "",
            answers=f.answers(),
        ),
        {
            "url": reverse("subgroup:health_check", args=[check.pk]),
            "message": "The health check has been changed",
        },
        "This health check",
        back_href=reverse("subgroup:health_check", args=[check.pk]),
        button="Save the changes",
    )


def change_terms(request: HttpRequest, terms_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_SUBGROUP)
    user = request.user
    terms = selectors.get_terms(user, terms_id)
    form = TermsForm(request.POST or None, initial=TermsForm.initial_for(terms))
    return _change(
        request,
        form,
        "Change the terms of reference",
        "subgroup/simple_form.html",
        lambda f, version: services.change_terms(user, terms, version, **f.terms_data()),
        {
            "url": _overview_at(terms.agreed_on),
            "message": "The terms of reference have been changed",
        },
        "These terms of reference",
        back_href=_overview_at(terms.agreed_on),
        button="Save the changes",
    )
