"""Writes to a review's chronology: each in one transaction, each audited (docs/adr/0033).

- the business unit starts the chronology (scope period, the child's pseudonym, the date of
  birth where known) and asks agencies for theirs, each with a due date;
- an agency's lead (or the contributor named on its request) adds, changes and deletes the
  agency's entries, and sends them to the panel; every entry passes chronology.checks;
- the panel merges the chronology (the agencies can no longer change it) and turns a gap into
  a finding (the theme engine suggests its themes, as for any finding).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.chronology import selectors
from casereviews.chronology.checks import check_entry
from casereviews.chronology.models import Chronology, ChronologyEntry, ChronologyRequest, GapFinding
from casereviews.chronology.permissions import ChronologyPermission
from casereviews.core import audit, search_index
from casereviews.learning import services as learning_services

ENTRY_FIELDS = (
    "when",
    "precision",
    "approximate",
    "starts_on",
    "latest_on",
    "time",
    "ends",
    "ends_on",
    "source",
    "event",
    "people",
    "known",
    "done",
    "shared",
    "shared_with",
    "shared_on",
    "child_seen",
    "significant",
)


def _require(actor, permission: ChronologyPermission, obj: Any = None) -> None:
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(permission, obj):
        raise PermissionDenied


@transaction.atomic
def start(actor, review, data: Mapping[str, Any]) -> Chronology:
    """The review's chronology. Raises ValidationError ({field: message})."""
    _require(actor, ChronologyPermission.START, review)
    problems: dict[str, str] = {}
    child = (data.get("child") or "").strip()
    scope_from, scope_to = data.get("scope_from"), data.get("scope_to")
    born_on = data.get("child_born_on")
    today = timezone.localdate()
    if not child:
        problems["child"] = "Enter the child's pseudonym, for example Child F"
    if scope_from is None:
        problems["scope_from"] = "Enter the first day of the period the review looks at"
    if scope_to is None:
        problems["scope_to"] = "Enter the last day of the period the review looks at"
    elif scope_from is not None and scope_to < scope_from:
        problems["scope_to"] = "The end of the period must be after its start"
    elif scope_to > today:
        problems["scope_to"] = "The end of the period must be today or in the past"
    if born_on is not None and born_on > today:
        problems["child_born_on"] = "The date of birth must be in the past"
    if Chronology.objects.filter(review=review).exists():
        problems["child"] = f"{review.ref} already has a chronology"
    if problems:
        raise ValidationError(problems)
    chronology = Chronology.objects.create(
        review=review,
        child=child,
        child_born_on=born_on,
        scope_from=scope_from,
        scope_to=scope_to,
        started_by=actor,
    )
    audit.record_create(actor, chronology)
    return chronology


@transaction.atomic
def request_agencies(
    actor, chronology: Chronology, agencies: Iterable, due_on: dt.date | None, contributor=None
) -> list[ChronologyRequest]:
    """Ask each agency for its chronology by `due_on` (an agency asked before is left as it
    is). `contributor`: someone of the (one) agency named to write it, besides its lead."""
    _require(actor, ChronologyPermission.REQUEST, chronology)
    agencies = list(agencies)
    problems: dict[str, str] = {}
    if not agencies:
        problems["agencies"] = "Select the agencies to ask for their chronologies"
    if due_on is None:
        problems["due_on"] = "Enter the date the chronologies are due"
    if contributor is not None and (len(agencies) != 1 or contributor.agency_id != agencies[0].pk):
        problems["contributor"] = "A named contributor must work for the one agency selected"
    if any(a.partnership_id != chronology.review.partnership_id for a in agencies):
        raise PermissionDenied
    if problems:
        raise ValidationError(problems)
    asked = set(chronology.requests.values_list("agency_id", flat=True))
    made = []
    for agency in agencies:
        if agency.pk in asked:
            continue
        request = ChronologyRequest.objects.create(
            chronology=chronology,
            agency=agency,
            due_on=due_on,
            contributor=contributor,
            requested_by=actor,
        )
        audit.record_create(actor, request)
        made.append(request)
    if not made:
        raise ValidationError({"agencies": "Every agency selected has already been asked"})
    return made


