"""Writes to recommendations and actions: each in one transaction, each audited (core.audit).

The rules live here, not in the forms, so every caller (the pages, the tracker import, the demo
loader, the command line) meets the same ones:
- an action's agency is one of its review's partnership; an agency lead adds and updates only
  their own agency's actions;
- an action turns Blue only with an evidence-of-impact entry (this one or an earlier one);
- the status is changed only by an update, so its history is the list of updates (append-only);
- evidence files are checked and kept outside the web root (core.files), and thrown away again
  if the update is not saved.

`actor` None is the system (the demo loader, a command): no permission check, rules still apply.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from casereviews.accounts.permissions import may_see_if_restricted, review_of
from casereviews.accounts.roles import Permission, Role
from casereviews.actions import selectors
from casereviews.actions.models import (
    COMPLETE,
    Action,
    ActionUpdate,
    BusinessPriority,
    EvidenceFile,
    Rag,
    Recommendation,
    UpdateKind,
)
from casereviews.core import audit, search_index
from casereviews.core import files as core_files
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.core.models import AuditAction
from casereviews.core.reporting_year import ReportingYear, ReportingYearError

# The fields of an action its edit form (and update_action) may change. The status is not one:
# it changes only through an update, so that every change is in the history.
EDITABLE_FIELDS = ["agency", "description", "lead_role", "due_on", "success_measure"]
BLUE_NEEDS_EVIDENCE = (
    "An action can only be Blue with evidence of its impact. Add an evidence of impact entry "
    "saying what has changed in practice, or choose Green"
)


def rag_label(status: str) -> str:
    return Rag(status).label if status in Rag.values else status


def _require(actor, permission: Permission, obj: Any = None) -> None:
    if actor is not None and not actor.has_perm(permission, obj):
        raise PermissionDenied


def _agency_problems(actor, review, agency) -> dict[str, str]:
    if agency is None:
        return {"agency": "Select the agency that owns the action"}
    if agency.partnership_id != review.partnership_id:
        return {"agency": "Select an agency of this partnership"}
    if (
        actor is not None
        and getattr(actor, "role", None) == Role.SUBGROUP_MEMBER
        and agency.pk != actor.agency_id
    ):
        return {
            "agency": f"You can only add actions for your own agency, {actor.agency}. "
            "Ask the business unit to add actions for other agencies"
        }
    return {}


def _text_problems(description: str, lead_role: str, due_on: dt.date | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not (description or "").strip():
        problems["description"] = "Enter what the action is"
    if not (lead_role or "").strip():
        problems["lead_role"] = "Enter the lead's role, for example Named Nurse"
    if due_on is None:
        problems["due_on"] = "Enter the due date"
    return problems


def action_problems(
    actor, review, *, agency, description: str, lead_role: str, due_on: dt.date | None
) -> dict[str, str]:
    """What is wrong with a new action's fields, by field (empty when nothing): the one set of
    rules `create_action` and the tracker import (importing.write) both apply."""
    return _agency_problems(actor, review, agency) | _text_problems(description, lead_role, due_on)


# --- Recommendations ---------------------------------------------------------------------------


def _finding_ids(review, findings: Iterable[Any]) -> list:
    findings = list(findings)
    if any(f.review_id != review.pk for f in findings):
        raise ValidationError({"findings": "Choose findings of this review"})
    return findings


def _number_taken(review, number: int, exclude_pk: int | None = None) -> bool:
    queryset = Recommendation.objects.filter(review=review, number=number)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.exists()


def next_recommendation_number(review) -> int:
    top = Recommendation.objects.filter(review=review).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _recommendation_state(rec: Recommendation) -> dict[str, Any]:
    state = audit.snapshot(rec)
    state["findings"] = sorted(str(pk) for pk in rec.findings.values_list("pk", flat=True))
    return state


@transaction.atomic
def create_recommendation(
    actor, review, *, text: str, number: int | None = None, findings: Iterable[Any] = ()
) -> Recommendation:
    """Add a recommendation to `review`; `number` None takes the next free number."""
    _require(actor, Permission.CHANGE_RECOMMENDATIONS, review)
    problems: dict[str, str] = {}
    if not (text or "").strip():
        problems["text"] = "Enter the recommendation"
    if number is None:
        number = next_recommendation_number(review)
    elif number < 1:
        problems["number"] = "The number must be 1 or more"
    elif _number_taken(review, number):
        problems["number"] = f"Recommendation {number} already exists. Enter a different number"
    if problems:
        raise ValidationError(problems)
    findings = _finding_ids(review, findings)
    try:
        with transaction.atomic():
            rec = Recommendation.objects.create(
                review=review, number=number, text=text.strip(), created_by=actor
            )
    except IntegrityError as exc:  # the same number taken by a save racing this one
        raise ValidationError(
            {"number": f"Recommendation {number} already exists. Enter a different number"}
        ) from exc
    rec.findings.set(findings)
    audit.record_create(actor, rec, partnership=review.partnership)
    search_index.index_record(rec)
    return rec


@transaction.atomic
def update_recommendation(
    actor,
    rec: Recommendation,
    *,
    text: str,
    number: int,
    findings: Iterable[Any] = (),
    version: int | None = None,
) -> Recommendation:
    """Change a recommendation's number, text and findings (StaleRecordError if changed since)."""
    review = rec.review
    _require(actor, Permission.CHANGE_RECOMMENDATIONS, review)
    problems: dict[str, str] = {}
    if not (text or "").strip():
        problems["text"] = "Enter the recommendation"
    if number is None or number < 1:
        problems["number"] = "The number must be 1 or more"
    elif _number_taken(review, number, exclude_pk=rec.pk):
        problems["number"] = f"Recommendation {number} already exists. Enter a different number"
    if problems:
        raise ValidationError(problems)
    findings = _finding_ids(review, findings)
    before = _recommendation_state(rec)
    rec.text, rec.number = text.strip(), number
    try:
        with transaction.atomic():
            save_versioned(rec, version)
    except IntegrityError as exc:
        raise ValidationError(
            {"number": f"Recommendation {number} already exists. Enter a different number"}
        ) from exc
    rec.findings.set(findings)
    changes = audit.diff(before, _recommendation_state(rec))
    changes.pop("version", None)
    if changes:
        audit.record(
            actor, AuditAction.UPDATE, rec, partnership=review.partnership, changes=changes
        )
    search_index.index_record(rec)
    return rec


