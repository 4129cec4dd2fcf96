"""Writes of the quality markers: each save in one transaction, each change audited.

The markers are a fixed set, so rating is an update-or-create of that set, not the making of a
new record: a save carries the version of the review's assessment the form was opened at and is
refused if someone saved since (core.concurrency), unless it changes nothing (a replayed
submission then does no harm). Any rating may be left empty: the form saves part-way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casereviews.accounts.roles import Permission
from casereviews.core import audit
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.reviews.models import Review

from . import selectors
from .markers import BY_KEY
from .models import QualityAssessment, QualityRating, Rating

RATING_FIELDS = ("rating", "evidence")
EVIDENCE_LIMIT = 5000


def _require(actor, permission: Permission, obj: Any = None) -> None:
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(permission, obj):
        raise PermissionDenied


def _clean(ratings: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    problems: dict[str, str] = {}
    cleaned: dict[str, dict[str, str]] = {}
    for key, fields in ratings.items():
        if key not in BY_KEY:
            raise ValidationError(f"There is no quality marker called {key!r}")
        rating = (fields.get("rating") or "").strip()
        evidence = (fields.get("evidence") or "").strip()
        if rating and rating not in Rating.values:
            problems[f"{key}-rating"] = "Select a rating from the list"
        if len(evidence) > EVIDENCE_LIMIT:
            problems[f"{key}-evidence"] = (
                f"The evidence must be {EVIDENCE_LIMIT} characters or fewer"
            )
        cleaned[key] = {"rating": rating, "evidence": evidence}
    if problems:
        raise ValidationError(problems)
    return cleaned


def _changed(cleaned: dict[str, dict[str, str]], existing: dict[str, QualityRating]) -> list[str]:
    def differs(key: str) -> bool:
        row = existing.get(key)
        if row is None:
            return any(cleaned[key].values())
        return any(getattr(row, f) != cleaned[key][f] for f in RATING_FIELDS)

    return [key for key in cleaned if differs(key)]


@transaction.atomic
def save_ratings(
    actor, review: Review, ratings: Mapping[str, Mapping[str, Any]], version: int | None
) -> QualityAssessment | None:
    """Save the ratings given ({marker key: {rating, evidence}}), part-way or all 18.

    `version` is the assessment's version when the form was opened (None if there was none
    yet). Raises StaleRecordError if someone saved since and this save would change something.
    Returns the assessment (None if nothing was ever saved and nothing is given).
    """
    _require(actor, Permission.RATE_REVIEW_QUALITY, review)
    cleaned = _clean(ratings)
    existing = selectors.ratings_of(review)
    changed = _changed(cleaned, existing)
    assessment = selectors.assessment_of(review)
    if not changed:
        return assessment
    user = actor if getattr(actor, "is_authenticated", False) else None
    if assessment is None:
        assessment, created = QualityAssessment.objects.get_or_create(
            review=review, defaults={"updated_by": user}
        )
        if not created:  # someone else saved first, between our read and this write
            raise StaleRecordError(assessment, version)
        audit.record_create(actor, assessment)
    else:
        if version is None:
            raise StaleRecordError(assessment, version)
        before = audit.snapshot(assessment)
        assessment.updated_by = user
        save_versioned(assessment, version)
        audit.record_update(actor, assessment, before)
    for key in changed:
        row = existing.get(key)
        if row is None:
            row = QualityRating.objects.create(
                review=review, marker=key, rated_by=user, **cleaned[key]
            )
            audit.record_create(actor, row)
            continue
        before = audit.snapshot(row)
        for name in RATING_FIELDS:
            setattr(row, name, cleaned[key][name])
        row.rated_by = user
        row.save()
        audit.record_update(actor, row, before)
    return assessment


def record_view(actor, review: Review) -> None:
    """The house rule: a view of a restricted review's ratings is audited."""
    assessment = selectors.assessment_of(review)
    audit.record_view_if_restricted(actor, assessment or review, review)
