"""Writes to reviews: each in one transaction, each audited (core.audit).

Callable from Python (the demo loader, the command line) as well as from the views; the checks
the forms make are made here again, so no caller can save a review the forms would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from casereviews.core import audit, search_index
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.core.models import AuditAction
from casereviews.core.presenters import format_date
from casereviews.reviews import refs, selectors
from casereviews.reviews.models import (
    MILESTONES,
    PLANNED_MILESTONES,
    Delay,
    Review,
    ReviewStatus,
)

# The fields of a review its edit form (and update_review) may change.
EDITABLE_FIELDS = [
    "ref",
    "review_type",
    "methodology",
    "summary",
    "location",
    "gender",
    "age_years",
    "age_months",
    "age_weeks",
    "age_various",
    "lead_reviewer",
    "status",
    "status_note",
    *[name for name, _ in MILESTONES],
    *[planned for planned, _actual in PLANNED_MILESTONES],
    "publication_handling",
    "publication_note",
    "family_involvement",
]

# How a milestone is named in a sentence: "The draft report date must be ..."
MILESTONE_NAMES = {
    "agreed_on": "agreed date",
    "initiated_on": "initiation date",
    "learning_event_on": "practitioner learning event date",
    "draft_report_on": "draft report date",
    "panel_signoff_on": "panel sign-off date",
    "completed_on": "completed date",
    "published_on": "published date",
}
AFTER_INITIATION = [
    "learning_event_on",
    "draft_report_on",
    "panel_signoff_on",
    "completed_on",
    "published_on",
]
AGE_LIMITS = {
    "age_years": (0, 17, "years"),
    "age_months": (0, 11, "months"),
    "age_weeks": (0, 52, "weeks"),
}


def ref_taken_message(ref: str) -> str:
    return f"{ref} is already used by another review. Enter a different Ref"


def milestone_problems(values: Mapping[str, Any], today: dt.date) -> dict[str, str]:
    """{field: message} for milestone dates that cannot be right; empty when all is well."""
    problems: dict[str, str] = {}
    for name, _ in MILESTONES:
        day = values.get(name)
        if day is not None and day > today:
            problems[name] = f"The {MILESTONE_NAMES[name]} must be today or in the past"
    initiated = values.get("initiated_on")
    agreed = values.get("agreed_on")
    if initiated and agreed and agreed > initiated and "agreed_on" not in problems:
        problems["agreed_on"] = (
            f"The agreed date must be on or before the initiation date, {format_date(initiated)}"
        )
    for name in AFTER_INITIATION:
        day = values.get(name)
        if initiated and day and day < initiated and name not in problems:
            problems[name] = (
                f"The {MILESTONE_NAMES[name]} must be on or after the initiation date, "
                f"{format_date(initiated)}"
            )
    completed, published = values.get("completed_on"), values.get("published_on")
    if published and not completed and "published_on" not in problems:
        problems["completed_on"] = (
            "Enter the completed date: a review must be completed before it is published"
        )
    elif published and completed and published < completed and "published_on" not in problems:
        problems["published_on"] = (
            f"The published date must be on or after the completed date, {format_date(completed)}"
        )
    for planned, _actual in PLANNED_MILESTONES:
        day = values.get(planned)
        if initiated and day and day < initiated:
            problems.setdefault(
                planned,
                f"The planned {MILESTONE_NAMES[_actual]} must be on or after the initiation "
                f"date, {format_date(initiated)}",
            )
    if values.get("publication_handling") and not published:
        problems.setdefault(
            "publication_handling",
            "Enter the published date before saying how the publication was handled",
        )
    if values.get("status") == ReviewStatus.PUBLISHED and not published:
        problems.setdefault(
            "published_on", "Enter the published date, or choose a status other than published"
        )
    return problems


def age_problems(values: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, (low, high, unit) in AGE_LIMITS.items():
        number = values.get(name)
        if number is not None and not low <= number <= high:
            problems[name] = f"Age in {unit} must be between {low} and {high}"
    has_numbers = any(values.get(name) is not None for name in AGE_LIMITS)
    if values.get("age_various") and has_numbers:
        problems.setdefault(
            "age_various", "Either enter an age or choose several children of various ages"
        )
    return problems


def _m2m_ids(users: Iterable[Any]) -> list[str]:
    return sorted(str(getattr(u, "pk", u)) for u in users)


def _state(review: Review) -> dict[str, Any]:
    """The audited state of a review, its assigned reviewers included."""
    state = audit.snapshot(review)
    state["reviewers"] = _m2m_ids(review.reviewers.all())
    return state


@transaction.atomic
def update_review(actor, review: Review, data: Mapping[str, Any], version: int | None) -> Review:
    """Apply `data` (any of EDITABLE_FIELDS, plus "reviewers": users) to `review`.

    `version` is the version the user opened (None: the review's current one). Raises
    ValidationError (a dict of field messages) or core.concurrency.StaleRecordError; in either
    case nothing is saved.
    """
    unknown = set(data) - set(EDITABLE_FIELDS) - {"reviewers"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    before = _state(review)
    merged = {name: getattr(review, name) for name in EDITABLE_FIELDS} | dict(data)
    merged["ref"] = refs.normalise_ref(merged["ref"])
    problems = milestone_problems(merged, timezone.localdate()) | age_problems(merged)
    if selectors.is_ref_taken(review.partnership_id, merged["ref"], exclude_review_id=review.pk):
        problems["ref"] = ref_taken_message(merged["ref"])
    users = [merged["lead_reviewer"], *data.get("reviewers", [])]
    if any(u is not None and u.partnership_id != review.partnership_id for u in users):
        problems["lead_reviewer"] = "Choose people from this partnership"
    if problems:
        raise ValidationError(problems)
    for name in EDITABLE_FIELDS:
        setattr(review, name, merged[name])
    try:
        with transaction.atomic():
            save_versioned(review, version)
    except IntegrityError as exc:  # a Ref taken by a save racing this one
        raise ValidationError({"ref": ref_taken_message(merged["ref"])}) from exc
    if "reviewers" in data:
        review.reviewers.set(data["reviewers"])
    changes = audit.diff(before, _state(review))
    changes.pop("version", None)
    if changes:
        audit.record(actor, AuditAction.UPDATE, review, changes=changes)
    search_index.index_record(review)
    return review


@transaction.atomic
def add_delay(actor, review: Review, *, noted_on: dt.date, reason: str, detail: str = "") -> Delay:
    """Add an entry to the review's delay log."""
    if noted_on > timezone.localdate():
        raise ValidationError({"noted_on": "The date of the delay must be today or in the past"})
    delay = Delay.objects.create(
        review=review, noted_on=noted_on, reason=reason, detail=detail, recorded_by=actor
    )
    audit.record_create(actor, delay, partnership=review.partnership)
    return delay


@transaction.atomic
def set_access(
    actor, review: Review, *, restricted: bool, members: Iterable[Any], version: int | None = None
) -> Review:
    """Restrict a review to named members (the actor always stays one), or lift it.

    `version`: the review's when the user opened the form; StaleRecordError (nothing saved) if
    the review changed since. The change bumps the version, like any other edit of the review.
    """
    rows = Review.objects.filter(pk=review.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now()):
        raise StaleRecordError(Review.objects.get(pk=review.pk), version)
    review.refresh_from_db(fields=["version", "updated_at", "restricted"])
    members = list(members)
    if any(m.partnership_id != review.partnership_id for m in members):
        raise ValidationError({"members": "Choose people from this partnership"})
    before = {
        "restricted": review.restricted,
        "restricted_members": _m2m_ids(review.restricted_members.all()),
    }
    if restricted and actor is not None and actor.pk not in {m.pk for m in members}:
        members.append(actor)
    review.restricted = restricted
    review.save(update_fields=["restricted", "updated_at"])
    review.restricted_members.set(members if restricted else [])
    after = {
        "restricted": restricted,
        "restricted_members": _m2m_ids(members if restricted else []),
    }
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor, AuditAction.UPDATE, review, changes=changes)
    return review


def record_review_view(actor, review: Review) -> None:
    """Every view of a restricted review is audited; other reviews' views are not."""
    audit.record_view_if_restricted(actor, review, review)
