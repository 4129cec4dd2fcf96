"""Referral pages: parse, authorise, call a service, render. Nothing more."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casereviews.accounts.roles import Permission
from casereviews.core import once, reporting_year
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.paging import listing
from casereviews.core.views_helpers import page, require
from casereviews.referrals import presenters, selectors, services
from casereviews.referrals.forms import (
    DecisionForm,
    ReferralEditForm,
    ReferralFilterForm,
    ReferralForm,
    referral_initial,
)
from casereviews.reviews.refs import next_free_ref

REFERRALS_PER_PAGE = 50


@require_http_methods(["GET"])
def referral_list(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_REFERRALS)
    today = timezone.localdate()
    form = ReferralFilterForm(
        reporting_year.choices(selectors.decision_days(request.user), today), request.GET
    )
    filters = form.filters()
    referrals = selectors.filtered_referrals(request.user, **filters)
    year = reporting_year.parse_or_none(filters["reporting_year"])
    listed = listing(
        referrals,
        request.GET,
        per_page=REFERRALS_PER_PAGE,
        label="Referral pages",
        filters=filters,
        sorts=selectors.REFERRAL_SORTS,
        default_sort="received",
        default_order="desc",
    )
    return page(
        request,
        "referrals/list.html",
        "Referrals",
        rows=[presenters.referral_row(r, today) for r in listed.rows],
        listing=listed,
        form=form,
        filtered=any(filters.values()),
        year=year,
        counts=presenters.outcome_count_rows(selectors.outcome_counts_of(referrals)),
        can_add=request.user.has_perm(Permission.ADD_REFERRAL),
    )


@require_http_methods(["GET", "POST"])
@once.replay_safe
def referral_create(request: HttpRequest) -> HttpResponse:
    require(request, Permission.ADD_REFERRAL)
    form = ReferralForm(
        request.POST or None, agencies=selectors.agencies_for_referral(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                referral = services.create_referral(request.user, form.service_data())
                receipt.saved(referral, reverse("referrals:detail", args=[referral.pk]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Referral recorded")
            return redirect(receipt.url)
    return page(
        request,
        "referrals/form.html",
        "Record a referral",
        form=form,
        errors=error_summary(form),
        editing=False,
    )


@require_http_methods(["GET"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.get_referral(request.user, referral_id)
    require(request, Permission.VIEW_REFERRALS, referral)
    today = timezone.localdate()
    return page(
        request,
        "referrals/detail.html",
        f"Referral for {referral.child_pseudonym}",
        referral=referral,
        summary=presenters.summary_rows(referral),
        clocks=presenters.clock_rows(referral, today),
        decisions=presenters.decision_history(referral),
        review=presenters.review_summary(referral),
        name_warning=presenters.looks_like_real_name(referral.child_pseudonym),
        can_edit=request.user.has_perm(Permission.CHANGE_REFERRAL, referral),
        can_decide=request.user.has_perm(Permission.RECORD_DECISION, referral),
    )


@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.get_referral(request.user, referral_id)
    require(request, Permission.CHANGE_REFERRAL, referral)
    agencies = selectors.agencies_for_referral(
        request.user,
        referral,
        only_its_own=not request.user.has_perm(Permission.ADD_REFERRAL),
    )
    form = ReferralEditForm(
        request.POST or None, agencies=agencies, initial=referral_initial(referral)
    )
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_referral(
                request.user, referral, form.service_data(), form.cleaned_data.get("version")
            )
        except StaleRecordError as stale:
            # Show the user's own values again, now against the saved version, with what is
            # saved beside them: nothing is lost and nothing is overwritten silently.
            data = request.POST.copy()
            data["version"] = str(stale.instance.version)
            form = ReferralEditForm(data, agencies=agencies)
            form.is_valid()
            form.add_error(
                None,
                presenters.stale_message(stale, selectors.last_change(stale.instance)),
            )
            current = presenters.summary_rows(stale.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Referral updated")
            return redirect("referrals:detail", referral_id=referral.pk)
    return page(
        request,
        "referrals/form.html",
        f"Change the referral for {referral.child_pseudonym}",
        form=form,
        errors=error_summary(form),
        editing=True,
        referral=referral,
        current=current,
    )


def _decision_form(referral, data=None) -> DecisionForm:
    previous = selectors.latest_decision(referral)
    review = selectors.review_of(referral)
    suggested = next_free_ref(referral.partnership_id) if review is None else ""
    return DecisionForm(
        data,
        referral=referral,
        previous=previous,
        review=review,
        suggested_ref=suggested,
        initial={"ref": suggested, "version": referral.version},
    )


@require_http_methods(["GET", "POST"])
@once.replay_safe
def referral_decide(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.get_referral(request.user, referral_id)
    require(request, Permission.RECORD_DECISION, referral)
    form = _decision_form(referral, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                decision = services.record_decision(request.user, referral, form.service_data())
                receipt.saved(decision, reverse("referrals:detail", args=[referral.pk]))
        except StaleRecordError:
            # A decision was recorded (or the referral changed) since the page was made: show
            # the user's entries again against what is now current, and say who and when.
            referral = selectors.get_referral(request.user, referral_id)
            data = request.POST.copy()
            data["version"] = str(referral.version)
            form = _decision_form(referral, data)
            form.is_valid()
            change = selectors.last_change_or_decision(referral)
            form.add_error(None, presenters.stale_decision_message(change))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            created = selectors.review_of(selectors.get_referral(request.user, referral.pk))
            text = f"Decision recorded: {decision.get_outcome_display()}"
            if created is not None:
                text += f". The review's Ref is {created.ref}"
            messages.success(request, text)
            return redirect(receipt.url)
    return page(
        request,
        "referrals/decide.html",
        f"Record the decision for {referral.child_pseudonym}",
        form=form,
        errors=error_summary(form),
        referral=referral,
        decisions=presenters.decision_history(referral),
        review=presenters.review_summary(referral),
        received=presenters.format_date(referral.received_on),
    )
