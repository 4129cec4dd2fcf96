"""Writes of referrals and decisions: each in one transaction, each audited.

Callable from Python (the demo loader uses them) as well as from the views:

- ``create_referral(actor, data, partnership=None) -> Referral``
- ``update_referral(actor, referral, data, version=None) -> Referral``
- ``record_decision(actor, referral, data) -> Decision``

``data`` holds model field names with Python values (dates as ``datetime.date``; the source
agency as an Agency or its id). Bad data raises ``django.core.exceptions.ValidationError`` with a
message per field (the same GOV.UK messages the forms show); a stale edit raises
``core.concurrency.StaleRecordError``. Nothing is written unless everything is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from casereviews.accounts.models import Agency
from casereviews.accounts.permissions import may_see_if_restricted, same_partnership
from casereviews.core import audit, search_index
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.core.presenters import format_date
from casereviews.core.text import short_title
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import DecisionOutcome, Review, ReviewStatus
from casereviews.reviews.refs import is_ref_taken, next_free_ref, normalise_ref

REFERRAL_FIELDS = (
    "received_on",
    "source_agency",
    "is_serious_incident_notification",
    "la_aware_on",
    "notified_on",
    "rapid_review_on",
    "child_pseudonym",
    "age_years",
    "age_months",
    "unborn",
    "gender",
    "locality",
    "harm_category",
    "summary",
    "notes",
)
DATE_LABELS = {
    "received_on": "The date the referral was received",
    "la_aware_on": "The date the local authority became aware",
    "notified_on": "The date the notification was made",
    "rapid_review_on": "The date the rapid review was completed",
}
MAX_AGE_YEARS = 18
REVIEW_TITLE_LENGTH = 80  # the register's summaries are a few words: 'Extreme neglect and cruelty'


def referral_problems(values: Mapping[str, Any], today: dt.date) -> dict[str, str]:
    """The rules a referral's dates and age must meet, as {field: GOV.UK message}.

    Used by the forms (to show the messages) and by the services (so Python callers meet the
    same rules). Local authority awareness normally comes before or on the day of receipt.
    """
    problems: dict[str, str] = {}
    for name, label in DATE_LABELS.items():
        value = values.get(name)
        if value is not None and value > today:
            problems[name] = f"{label} must be today or in the past"
    received = values.get("received_on")
    aware = values.get("la_aware_on")
    notified = values.get("notified_on")
    rapid = values.get("rapid_review_on")
    if values.get("is_serious_incident_notification") and aware is None:
        problems.setdefault(
            "la_aware_on", "Enter the date the local authority became aware of the incident"
        )
    if aware and received and aware > received:
        problems.setdefault(
            "la_aware_on",
            "The date the local authority became aware must be the same as or before the date "
            f"the referral was received, {format_date(received)}",
        )
    if notified and aware is None:
        problems.setdefault(
            "la_aware_on",
            "Enter the date the local authority became aware, as a notification date is entered",
        )
    if notified and aware and notified < aware:
        problems.setdefault(
            "notified_on",
            "The date the notification was made must be the same as or after the date the "
            f"local authority became aware, {format_date(aware)}",
        )
    if rapid and notified is None:
        problems.setdefault(
            "notified_on",
            "Enter the date the notification was made, as a rapid review date is entered",
        )
    if rapid and notified and rapid < notified:
        problems.setdefault(
            "rapid_review_on",
            "The date the rapid review was completed must be the same as or after the date the "
            f"notification was made, {format_date(notified)}",
        )
    problems.update(_age_problems(values))
    return problems


def _age_problems(values: Mapping[str, Any]) -> dict[str, str]:
    years, months = values.get("age_years"), values.get("age_months")
    if values.get("unborn"):
        if years is not None or months is not None:
            return {"age_years": "Leave the age empty if the child is unborn, or untick unborn"}
        return {}
    problems = {}
    if years is None:
        problems["age_years"] = "Enter the child's age in years, or select unborn"
    elif not 0 <= years <= MAX_AGE_YEARS:
        problems["age_years"] = f"Age in years must be between 0 and {MAX_AGE_YEARS}"
    if months is not None and not 0 <= months <= 11:
        problems["age_months"] = "Months must be between 0 and 11"
    return problems


def _require_reach(actor, referral: Referral) -> None:
    """A person writes only to a referral of their partnership that they may see: the referral
    of a restricted review is its members' alone (a named system actor, such as the demo
    loader, acts for the whole installation)."""
    if getattr(actor, "is_authenticated", False) and not (
        same_partnership(actor, referral) and may_see_if_restricted(actor, referral)
    ):
        raise PermissionDenied


def _check_fields(data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(REFERRAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown referral fields: {', '.join(sorted(unknown))}")


def _resolve_agency(value: Agency | int, partnership_id: int) -> Agency:
    agency_id = getattr(value, "pk", value)
    try:
        return Agency.objects.get(pk=agency_id, partnership_id=partnership_id)
    except Agency.DoesNotExist as exc:
        raise ValidationError(
            {"source_agency": "Select the agency that made the referral"}
        ) from exc


def _apply(referral: Referral, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        if name == "source_agency":
            referral.source_agency = _resolve_agency(value, referral.partnership_id)
        elif name in {"child_pseudonym", "locality", "summary", "notes"}:
            setattr(referral, name, (value or "").strip())
        else:
            setattr(referral, name, value)
    if referral.unborn:
        referral.age_years = referral.age_months = None


def _validate(referral: Referral) -> None:
    values = {name: getattr(referral, name) for name in REFERRAL_FIELDS if name != "source_agency"}
    problems = referral_problems(values, timezone.localdate())
    for name in ("child_pseudonym", "locality", "summary", "gender", "harm_category"):
        if not getattr(referral, name):
            problems.setdefault(name, f"Enter the {name.replace('_', ' ')}")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_referral(actor, data: Mapping[str, Any], partnership=None) -> Referral:
    """Record a referral for `partnership` (default: the actor's). Audited."""
    _check_fields(data)
    person, _ = audit.actor_fields(actor)  # refuses a missing actor before anything is written
    partnership = partnership or person.partnership
    referral = Referral(partnership=partnership, created_by=person)
    _apply(referral, data)
    _validate(referral)
    referral.save()
    audit.record_create(actor, referral)
    return referral


@transaction.atomic
def update_referral(
    actor, referral: Referral, data: Mapping[str, Any], version: int | None = None
) -> Referral:
    """Change the fields given in `data`, only if the referral is still at `version`.

    Raises StaleRecordError (nothing saved) if someone else saved it since `version`.
    """
    _check_fields(data)
    _require_reach(actor, referral)
    before = audit.snapshot(referral)
    _apply(referral, data)
    _validate(referral)
    save_versioned(referral, version)
    audit.record_update(actor, referral, before)
    return referral


def _review_summary(text: str) -> str:
    """The register's one-line summary of a new review: the referral summary's first sentence,
    short (the business unit edits it on the review's page)."""
    return short_title(text, REVIEW_TITLE_LENGTH)


def decision_problems(
    referral: Referral,
    data: Mapping[str, Any],
    previous: Decision | None,
    review: Review | None,
    today: dt.date,
) -> dict[str, str]:
    """The rules a decision must meet, as {field: GOV.UK message}: among them, not the
    outcome already in force (the review's type, or the latest decision)."""
    problems: dict[str, str] = {}
    meeting = data.get("meeting_on")
    outcome = data.get("outcome")
    if meeting is None:
        problems["meeting_on"] = "Enter the date of the sub-group meeting"
    elif meeting > today:
        problems["meeting_on"] = "The meeting date must be today or in the past"
    elif meeting < referral.received_on:
        problems["meeting_on"] = (
            "The meeting date must be on or after the date the referral was received, "
            f"{format_date(referral.received_on)}"
        )
    elif previous is not None and meeting < previous.meeting_on:
        problems["meeting_on"] = (
            "The meeting date must be on or after the date of the previous decision, "
            f"{format_date(previous.meeting_on)}"
        )
    current = review.review_type if review is not None else (previous and previous.outcome)
    if outcome not in DecisionOutcome.values:
        problems["outcome"] = "Select the decision"
    elif outcome == current:
        problems["outcome"] = already_decided(DecisionOutcome(outcome))
    elif outcome == DecisionOutcome.NO_FURTHER_ACTION and review is not None:
        problems["outcome"] = (
            f"This referral already has review {review.ref}, and reviews are not deleted. "
            "Select the type of review it becomes"
        )
    if not (data.get("rationale") or "").strip():
        problems["rationale"] = "Enter the rationale for the decision"
    if review is None and outcome in DecisionOutcome.values and outcome != "nfa":
        ref = normalise_ref(data.get("ref") or "")
        if ref and len(ref) > 20:
            problems["ref"] = "The Ref must be 20 characters or fewer"
        elif ref and is_ref_taken(referral.partnership_id, ref):
            problems["ref"] = f"{ref} is already used by another review. Enter a different Ref"
    return problems


def already_decided(outcome: DecisionOutcome) -> str:
    """Why a decision the same as the current one is refused: it would convert to itself."""
    if outcome is DecisionOutcome.NO_FURTHER_ACTION:
        return "The referral's decision is already No further action. Select a different decision"
    return f"The referral is already a {outcome.label}. Select a different decision"


@transaction.atomic
def record_decision(actor, referral: Referral, data: Mapping[str, Any]) -> Decision:
    """Record a sub-group decision; create the review, or convert it, in the same transaction.

    data: meeting_on (date), outcome (DecisionOutcome value), rapid_review (bool), rationale,
    ref (optional: the new review's Ref; default the next free one), version (optional: the
    referral's version when the user opened the form; StaleRecordError, nothing saved, if a
    decision was recorded or the referral changed since). A decision bumps the referral's
    version. A later decision supersedes the previous one (both are kept); an existing review
    takes the new outcome as its type and keeps its Ref. Converting to no further action once a
    review exists, or to the outcome already in force, is refused, and so is a decision by a
    person who may not see the referral (PermissionDenied: another partnership's, or a
    restricted review's to a non-member).
    """
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_reach(actor, referral)
    if data.get("version") is not None and data["version"] != referral.version:
        raise StaleRecordError(referral, data["version"])
    previous = referral.decisions.order_by("-meeting_on", "-id").first()
    review = Review.objects.filter(referral=referral).order_by("id").first()
    problems = decision_problems(referral, data, previous, review, timezone.localdate())
    if problems:
        raise ValidationError(problems)
    decision = Decision.objects.create(
        referral=referral,
        meeting_on=data["meeting_on"],
        outcome=data["outcome"],
        rapid_review=bool(data.get("rapid_review")),
        rationale=data["rationale"].strip(),
        supersedes=previous,
        recorded_by=audit.actor_fields(actor)[0],
    )
    audit.record_create(actor, decision, partnership=referral.partnership)
    Referral.objects.filter(pk=referral.pk).update(version=F("version") + 1)
    outcome = DecisionOutcome(data["outcome"])
    if review is not None:
        before = audit.snapshot(review)
        review.review_type = outcome.value
        save_versioned(review, review.version)
        audit.record_update(actor, review, before)
        search_index.index_record(review)
    elif outcome.creates_review:
        _create_review(actor, referral, decision, data.get("ref"))
    return decision


def _create_review(actor, referral: Referral, decision: Decision, ref: str | None) -> Review:
    ref = normalise_ref(ref or "") or next_free_ref(referral.partnership_id)
    review = Review(
        partnership_id=referral.partnership_id,
        ref=ref,
        referral=referral,
        review_type=decision.outcome,
        summary=_review_summary(referral.summary),
        location=referral.locality,
        gender=referral.gender,
        age_years=referral.age_years,
        age_months=referral.age_months,
        status=ReviewStatus.AGREED,
        agreed_on=decision.meeting_on,
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:  # another review took the Ref a moment ago
        raise ValidationError(
            {"ref": f"{ref} is already used by another review. Enter a different Ref"}
        ) from exc
    audit.record_create(actor, review)
    search_index.index_record(review)
    return review