# --- Actions -----------------------------------------------------------------------------------


@transaction.atomic
def create_action_outside_review(
    actor,
    partnership,
    *,
    agency,
    description: str,
    lead_role: str,
    due_on,
    origin: str,
    priority: BusinessPriority | None = None,
    success_measure: str = "",
) -> Action:
    """Add an action to the plan that answers no review's recommendation: raised from a higher
    app (a case audit's next action, the sub-group's own plan), which checks its own permission
    first and says in `origin` where it came from. It starts Red, owned by an agency of
    `partnership`; `priority`: the business plan priority it serves."""
    problems = _text_problems(description, lead_role, due_on)
    if agency is None or agency.partnership_id != partnership.pk:
        problems["agency"] = "Select an agency of this partnership"
    if priority is not None and priority.partnership_id != partnership.pk:
        problems["priority"] = "Select one of this partnership's priorities"
    if problems:
        raise ValidationError(problems)
    action = Action.objects.create(
        partnership=partnership,
        agency=agency,
        origin=origin[:200],
        priority=priority,
        description=description.strip(),
        lead_role=lead_role.strip(),
        due_on=due_on,
        success_measure=success_measure.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor, action)
    search_index.index_record(action)
    return action


@transaction.atomic
def add_priority(actor, partnership, *, reporting_year: str, text: str) -> BusinessPriority:
    """Add a business plan priority for a reporting year ("2016-17"), numbered next."""
    problems: dict[str, str] = {}
    try:
        year = ReportingYear.parse(reporting_year)
    except ReportingYearError as exc:
        problems["reporting_year"] = str(exc)
    if not (text or "").strip():
        problems["text"] = "Enter the priority"
    if problems:
        raise ValidationError(problems)
    taken = BusinessPriority.objects.filter(partnership=partnership, reporting_year=year.label)
    number = (taken.aggregate(n=Max("number"))["n"] or 0) + 1
    priority = BusinessPriority.objects.create(
        partnership=partnership,
        reporting_year=year.label,
        number=number,
        text=text.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor, priority, partnership=partnership)
    return priority


