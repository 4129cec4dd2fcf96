"""Reads of the sub-group's year, scoped to the user's partnership (core.scoping)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from casereviews.accounts.models import Agency
from casereviews.actions.models import SUBGROUP_PLAN, Action, BusinessPriority
from casereviews.core.reporting_year import ReportingYear
from casereviews.core.scoping import get_in_reach_or_404, in_partnership, in_reach
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review
from casereviews.subgroup.models import HealthCheck, Item, Meeting, TermsOfReference


def meetings(user, year: ReportingYear | None = None) -> QuerySet[Meeting]:
    queryset = in_partnership(Meeting.objects.all(), user)
    if year is not None:
        queryset = queryset.filter(held_on__gte=year.start, held_on__lte=year.end)
    return queryset.prefetch_related("attendance__agency")


def get_meeting(user, meeting_id: int) -> Meeting:
    return get_in_reach_or_404(Meeting.objects.all(), user, pk=meeting_id)


def items_of(user, meeting: Meeting) -> list[Item]:
    """What the meeting considered, without the items of reviews hidden from the user."""
    queryset = in_reach(Item.objects.filter(meeting=meeting), user)
    return list(queryset.select_related("referral", "review").order_by("kind", "id"))


def health_checks(user, year: ReportingYear | None = None) -> QuerySet[HealthCheck]:
    queryset = in_partnership(HealthCheck.objects.all(), user)
    if year is not None:
        queryset = queryset.filter(done_on__gte=year.start, done_on__lte=year.end)
    return queryset


def get_health_check(user, check_id: int) -> HealthCheck:
    return get_in_reach_or_404(HealthCheck.objects.all(), user, pk=check_id)


def get_terms(user, terms_id: int) -> TermsOfReference:
    return get_in_reach_or_404(TermsOfReference.objects.all(), user, pk=terms_id)


def current_terms(user) -> TermsOfReference | None:
    return in_partnership(TermsOfReference.objects.all(), user).first()


def priorities(user, year: ReportingYear) -> list[BusinessPriority]:
    actions = in_reach(Action.objects.filter(origin=SUBGROUP_PLAN), user).select_related("agency")
    return list(
        in_partnership(BusinessPriority.objects.all(), user)
        .filter(reporting_year=year.label)
        .prefetch_related(Prefetch("actions", queryset=actions.order_by("due_on", "id")))
    )


def all_priorities(user) -> QuerySet[BusinessPriority]:
    return in_partnership(BusinessPriority.objects.all(), user).order_by(
        "-reporting_year", "number"
    )


def agencies(user) -> QuerySet[Agency]:
    return in_partnership(Agency.objects.filter(active=True), user).order_by("name")


def referrals(user) -> QuerySet[Referral]:
    return in_reach(Referral.objects.all(), user).order_by("-received_on", "-id")


def reviews(user) -> QuerySet[Review]:
    return in_reach(Review.objects.all(), user).order_by("ref")


def meeting_days(user) -> list:
    return list(in_partnership(Meeting.objects.all(), user).values_list("held_on", flat=True))
