"""Writes of the sub-group's year: each in one transaction, each audited (core.audit).

The checks the forms make are made here again, so the demo loader and the command line meet
the same rules as the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.actions import services as action_services
from casereviews.actions.models import SUBGROUP_PLAN, Action, BusinessPriority
from casereviews.core import audit
from casereviews.core.concurrency import save_versioned
from casereviews.core.models import AuditAction
from casereviews.core.presenters import format_date
from casereviews.subgroup.models import (
    HEALTH_CHECK_QUESTIONS,
    Answer,
    Attendance,
    HealthCheck,
    HealthCheckAnswer,
    Item,
    ItemKind,
    Meeting,
    MeetingStatus,
    TermsOfReference,
)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def meeting_problems(
    held_on: dt.date | None, status: str, attendance: Mapping[Any, int], today: dt.date
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if held_on is None:
        problems["held_on"] = "Enter the date of the meeting"
    elif status == MeetingStatus.HELD and held_on > today:
        problems["status"] = (
            f"A meeting on {format_date(held_on)} has not happened yet: mark it planned, "
            "or correct the date"
        )
    if status not in MeetingStatus.values:
        problems["status"] = "Select whether the meeting is planned, held or cancelled"
    if status == MeetingStatus.HELD and not any(n for n in attendance.values()):
        problems["attendance"] = "Enter how many people came from at least one agency"
    if status != MeetingStatus.HELD and any(n for n in attendance.values()):
        problems["attendance"] = "Attendance can only be recorded for a meeting that was held"
    return problems


@transaction.atomic
def record_meeting(
    actor,
    partnership,
    *,
    held_on: dt.date | None,
    status: str,
    chair: str = "",
    notes: str = "",
    attendance: Mapping[Any, int] | None = None,
    roles: Mapping[Any, str] | None = None,
    referrals: Iterable[Any] = (),
    reviews: Iterable[Any] = (),
    considered: Iterable[str] = (),
    item_notes: Mapping[Any, str] | None = None,
) -> Meeting:
    """A meeting of the sub-group: `attendance` {agency: how many}, the referrals and reviews
    it considered, and `considered` other kinds (action plan, health check, terms)."""
    attendance = {a: n for a, n in (attendance or {}).items() if n}
    referrals, reviews = list(referrals), list(reviews)
    _check_meeting(partnership, held_on, status, attendance, referrals, reviews, considered)
    meeting = Meeting.objects.create(
        partnership=partnership,
        held_on=held_on,
        status=status,
        chair=chair.strip(),
        notes=notes.strip(),
        created_by=_user(actor),
    )
    audit.record_create(actor, meeting, partnership=partnership)
    _write_items(meeting, attendance, roles or {}, referrals, reviews, considered, item_notes or {})
    return meeting


def _check_meeting(partnership, held_on, status, attendance, referrals, reviews, considered):
    problems = meeting_problems(held_on, status, attendance, timezone.localdate())
    foreign = [x for x in [*attendance, *referrals, *reviews] if x.partnership_id != partnership.pk]
    if foreign:
        problems["attendance"] = "Choose agencies, referrals and reviews of this partnership"
    unknown = set(considered) - {ItemKind.ACTION_PLAN, ItemKind.HEALTH_CHECK, ItemKind.TERMS}
    if unknown:
        problems["considered"] = "Choose what else the meeting considered from the list"
    if problems:
        raise ValidationError(problems)


def _write_items(meeting, attendance, roles, referrals, reviews, considered, item_notes) -> None:
    for agency, count in attendance.items():
        Attendance.objects.create(
            meeting=meeting, agency=agency, attendees=count, roles=roles.get(agency, "")[:300]
        )
    for referral in referrals:
        Item.objects.create(
            meeting=meeting,
            kind=ItemKind.REFERRAL,
            referral=referral,
            note=item_notes.get(referral, ""),
        )
    for review in reviews:
        Item.objects.create(
            meeting=meeting, kind=ItemKind.REVIEW, review=review, note=item_notes.get(review, "")
        )
    for kind in considered:
        Item.objects.create(meeting=meeting, kind=kind, note=item_notes.get(kind, ""))


def _meeting_state(meeting: Meeting) -> dict[str, Any]:
    """The meeting as audited: its fields, who came and what it considered."""
    return audit.snapshot(meeting) | {
        "attendance": {
            a.agency.name: a.attendees for a in meeting.attendance.select_related("agency")
        },
        "items": sorted(
            f"{item.kind} {item.referral_id or item.review_id or ''}".strip()
            for item in meeting.items.all()
        ),
    }


@transaction.atomic
def change_meeting(
    actor,
    meeting: Meeting,
    version: int | None,
    *,
    held_on: dt.date | None,
    status: str,
    chair: str = "",
    notes: str = "",
    attendance: Mapping[Any, int] | None = None,
    referrals: Iterable[Any] = (),
    reviews: Iterable[Any] = (),
    considered: Iterable[str] = (),
    hidden: Iterable[Item] = (),
) -> Meeting:
    """Correct a meeting: its date, status, chair, notes, who came and what it considered.
    The roles and notes of the agencies and items kept are kept. `hidden`: the items about
    reviews the editor may not see, kept as they are. StaleRecordError when someone saved it
    after `version` was read."""
    attendance = {a: n for a, n in (attendance or {}).items() if n}
    referrals, reviews = list(referrals), list(reviews)
    _check_meeting(meeting.partnership, held_on, status, attendance, referrals, reviews, considered)
    before = _meeting_state(meeting)
    meeting.held_on, meeting.status = held_on, status
    meeting.chair, meeting.notes = chair.strip(), notes.strip()
    save_versioned(meeting, version)
    roles = {a.agency: a.roles for a in meeting.attendance.select_related("agency")}
    keep = {item.pk for item in hidden}
    old_notes = {
        (item.kind, item.referral_id or item.review_id): item.note
        for item in meeting.items.exclude(pk__in=keep)
    }
    notes_by = {}
    for referral in referrals:
        notes_by[referral] = old_notes.get((ItemKind.REFERRAL, referral.pk), "")
    for review in reviews:
        notes_by[review] = old_notes.get((ItemKind.REVIEW, review.pk), "")
    for kind in considered:
        notes_by[kind] = old_notes.get((kind, None), "")
    meeting.attendance.all().delete()
    meeting.items.exclude(pk__in=keep).delete()
    _write_items(meeting, attendance, roles, referrals, reviews, considered, notes_by)
    _record_change(actor, meeting, before, _meeting_state(meeting))
    return meeting


@transaction.atomic
def record_health_check(
    actor,
    partnership,
    *,
    done_on: dt.date | None,
    answers: Mapping[int, tuple[str, str]],
    summary: str = "",
    meeting: Meeting | None = None,
) -> HealthCheck:
    """The six-monthly health check: `answers` {question number: (answer, comment)}, every
    question answered."""
    _check_health_check(partnership, done_on, answers, meeting)
    check = HealthCheck.objects.create(
        partnership=partnership,
        done_on=done_on,
        meeting=meeting,
        summary=summary.strip(),
        created_by=_user(actor),
    )
    for number, question in enumerate(HEALTH_CHECK_QUESTIONS, start=1):
        answer, comment = answers[number]
        HealthCheckAnswer.objects.create(
            health_check=check,
            number=number,
            question=question,
            answer=answer,
            comment=(comment or "").strip(),
        )
    audit.record_create(actor, check, partnership=partnership)
    return check


def _check_health_check(partnership, done_on, answers, meeting) -> None:
    problems: dict[str, str] = {}
    if done_on is None:
        problems["done_on"] = "Enter the date of the health check"
    elif done_on > timezone.localdate():
        problems["done_on"] = "The date of the health check must be today or in the past"
    for number in range(1, len(HEALTH_CHECK_QUESTIONS) + 1):
        answer = answers.get(number, ("", ""))[0]
        if answer not in Answer.values:
            problems[f"q{number}"] = f"Answer question {number}: yes, partly or no"
    if meeting is not None and meeting.partnership_id != partnership.pk:
        problems["meeting"] = "Choose a meeting of this partnership"
    if problems:
        raise ValidationError(problems)


def _check_state(check: HealthCheck) -> dict[str, Any]:
    return audit.snapshot(check) | {
        f"q{a.number}": [a.answer, a.comment] for a in check.answers.all()
    }


@transaction.atomic
def change_health_check(
    actor,
    check: HealthCheck,
    version: int | None,
    *,
    done_on: dt.date | None,
    answers: Mapping[int, tuple[str, str]],
    summary: str = "",
) -> HealthCheck:
    """Correct a health check's date, answers and conclusion. StaleRecordError when someone
    saved it after `version` was read."""
    _check_health_check(check.partnership, done_on, answers, check.meeting)
    before = _check_state(check)
    check.done_on, check.summary = done_on, summary.strip()
    save_versioned(check, version)
    for row in check.answers.all():
        answer, comment = answers[row.number]
        if (row.answer, row.comment) != (answer, (comment or "").strip()):
            row.answer, row.comment = answer, (comment or "").strip()
            row.save(update_fields=["answer", "comment"])
    _record_change(actor, check, before, _check_state(check))
    return check


def _record_change(actor, obj, before: dict, after: dict) -> None:
    changes = audit.diff(before, after)
    changes.pop("version", None)
    if changes:
        audit.record(actor, AuditAction.UPDATE, obj, partnership=obj.partnership, changes=changes)


@transaction.atomic
def record_terms(
    actor,
    partnership,
    *,
    agreed_on: dt.date | None,
    review_by: dt.date | None,
    frequency: str,
    purpose: str,
    membership: str,
) -> TermsOfReference:
    _check_terms(agreed_on, review_by, frequency, purpose, membership)
    terms = TermsOfReference.objects.create(
        partnership=partnership,
        agreed_on=agreed_on,
        review_by=review_by,
        frequency=frequency.strip(),
        purpose=purpose.strip(),
        membership=membership.strip(),
        created_by=_user(actor),
    )
    audit.record_create(actor, terms, partnership=partnership)
    return terms


def _check_terms(agreed_on, review_by, frequency, purpose, membership) -> None:
    problems: dict[str, str] = {}
    if agreed_on is None:
        problems["agreed_on"] = "Enter the date the terms of reference were agreed"
    elif agreed_on > timezone.localdate():
        problems["agreed_on"] = "The date agreed must be today or in the past"
    if review_by is None:
        problems["review_by"] = "Enter the date to review the terms of reference by"
    elif agreed_on and review_by <= agreed_on:
        problems["review_by"] = (
            f"The review date must be after the date agreed, {format_date(agreed_on)}"
        )
    given = {"frequency": frequency, "purpose": purpose, "membership": membership}
    for name, label in (
        ("frequency", "how often the sub-group meets"),
        ("purpose", "the purpose"),
        ("membership", "the membership"),
    ):
        if not (given[name] or "").strip():
            problems[name] = f"Enter {label}"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def change_terms(
    actor,
    terms: TermsOfReference,
    version: int | None,
    *,
    agreed_on: dt.date | None,
    review_by: dt.date | None,
    frequency: str,
    purpose: str,
    membership: str,
) -> TermsOfReference:
    """Correct a version of the terms of reference (a new version is recorded as new terms).
    StaleRecordError when someone saved it after `version` was read."""
    _check_terms(agreed_on, review_by, frequency, purpose, membership)
    before = audit.snapshot(terms)
    terms.agreed_on, terms.review_by = agreed_on, review_by
    terms.frequency, terms.purpose = frequency.strip(), purpose.strip()
    terms.membership = membership.strip()
    save_versioned(terms, version)
    _record_change(actor, terms, before, audit.snapshot(terms))
    return terms


def add_priority(actor, partnership, *, reporting_year: str, text: str) -> BusinessPriority:
    return action_services.add_priority(
        actor, partnership, reporting_year=reporting_year, text=text
    )


def add_plan_action(
    actor,
    partnership,
    *,
    priority: BusinessPriority | None,
    agency,
    description: str,
    lead_role: str,
    due_on: dt.date | None,
    success_measure: str = "",
) -> Action:
    """An action of the sub-group's own plan: in the composite plan, with no review."""
    if priority is None:
        raise ValidationError({"priority": "Select the business plan priority it serves"})
    return action_services.create_action_outside_review(
        actor,
        partnership,
        agency=agency,
        description=description,
        lead_role=lead_role,
        due_on=due_on,
        origin=SUBGROUP_PLAN,
        priority=priority,
        success_measure=success_measure,
    )