@transaction.atomic
def create_action(
    actor,
    recommendation: Recommendation,
    *,
    agency,
    description: str,
    lead_role: str,
    due_on: dt.date,
    success_measure: str = "",
    status: str = Rag.RED,
    import_batch=None,
) -> Action:
    """Add an action to a recommendation. A new action cannot be Blue: it has no evidence yet.

    An action added as Amber or Green gets a first status entry in its history, so the history
    always says how it reached its status.
    """
    review = recommendation.review
    _require(actor, Permission.ADD_ACTION)
    if actor is not None and (
        actor.partnership_id != review.partnership_id or not may_see_if_restricted(actor, review)
    ):
        raise PermissionDenied
    problems = action_problems(
        actor,
        review,
        agency=agency,
        description=description,
        lead_role=lead_role,
        due_on=due_on,
    )
    if status not in Rag.values:
        problems["status"] = "Select Red, Amber or Green"
    elif status == Rag.BLUE:
        problems["status"] = BLUE_NEEDS_EVIDENCE
    if problems:
        raise ValidationError(problems)
    action = Action.objects.create(
        partnership_id=review.partnership_id,
        recommendation=recommendation,
        agency=agency,
        description=description.strip(),
        lead_role=lead_role.strip(),
        due_on=due_on,
        success_measure=(success_measure or "").strip(),
        status=status,
        import_batch=import_batch,
        created_by=actor,
    )
    audit.record_create(actor, action)
    if status != Rag.RED:
        first = ActionUpdate.objects.create(
            action=action,
            kind=UpdateKind.STATUS,
            written_on=timezone.localdate(),
            text="Status when the action was added" + (" (imported)" if import_batch else ""),
            status_from="",
            status_to=status,
            author=actor,
        )
        audit.record_create(actor, first, partnership=action.partnership)
    search_index.index_record(action)
    return action


@transaction.atomic
def update_action(actor, action: Action, data: Mapping[str, Any], version: int | None) -> Action:
    """Change the editable fields (EDITABLE_FIELDS) of an action.

    Raises ValidationError (field messages) or StaleRecordError; in either case nothing is saved.
    """
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    _require(actor, Permission.UPDATE_ACTION, action)
    # An action from outside a review is checked against its own partnership.
    review = action.recommendation.review if action.recommendation else action
    merged = {name: getattr(action, name) for name in EDITABLE_FIELDS} | dict(data)
    problems: dict[str, str] = {}
    if merged["agency"].pk != action.agency_id:
        problems |= _agency_problems(actor, review, merged["agency"])
    problems |= _text_problems(merged["description"], merged["lead_role"], merged["due_on"])
    if problems:
        raise ValidationError(problems)
    before = audit.snapshot(action)
    for name in EDITABLE_FIELDS:
        value = merged[name]
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    save_versioned(action, version)
    audit.record_update(actor, action, before)
    search_index.index_record(action)
    return action


