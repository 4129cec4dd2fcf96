"""Reads for the quality markers: a review's ratings, what the product already records about
the review, and the partnership's counts, always through the review's reach (core.scoping)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from casereviews.actions.selectors import review_action_counts
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import in_reach
from casereviews.learning.selectors import learning_counts
from casereviews.reviews import selectors as review_selectors
from casereviews.reviews.models import Review

from .models import WEAK, QualityAssessment, QualityRating


def get_review(user, review_id: int) -> Review:
    """The review (404 outside the user's reach); the rules then decide who may see its ratings."""
    return review_selectors.get_review(user, review_id)


def assessment_of(review: Review) -> QualityAssessment | None:
    return QualityAssessment.objects.filter(review=review).select_related("updated_by").first()


def ratings_of(review: Review) -> dict[str, QualityRating]:
    """The review's ratings by marker key (markers never rated are missing)."""
    rows = QualityRating.objects.filter(review=review).select_related("rated_by")
    return {r.marker: r for r in rows}


def last_change(assessment: QualityAssessment) -> AuditLog | None:
    return audit.last_change(assessment)


@dataclass
class Facts:
    """What the product already holds about a review that bears on the markers."""

    review: Review
    decision: Any = None
    delays: Counter = field(default_factory=Counter)
    actions: dict[str, int] = field(default_factory=dict)
    learning: dict[str, int] = field(default_factory=dict)


def facts_of(review: Review) -> Facts:
    referral = review.referral
    return Facts(
        review=review,
        decision=referral.current_decision if referral is not None else None,
        delays=Counter(d.reason for d in review_selectors.delays_of(review)),
        actions=review_action_counts(review),
        learning=learning_counts(review),
    )


def ratings_in_reach(user) -> QuerySet[QualityRating]:
    return in_reach(QualityRating.objects.all(), user)


def weak_counts(user) -> dict[str, dict[str, int]]:
    """Per marker key, how many of the reviews the user may see rate it not met / partly met."""
    rows = (
        ratings_in_reach(user)
        .filter(rating__in=WEAK)
        .values("marker", "rating")
        .annotate(n=Count("id"))
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["marker"], {})[row["rating"]] = row["n"]
    return counts


def rated_review_count(user) -> int:
    """How many reviews the user may see have at least one marker rated."""
    return ratings_in_reach(user).exclude(rating="").values("review_id").distinct().count()


def rated_count(review: Review) -> int:
    return QualityRating.objects.filter(review=review).exclude(rating="").count()


def ratings_for_export(partnership) -> QuerySet[QualityRating]:
    """Every rating of a partnership's reviews, for the command line (no user: the whole
    partnership, restricted reviews included, as other exports do)."""
    return (
        QualityRating.objects.filter(review__partnership=partnership)
        .select_related("review", "rated_by")
        .order_by("review__ref", "id")
    )
