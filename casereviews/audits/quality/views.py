"""Quality marker pages: a review's profile, rating one stage, and the partnership's weakest
markers. Parse, authorise, call, render: reads in selectors, writes in services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from casereviews.accounts.roles import Permission
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, error_summary
from casereviews.core.presenters import format_datetime, stale_message
from casereviews.core.views_helpers import page, require

from . import presenters, selectors, services
from .forms import HeadForm, rating_forms
from .markers import MARKERS, STAGES, markers_of


def review_quality(request: HttpRequest, review_id: int) -> HttpResponse:
    user = request.user
    review = selectors.get_review(user, review_id)
    require(request, Permission.VIEW_REVIEW_QUALITY, review)
    services.record_view(user, review)
    ratings = selectors.ratings_of(review)
    assessment = selectors.assessment_of(review)
    return page(
        request,
        "audits/quality/review.html",
        f"Quality markers: {review.ref}",
        review=review,
        stages=presenters.profile(ratings, selectors.facts_of(review)),
        tally=presenters.tally(ratings),
        total=len(MARKERS),
        assessment=assessment,
        updated=format_datetime(assessment.updated_at) if assessment else "",
        can_rate=user.has_perm(Permission.RATE_REVIEW_QUALITY, review),
        can_summarise=user.has_perm(Permission.VIEW_QUALITY_SUMMARY),
    )


def rate(request: HttpRequest, review_id: int, stage: str) -> HttpResponse:
    if stage not in STAGES:
        raise Http404
    user = request.user
    review = selectors.get_review(user, review_id)
    require(request, Permission.VIEW_REVIEW_QUALITY, review)
    require(request, Permission.RATE_REVIEW_QUALITY, review)
    markers = markers_of(stage)
    saved = selectors.ratings_of(review)
    assessment = selectors.assessment_of(review)
    if request.method != "POST":
        head = HeadForm(initial={"version": assessment.version if assessment else None})
        forms_ = rating_forms(markers, saved)
        return _rate_page(request, review, stage, head, forms_)
    head = HeadForm(request.POST)
    forms_ = rating_forms(markers, saved, request.POST)
    if not (head.is_valid() and all(f.is_valid() for f in forms_)):
        return _rate_page(request, review, stage, head, forms_, error_summary(*forms_))
    try:
        services.save_ratings(
            user,
            review,
            {f.marker.key: f.cleaned_data for f in forms_},
            head.cleaned_data.get("version"),
        )
    except StaleRecordError:
        current = selectors.assessment_of(review)
        change = current and selectors.last_change(current)
        data = request.POST.copy()
        data["version"] = str(current.version) if current else ""  # saving again is deliberate
        message = stale_message(
            "This self-assessment",
            change and change.actor_name,
            change and change.at,
            "Your entries are still below: check them against the review's quality page, "
            "then save again.",
        )
        errors = [{"text": message, "href": "#main-content"}]
        return _rate_page(request, review, stage, HeadForm(data), forms_, errors)
    except ValidationError as exc:
        for form in forms_:
            prefix = f"{form.prefix}-"
            mine = {
                k[len(prefix) :]: v for k, v in exc.message_dict.items() if k.startswith(prefix)
            }
            add_service_errors(form, ValidationError(mine))
        return _rate_page(request, review, stage, head, forms_, error_summary(*forms_))
    messages.success(
        request, f"Your ratings for “{STAGES[stage]}” are saved. You can change them at any time."
    )
    return redirect("audits:quality", review_id=review.pk)


def _rate_page(request, review, stage, head, forms_, errors=None) -> HttpResponse:
    return page(
        request,
        "audits/quality/rate.html",
        f"Rate {review.ref}: {STAGES[stage]}",
        review=review,
        stage_title=STAGES[stage],
        head=head,
        forms=forms_,
        facts=selectors.facts_of(review),
        evidence_for=presenters.evidence_for,
        errors=errors or [],
    )


def partnership_summary(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(request, Permission.VIEW_QUALITY_SUMMARY)
    rows = presenters.weakest(selectors.weak_counts(user))
    return page(
        request,
        "audits/quality/summary.html",
        "Where our reviews are weakest",
        rows=rows,
        chart=presenters.chart(rows),
        rated_reviews=selectors.rated_review_count(user),
        any_weak=any(r["not_met"] or r["partly"] for r in rows),
    )
