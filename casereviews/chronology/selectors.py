"""Reads of chronologies, always scoped (core.scoping) and shaped by who asks (docs/adr/0033).

The panel sees every agency's entries; anyone else only their own agency's, until the panel
merges (then the agencies asked read the anonymised integrated chronology).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casereviews.accounts.permissions import is_business_unit
from casereviews.chronology.checks import Scope, duplicate_key
from casereviews.chronology.models import (
    Chronology,
    ChronologyEntry,
    ChronologyRequest,
    EntryImport,
    GapFinding,
)
from casereviews.chronology.permissions import ChronologyPermission
from casereviews.core.scoping import get_in_reach_or_404, in_partnership, in_reach


def chronology_of(user, review) -> Chronology | None:
    return (
        in_reach(Chronology.objects.filter(review=review), user)
        .select_related("review", "review__partnership")
        .first()
    )


def panel_entries(user) -> QuerySet[ChronologyEntry]:
    """Every agency's entries, named, as the review's panel sees them (permissions.on_panel):
    the business unit's, and each reviewer's own reviews'; restricted reviews by their reach."""
    queryset = in_reach(ChronologyEntry.objects.all(), user)
    if is_business_unit(user):
        return queryset
    review = "chronology__review__"
    return queryset.filter(
        Q(**{f"{review}lead_reviewer": user}) | Q(**{f"{review}reviewers": user})
    ).distinct()


def get_chronology(user, chronology_id: int) -> Chronology:
    return get_in_reach_or_404(
        Chronology.objects.select_related("review", "review__partnership"),
        user,
        pk=chronology_id,
    )


def get_request(user, request_id: int) -> ChronologyRequest:
    return get_in_reach_or_404(
        ChronologyRequest.objects.select_related(
            "chronology", "chronology__review", "agency", "contributor", "sent_by"
        ),
        user,
        pk=request_id,
    )


def get_entry(user, request: ChronologyRequest, entry_id: int) -> ChronologyEntry:
    entry = get_in_reach_or_404(ChronologyEntry.objects.all(), user, pk=entry_id)
    if entry.chronology_id != request.chronology_id or entry.agency_id != request.agency_id:
        raise Http404
    return entry


@dataclass(frozen=True)
class RequestRow:
    request: ChronologyRequest
    entries: int
    status: str  # "sent", "sent_late", "overdue", "awaiting"

    @property
    def overdue(self) -> bool:
        return self.status == "overdue"


def request_rows(user, chronology: Chronology, today: dt.date | None = None) -> list[RequestRow]:
    """The requests the user may see (the panel: all; an agency: its own), with their state."""
    today = today or timezone.localdate()
    queryset = in_reach(ChronologyRequest.objects.filter(chronology=chronology), user)
    if not user.has_perm(ChronologyPermission.VIEW_NAMED, chronology):
        queryset = queryset.filter(agency_id=user.agency_id)
    counts = dict(
        in_reach(ChronologyEntry.objects.filter(chronology=chronology), user)
        .values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    rows = []
    for request in queryset.select_related("agency", "contributor", "sent_by"):
        if request.sent_at is not None:
            late = timezone.localtime(request.sent_at).date() > request.due_on
            status = "sent_late" if late else "sent"
        else:
            status = "overdue" if request.due_on < today else "awaiting"
        rows.append(RequestRow(request, counts.get(request.agency_id, 0), status))
    return rows


def own_entries(user, request: ChronologyRequest) -> QuerySet[ChronologyEntry]:
    return in_reach(
        ChronologyEntry.objects.filter(chronology=request.chronology, agency=request.agency), user
    ).select_related("agency", "added_by")


def scope_for(request: ChronologyRequest, today: dt.date | None = None, exclude=None) -> Scope:
    """What an entry of this agency is checked against (its entries already there included)."""
    chronology = request.chronology
    entries = ChronologyEntry.objects.filter(chronology=chronology, agency=request.agency)
    if exclude is not None:
        entries = entries.exclude(pk=exclude.pk)
    existing = {
        duplicate_key(request.agency_id, starts_on, precision, time, event)
        for starts_on, precision, time, event in entries.values_list(
            "starts_on", "precision", "time", "event"
        )
    }
    return Scope(
        scope_from=chronology.scope_from,
        scope_to=chronology.scope_to,
        born_on=chronology.child_born_on,
        today=today or timezone.localdate(),
        existing=existing,
    )


@dataclass(frozen=True)
class Filters:
    agency: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    person: str = ""


def integrated(user, chronology: Chronology, filters: Filters | None = None) -> list:
    """Every agency's entries the user may see, merged and ordered: by the earliest possible
    day, then the time (an entry without one first), then the agency."""
    filters = filters or Filters()
    queryset = in_reach(ChronologyEntry.objects.filter(chronology=chronology), user)
    if not user.has_perm(ChronologyPermission.VIEW_INTEGRATED, chronology):
        queryset = queryset.filter(agency_id=user.agency_id)
    if filters.agency:
        queryset = queryset.filter(agency_id=filters.agency)
    if filters.start:
        queryset = queryset.filter(latest_on__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(starts_on__lte=filters.end)
    if filters.person:
        queryset = queryset.filter(people__icontains=filters.person)
    return list(
        queryset.select_related("agency", "added_by").order_by(
            "starts_on", "time", "agency__name", "id"
        )
    )


def agencies_in(chronology: Chronology) -> list:
    """The agencies asked for (or with entries in) the chronology, by name."""
    from casereviews.accounts.models import Agency

    return list(
        Agency.objects.filter(
            Q(pk__in=chronology.requests.values("agency_id"))
            | Q(pk__in=chronology.entries.values("agency_id"))
        ).order_by("name")
    )


def people_in(entries) -> list[str]:
    """Everyone named (by role or pseudonym) in the entries' "who was involved"."""
    seen: dict[str, str] = {}
    for entry in entries:
        for part in entry.people.replace(";", ",").split(","):
            name = " ".join(part.split())
            if name:
                seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def gap_findings(user, chronology: Chronology) -> dict[str, GapFinding]:
    return {
        g.key: g
        for g in in_reach(GapFinding.objects.filter(chronology=chronology), user).select_related(
            "finding"
        )
    }


def earlier_import_of(request: ChronologyRequest, sha256: str) -> EntryImport | None:
    return (
        EntryImport.objects.filter(request=request, sha256=sha256)
        .select_related("imported_by")
        .order_by("imported_at")
        .first()
    )


def askable_agencies(user, chronology: Chronology) -> QuerySet:
    """The partnership's active agencies not yet asked for this chronology."""
    from casereviews.accounts.models import Agency

    return in_partnership(Agency.objects.filter(active=True), user).exclude(
        pk__in=chronology.requests.values("agency_id")
    )


def possible_contributors(user) -> QuerySet:
    """People of the partnership's agencies who may be named to write an agency's chronology."""
    from casereviews.accounts.models import User

    return (
        in_partnership(
            User.objects.filter(is_active=True, is_service_account=False, agency__isnull=False),
            user,
        )
        .select_related("agency")
        .order_by("agency__name", "last_name")
    )