def _update_problems(
    action: Action, kind: str, written_on: dt.date | None, text: str, status_to: str | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if kind not in UpdateKind.values:
        problems["kind"] = "Select the kind of update"
    if written_on is None:
        problems["written_on"] = "Enter the date of the update"
    elif written_on > timezone.localdate():
        problems["written_on"] = "The date of the update must be today or in the past"
    if status_to and status_to not in Rag.values:
        problems["status_to"] = "Select Red, Amber, Green or Blue"
    if kind == UpdateKind.STATUS:
        if not status_to:
            problems["status_to"] = "Select the new status"
        elif status_to == action.status:
            problems["status_to"] = (
                f"The action is already {rag_label(status_to)}. Select a different status"
            )
    elif kind == UpdateKind.PROGRESS and not text.strip():
        problems["text"] = "Enter the progress note"
    elif kind == UpdateKind.EVIDENCE and not text.strip():
        problems["text"] = (
            "Describe the evidence of impact: what has changed in practice, and how you know"
        )
    if (
        status_to == Rag.BLUE
        and status_to != action.status
        and kind != UpdateKind.EVIDENCE
        and not selectors.has_evidence(action)
    ):
        problems["status_to"] = BLUE_NEEDS_EVIDENCE
    return problems


def _store_files(uploads: Iterable[Any]) -> list[core_files.StoredUpload]:
    """Keep every file, or none: a refused file removes the ones already kept."""
    stored: list[core_files.StoredUpload] = []
    try:
        for upload in uploads:
            stored.append(
                core_files.store_upload(upload, kinds=core_files.EVIDENCE_KINDS, folder="evidence")
            )
    except core_files.UploadRejected as exc:
        for kept in stored:
            core_files.discard(kept.stored_name)
        raise ValidationError({"files": str(exc)}) from exc
    return stored


def add_update(
    actor,
    action: Action,
    *,
    kind: str,
    written_on: dt.date,
    text: str = "",
    status_to: str | None = None,
    files: Iterable[Any] = (),
    expected_version: int | None = None,
) -> ActionUpdate:
    """Add a dated entry to an action's history, perhaps changing its status.

    A status change is recorded on this entry (status_from, status_to). Green and Blue set the
    completed date; going back to Red or Amber clears it. Every update bumps the action's
    version, so somebody who opened the action before it is told (StaleRecordError) when
    `expected_version` is the version they opened. Files are kept only if the entry is saved.
    """
    uploads = list(files)
    stored: list = []
    try:
        with transaction.atomic():
            update = _add_update(
                actor, action, kind, written_on, text or "", status_to or "", expected_version
            )
            stored = _store_files(uploads)
            for kept in stored:
                evidence = EvidenceFile.objects.create(
                    update=update,
                    stored_name=kept.stored_name,
                    original_name=kept.original_name,
                    content_type=kept.content_type,
                    size=kept.size,
                    sha256=kept.sha256,
                    uploaded_by=actor,
                )
                audit.record_create(actor, evidence, partnership=action.partnership)
    except BaseException:
        for kept in stored:
            _discard_quietly(kept.stored_name)
        raise
    return update


def _discard_quietly(stored_name: str) -> None:
    # The record was never saved; a stray file left by a failing disk is harmless.
    with contextlib.suppress(OSError):
        core_files.discard(stored_name)


def _add_update(
    actor,
    action: Action,
    kind: str,
    written_on: dt.date,
    text: str,
    status_to: str,
    expected_version: int | None,
) -> ActionUpdate:
    _require(actor, Permission.UPDATE_ACTION, action)
    # Lock the row: the Blue rule and the version check see what every other writer sees.
    current = Action.objects.select_for_update().get(pk=action.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleRecordError(current, expected_version)
    action.refresh_from_db()
    problems = _update_problems(action, kind, written_on, text, status_to)
    if problems:
        raise ValidationError(problems)
    before = audit.snapshot(action)
    changing = bool(status_to) and status_to != action.status
    update = ActionUpdate.objects.create(
        action=action,
        kind=kind,
        written_on=written_on,
        text=text.strip(),
        status_from=action.status if changing else "",
        status_to=status_to if changing else "",
        author=actor,
    )
    if changing:
        if status_to in COMPLETE and action.completed_on is None:
            action.completed_on = written_on
        elif status_to not in COMPLETE:
            action.completed_on = None
        action.status = status_to
    save_versioned(action, action.version)
    audit.record_create(actor, update, partnership=action.partnership)
    audit.record_update(actor, action, before)
    search_index.index_record(update)
    return update


def record_view(actor, obj) -> None:
    """Every view of a restricted review's record is audited; other views are not."""
    audit.record_view_if_restricted(actor, obj, review_of(obj))


@transaction.atomic
def record_download(actor, evidence: EvidenceFile) -> None:
    """Every download of an evidence file is audited, restricted review or not."""
    audit.record_view(actor, evidence, partnership=evidence.update.action.partnership)
