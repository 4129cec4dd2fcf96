"""Recording how an agency shared a published briefing: one transaction, audited.

The rules the form checks are checked here again, so no caller (the demo loader, a crafted
POST) can record what the form would refuse: only published briefings, an agency lead only for
their own agency, a date between publication and today, a sensible number of staff.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.accounts.models import Agency
from casereviews.accounts.roles import Role
from casereviews.briefings.models import Briefing, BriefingStatus, Dissemination, ShareMethod
from casereviews.core import audit
from casereviews.core.presenters import format_date

MIN_STAFF = 1
MAX_STAFF = 100_000
FEEDBACK_MAX = 4000


def not_published_message() -> str:
    return "This briefing is not published yet: sharing can be recorded once it is published"


def date_problem(shared_on: dt.date | None, published_on: dt.date | None, today: dt.date) -> str:
    """Why the date a briefing was shared cannot be right, or "" when it can."""
    if shared_on is None:
        return ""
    if shared_on > today:
        return "The date it was shared must be today or in the past"
    if published_on is not None and shared_on < published_on:
        return (
            "The date it was shared must be on or after the day the briefing was published, "
            f"{format_date(published_on)}"
        )
    return ""


def staff_problem(staff_reached: int | None) -> str:
    if staff_reached is None:
        return "Enter how many staff the briefing reached"
    if staff_reached < MIN_STAFF:
        return "Staff reached must be 1 or more"
    if staff_reached > MAX_STAFF:
        return "Staff reached must be 100,000 or fewer"
    return ""


def agency_for(actor, chosen: Agency | None) -> Agency | None:
    """An agency lead always records for their own agency, whatever was posted."""
    if getattr(actor, "role", None) == Role.SUBGROUP_MEMBER:
        return actor.agency
    return chosen


@transaction.atomic
def record_dissemination(
    actor,
    briefing: Briefing,
    *,
    agency: Agency | None,
    method: str,
    shared_on: dt.date,
    staff_reached: int,
    method_other: str = "",
    feedback: str = "",
) -> Dissemination:
    """Record that `agency` shared `briefing`. Raises ValidationError; nothing saved then."""
    if briefing.status != BriefingStatus.PUBLISHED:
        raise ValidationError({"__all__": not_published_message()})
    agency = agency_for(actor, agency)
    problems: dict[str, str] = {}
    if (
        agency is None
        or agency.partnership_id != briefing.partnership_id
        or (not agency.active and getattr(actor, "role", None) != Role.SUBGROUP_MEMBER)
    ):
        problems["agency"] = "Select an active agency of this partnership"
    if method not in ShareMethod.values:
        problems["method"] = "Select how the briefing was shared"
    method_other = (method_other or "").strip() if method == ShareMethod.OTHER else ""
    if method == ShareMethod.OTHER and not method_other:
        problems["method_other"] = "Enter how the briefing was shared"
    if shared_on is None:
        problems["shared_on"] = "Enter the date it was shared"
    elif message := date_problem(shared_on, briefing.published_on, timezone.localdate()):
        problems["shared_on"] = message
    if message := staff_problem(staff_reached):
        problems["staff_reached"] = message
    feedback = (feedback or "").strip()
    if len(feedback) > FEEDBACK_MAX:
        problems["feedback"] = f"Feedback must be {FEEDBACK_MAX:,} characters or fewer"
    if problems:
        raise ValidationError(problems)
    record = Dissemination.objects.create(
        briefing=briefing,
        agency=agency,
        method=method,
        method_other=method_other[:200],
        shared_on=shared_on,
        staff_reached=staff_reached,
        feedback=feedback,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor, record, partnership=briefing.partnership)
    return record
