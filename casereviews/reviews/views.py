"""Review pages: parse, authorise, call, render (queries in selectors, writes in services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from casereviews.accounts.permissions import has_partnership
from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, checkboxes_params, error_summary
from casereviews.core.paging import listing
from casereviews.core.presenters import stale_message
from casereviews.core.views_helpers import page, require
from casereviews.reviews import learning_panel, presenters, selectors, services
from casereviews.reviews.forms import AccessForm, DelayForm, RegisterFilterForm, ReviewForm

REGISTER_PER_PAGE = 50


def detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.VIEW_REVIEW, review)
    services.record_review_view(request.user, review)
    reviewers = selectors.assigned_reviewers(review)
    user = request.user
    return page(
        request,
        "reviews/detail.html",
        f"{review.ref}: {review.summary}",
        review=review,
        summary_rows=presenters.summary_rows(review, reviewers),
        milestone_rows=presenters.milestone_rows(review),
        learning_rows=learning_panel.rows(review, user),
        timeliness=presenters.timeliness(review, timezone.localdate()),
        delay_rows=presenters.delay_rows(selectors.delays_of(review)),
        referral_href=presenters.referral_href(review),
        restricted_members=selectors.restricted_members(review) if review.restricted else [],
        can_edit=user.has_perm(Permission.CHANGE_REVIEW, review),
        can_add_delay=user.has_perm(Permission.ADD_DELAY, review),
        can_restrict=user.has_perm(Permission.RESTRICT_REVIEW, review),
        can_see_repository_summary=user.has_perm(Permission.VIEW_REPOSITORY_SUMMARY, review),
    )


def _stale_message(review) -> str:
    change = selectors.last_change(review)
    return stale_message("This review", change and change.actor_name, change and change.at)


def edit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.CHANGE_REVIEW, review)
    context: dict = {"review": review}
    errors: list = []
    if request.method == "POST":
        form = ReviewForm(request.user, review, request.POST)
        if form.is_valid():
            try:
                services.update_review(
                    request.user, review, form.review_data(), form.cleaned_data.get("version")
                )
            except StaleRecordError:
                current = selectors.get_review(request.user, review_id)
                data = request.POST.copy()
                data["version"] = str(current.version)  # saving again is now deliberate
                form = ReviewForm(request.user, current, data)
                form.is_valid()
                stale = {"text": _stale_message(current), "href": "#saved-values"}
                errors = [stale, *error_summary(form)]
                context["saved_rows"] = presenters.saved_values(
                    current, selectors.assigned_reviewers(current)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                errors = error_summary(form)
            else:
                messages.success(request, f"{review.ref} has been saved")
                return redirect("reviews:detail", review_id=review.pk)
        else:
            errors = error_summary(form)
    else:
        form = ReviewForm(request.user, review, initial=ReviewForm.initial_for(review))
    return page(
        request,
        "reviews/edit.html",
        f"Edit {review.ref}",
        form=form,
        errors=errors,
        reviewers_params=checkboxes_params(form["reviewers"]),
        **context,
    )


@once.replay_safe
def add_delay(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.ADD_DELAY, review)
    form = DelayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                delay = services.add_delay(request.user, review, **form.cleaned_data)
                receipt.saved(delay, reverse("reviews:detail", args=[review.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The delay has been added to the log of {review.ref}")
            return redirect(receipt.url)
    return page(
        request,
        "reviews/delay_form.html",
        f"Record a delay to {review.ref}",
        review=review,
        form=form,
        errors=error_summary(form),
    )


def access(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.get_review(request.user, review_id)
    require(request, Permission.RESTRICT_REVIEW, review)
    errors: list = []
    saved_members = None
    if request.method == "POST":
        form = AccessForm(request.user, request.POST)
        if form.is_valid():
            try:
                services.set_access(
                    request.user,
                    review,
                    restricted=form.cleaned_data["restricted"],
                    members=form.cleaned_data["members"],
                    version=form.cleaned_data.get("version"),
                )
            except StaleRecordError:
                # Someone changed the review since: the user's choices stay in the form, what
                # is saved now is shown above it, and saving again is deliberate.
                review = selectors.get_review(request.user, review_id)
                data = request.POST.copy()
                data["version"] = str(review.version)
                form = AccessForm(request.user, data)
                form.is_valid()
                saved_members = selectors.restricted_members(review)
                errors = [{"text": _stale_message(review), "href": "#saved-access"}]
            else:
                note = "is now restricted" if review.restricted else "is no longer restricted"
                messages.success(request, f"{review.ref} {note}")
                return redirect("reviews:detail", review_id=review.pk)
        else:
            errors = error_summary(form)
    else:
        members = selectors.restricted_members(review) or [request.user]
        form = AccessForm(
            request.user,
            initial={
                "restricted": review.restricted,
                "members": [u.pk for u in members],
                "version": review.version,
            },
        )
    return page(
        request,
        "reviews/access.html",
        f"Who may see {review.ref}",
        review=review,
        form=form,
        members_params=checkboxes_params(form["members"]),
        errors=errors,
        saved_members=saved_members,
    )


def register(request: HttpRequest) -> HttpResponse:
    """Every review the user may see; the selector applies role and restriction. Paged and
    sorted in the database (core.paging)."""
    if not has_partnership(request.user):
        require(request, Permission.VIEW_REGISTER)
    form = RegisterFilterForm(selectors.register_options(request.user), request.GET)
    filters = form.filters()
    today = timezone.localdate()
    listed = listing(
        selectors.filtered_reviews(request.user, **filters),
        request.GET,
        per_page=REGISTER_PER_PAGE,
        label="Register pages",
        filters=filters,
        sorts=selectors.register_sorts(today),
        default_sort="ref",
    )
    return page(
        request,
        "reviews/register.html",
        "Register of reviews",
        form=form,
        rows=[presenters.register_row(r, today) for r in listed.rows],
        listing=listed,
        headers=listed.headers,
        sort=listed.sort,
        order=listed.order,
        filtered=any(filters.values()),
    )