def _entry_problems(request: ChronologyRequest, data: Mapping[str, Any], exclude=None):
    scope = selectors.scope_for(request, exclude=exclude)
    values, problems = check_entry(scope, request.agency_id, data)
    if problems:
        raise ValidationError(problems)
    values.pop("key", None)
    return values


@transaction.atomic
def add_entry(actor, request: ChronologyRequest, data: Mapping[str, Any]) -> ChronologyEntry:
    """One entry of the agency's chronology. Raises ValidationError ({field: message})."""
    _require(actor, ChronologyPermission.CONTRIBUTE, request)
    ChronologyRequest.objects.select_for_update().filter(pk=request.pk).first()  # one at a time
    values = _entry_problems(request, data)
    entry = ChronologyEntry.objects.create(
        chronology=request.chronology, agency=request.agency, added_by=actor, **values
    )
    audit.record_create(actor, entry)
    search_index.index_record(entry)
    return entry


@transaction.atomic
def change_entry(
    actor, request: ChronologyRequest, entry: ChronologyEntry, data
) -> ChronologyEntry:
    _require(actor, ChronologyPermission.CONTRIBUTE, request)
    if entry.agency_id != request.agency_id or entry.chronology_id != request.chronology_id:
        raise PermissionDenied
    values = _entry_problems(request, data, exclude=entry)
    before = audit.snapshot(entry)
    for key, value in values.items():
        setattr(entry, key, value)
    entry.save()
    audit.record_update(actor, entry, before)
    search_index.index_record(entry)
    return entry


@transaction.atomic
def delete_entry(actor, request: ChronologyRequest, entry: ChronologyEntry) -> None:
    _require(actor, ChronologyPermission.CONTRIBUTE, request)
    if entry.agency_id != request.agency_id or entry.chronology_id != request.chronology_id:
        raise PermissionDenied
    audit.record_delete(actor, entry)
    search_index.remove_record(entry)
    entry.delete()


@transaction.atomic
def send(actor, request: ChronologyRequest, at: dt.datetime | None = None) -> ChronologyRequest:
    """The agency sends its chronology to the panel (again, after a change: the latest counts).
    `at`: when it was sent, for one received earlier by other means (never in the future)."""
    _require(actor, ChronologyPermission.CONTRIBUTE, request)
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError("A chronology cannot be sent in the future")
    if not ChronologyEntry.objects.filter(
        chronology=request.chronology, agency=request.agency
    ).exists():
        raise ValidationError("Add at least one entry before you send the chronology")
    before = audit.snapshot(request)
    request.sent_at, request.sent_by = at or now, actor
    request.save(update_fields=["sent_at", "sent_by"])
    audit.record_update(actor, request, before)
    return request


@transaction.atomic
def merge(actor, chronology: Chronology) -> Chronology:
    """The panel merges the agencies' chronologies: from now on the agencies read it, anonymised,
    and can no longer change their entries."""
    _require(actor, ChronologyPermission.MERGE, chronology)
    chronology = Chronology.objects.select_for_update().get(pk=chronology.pk)
    if chronology.merged_at is not None:
        raise ValidationError("The chronology is already merged")
    if not chronology.entries.exists():
        raise ValidationError("There are no entries to merge yet")
    before = audit.snapshot(chronology)
    chronology.merged_at, chronology.merged_by = timezone.now(), actor
    chronology.save(update_fields=["merged_at", "merged_by"])
    audit.record_update(actor, chronology, before)
    return chronology


@transaction.atomic
def gap_to_finding(
    actor, chronology: Chronology, gap, title: str | None = None, text: str | None = None
) -> GapFinding:
    """The gap becomes the review's next finding, its text the gap's description (or the
    reviewer's wording of it): the theme engine reads it and suggests themes, as for any
    finding. Once per gap."""
    _require(actor, ChronologyPermission.GAP_TO_FINDING, chronology)
    if GapFinding.objects.filter(chronology=chronology, key=gap.key).exists():
        raise ValidationError("This gap is already a finding")
    finding = learning_services.add_finding(
        actor,
        chronology.review,
        title=gap.title if title is None else title,
        text=gap.description if text is None else text,
    )
    made = GapFinding.objects.create(
        chronology=chronology, key=gap.key, finding=finding, made_by=actor
    )
    audit.record_create(actor, made)
    return made
