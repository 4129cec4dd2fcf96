"""Reads for dissemination (how each agency shared a published briefing), partnership-scoped."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower

from casereviews.accounts.models import Agency
from casereviews.briefings.models import Briefing, BriefingStatus, Dissemination
from casereviews.briefings.selectors import get_briefing  # noqa: F401 - the pages' one rule
from casereviews.core.paging import Sort
from casereviews.core.per_view import once_per_view
from casereviews.core.scoping import in_partnership, in_reach


def published_briefings(user) -> QuerySet[Briefing]:
    return in_reach(Briefing.objects.filter(status=BriefingStatus.PUBLISHED), user).select_related(
        "review"
    )


def active_agencies(user) -> QuerySet[Agency]:
    """The agencies of the user's partnership that are expected to share briefings."""
    return in_partnership(Agency.objects.filter(active=True), user).order_by("name")


def expected_sharers(user) -> int:
    """How many agencies are expected to share each briefing, counted once per page view (the
    dashboard's "What falls due" and the tracker's counts both need it)."""
    return once_per_view(
        ("sharing.expected_sharers", user.pk), lambda: active_agencies(user).count()
    )


def disseminations_of(briefing: Briefing) -> list[Dissemination]:
    return list(
        Dissemination.objects.filter(briefing=briefing)
        .select_related("agency", "recorded_by")
        .order_by("agency__name", "shared_on", "id")
    )


@dataclass
class SharingStatus:
    """Who has and who has not yet confirmed sharing one published briefing."""

    briefing: Briefing
    records: list[Dissemination] = field(default_factory=list)
    confirmed: list[Agency] = field(default_factory=list)
    outstanding: list[Agency] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.confirmed) + len(self.outstanding)

    @property
    def staff_reached(self) -> int:
        return sum(r.staff_reached for r in self.records)


def _status(briefing: Briefing, records: list[Dissemination], agencies: list[Agency]):
    confirmed_ids = {r.agency_id for r in records}
    confirmed = sorted({r.agency for r in records}, key=lambda a: a.name)
    outstanding = [a for a in agencies if a.pk not in confirmed_ids]
    return SharingStatus(briefing, records, confirmed, outstanding)


def sharing_status(user, briefing: Briefing) -> SharingStatus:
    """Every record of one briefing, the agencies that confirmed and those outstanding.

    Expected agencies are the active ones, and any inactive agency that did confirm."""
    return _status(briefing, disseminations_of(briefing), list(active_agencies(user)))


def tracker(user) -> list[SharingStatus]:
    """Every published briefing of the partnership with its sharing status (three queries)."""
    briefings = list(published_briefings(user))
    records: dict[int, list[Dissemination]] = {b.pk: [] for b in briefings}
    for record in (
        Dissemination.objects.filter(briefing__in=briefings)
        .select_related("agency")
        .order_by("shared_on", "id")
    ):
        records[record.briefing_id].append(record)
    agencies = list(active_agencies(user))
    return [_status(b, records[b.pk], agencies) for b in briefings]


# --- the tracker, paged and sorted in the database ------------------------------------------


def tracker_briefings(user, *, only_outstanding: bool = False) -> QuerySet[Briefing]:
    """The published briefings annotated with how many of the partnership's active agencies
    have confirmed sharing each (`confirmed_active`) and whether all have (`complete`): the
    counts come from a subquery, so a page loads only its own briefings."""
    expected = expected_sharers(user)
    confirmed = (
        Dissemination.objects.filter(briefing=OuterRef("pk"), agency__active=True)
        .order_by()
        .values("briefing")
        .annotate(n=Count("agency", distinct=True))
        .values("n")
    )
    confirmed_any = (
        Dissemination.objects.filter(briefing=OuterRef("pk"))
        .order_by()
        .values("briefing")
        .annotate(n=Count("agency", distinct=True))
        .values("n")
    )
    queryset = published_briefings(user).annotate(
        confirmed_active=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0)),
        # agencies made inactive since they confirmed still count as having confirmed
        confirmed_any=Coalesce(Subquery(confirmed_any, output_field=IntegerField()), Value(0)),
    )
    queryset = queryset.annotate(
        complete=Case(
            When(confirmed_active__gte=expected, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if only_outstanding:
        queryset = queryset.filter(complete=False)
    return queryset


# Waiting: briefings with agencies outstanding first, the longest waiting first; then the fully
# confirmed ones, the most recent first.
TRACKER_SORTS = {
    "waiting": Sort(
        "Waiting longest",
        (
            "complete",
            Case(When(complete=False, then=F("published_on"))),
            F("published_on").desc(),
        ),
    ),
    "published": Sort("Published", ("published_on",)),
    "briefing": Sort("Briefing", (Lower("title"),)),
}


def statuses_of(user, briefings: list[Briefing]) -> list[SharingStatus]:
    """The sharing status of a page of briefings (two queries, whatever the page)."""
    records: dict[int, list[Dissemination]] = {b.pk: [] for b in briefings}
    for record in (
        in_reach(Dissemination.objects.filter(briefing__in=briefings), user)
        .select_related("agency")
        .order_by("shared_on", "id")
    ):
        records[record.briefing_id].append(record)
    agencies = list(active_agencies(user))
    return [_status(b, records[b.pk], agencies) for b in briefings]
