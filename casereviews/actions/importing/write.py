"""Writing an import's rows: thousands of actions in one transaction, in bulk.

Why not one `services.create_action` call per row: each call is about eight queries (savepoint,
insert, the audit entry and its partnership, the first status entry and its audit entry); on
SQLite on the 2-core machine this was built on that is about 8 ms a row, so a 50,000-row
tracker would take about seven minutes. Written in bulk it takes seconds.

What stays in one place:
- the rules of an action are the actions services' own checks (`services.action_problems`),
  run on every row here as `create_action` runs them; the Blue rule is met by
  construction (a Blue row always has its evidence-of-impact entry, the preview refuses one
  without);
- recommendations are created through `services.create_recommendation` (an import has few);
- every action created gets the audit entry `audit.record_create` writes
  (`audit.record_created_many`), which also lists the history entries made with it.
A history written here reads as one made by hand: an Amber or Green action starts with a status
entry; a Blue one is Green, then Blue with its evidence of impact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from casereviews.accounts.roles import Permission
from casereviews.actions import services as action_services
from casereviews.actions.importing.checks import GoodRow
from casereviews.actions.models import Action, ActionUpdate, ImportBatch, Rag, UpdateKind
from casereviews.core import audit

BATCH = 500
CHUNK = 5000  # actions written between two reports of progress
FIRST_STATUS_NOTE = "Status in the imported tracker"


class RowRefused(ValidationError):
    """An action rule refused a row at write time; `row` is its number in their file."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row = row


def recommendations_for(actor, rows: list[GoodRow], existing: dict) -> dict[tuple[int, str], Any]:
    """{(review id, words): Recommendation}: the review's own one with the same wording, or a
    new one through the actions service, numbered next, in the order of the file."""
    found: dict[tuple[int, str], Any] = {}
    for row in rows:
        key = row.recommendation_key
        if key in found:
            continue
        rec = existing.get(key)
        if rec is None:
            rec = action_services.create_recommendation(actor, row.review, text=row.recommendation)
        rec.review = row.review  # already loaded: no query per action for its name
        found[key] = rec
    return found


def create_actions(
    actor,
    rows: list[GoodRow],
    recommendations: dict,
    batch: ImportBatch,
    today: dt.date,
    progress=None,
) -> list[Action]:
    """Every row's action and its first entries, written in bulk and audited. `progress` (a
    core.jobs.Progress) hears how many actions are written, as each few thousand are."""
    if not actor.has_perm(Permission.ADD_ACTION):
        raise PermissionDenied
    actions: list[Action] = []
    for row in rows:
        problems = action_services.action_problems(
            actor,
            row.review,
            agency=row.agency,
            description=row.description,
            lead_role=row.lead_role,
            due_on=row.due_on,
        )
        if problems:
            raise RowRefused(row.row, next(iter(problems.values())))
        actions.append(_action(actor, row, recommendations[row.recommendation_key], batch, today))
    # Progress in percent of the saving, in the shares measured on 50,000 rows: the actions
    # about 45, their first history entries 15, their audit entries 40.
    tell = progress.advance if progress is not None else (lambda percent: None)
    chunks = range(0, len(actions), CHUNK)
    for start in chunks:
        Action.objects.bulk_create(actions[start : start + CHUNK], batch_size=BATCH)
        tell(45 * min(start + CHUNK, len(actions)) // len(actions))
    first_entries = {
        action.pk: _updates(actor, action, row, today)
        for action, row in zip(actions, rows, strict=True)
    }
    ActionUpdate.objects.bulk_create(
        [u for entries in first_entries.values() for u in entries], batch_size=BATCH
    )
    # One audit entry for each action, naming the entries of its history made with it (an
    # entry each would double the time of a big import and say nothing more).
    tell(60)
    for start in chunks:
        audit.record_created_many(
            actor,
            actions[start : start + CHUNK],
            partnership=actor.partnership,
            extra=lambda action: {"updates": [audit.snapshot(u) for u in first_entries[action.pk]]},
        )
        tell(60 + 40 * min(start + CHUNK, len(actions)) // len(actions))
    return actions


def _action(actor, row: GoodRow, rec, batch: ImportBatch, today: dt.date) -> Action:
    written_on = row.updated_on or today
    return Action(
        partnership_id=row.review.partnership_id,
        recommendation=rec,
        agency=row.agency,
        description=row.description.strip(),
        lead_role=row.lead_role.strip(),
        due_on=row.due_on,
        success_measure=row.success_measure.strip(),
        status=row.status,
        completed_on=written_on if row.status == Rag.BLUE else None,
        import_batch=batch,
        created_by=actor,
    )


def _updates(actor, action: Action, row: GoodRow, today: dt.date) -> list[ActionUpdate]:
    written_on = row.updated_on or today
    first = Rag.GREEN if row.status == Rag.BLUE else row.status
    updates = []
    if first != Rag.RED:
        updates.append(
            ActionUpdate(
                action=action,
                kind=UpdateKind.STATUS,
                # The status as of the tracker's last update, not the day of the import: so
                # the plan's "last update" and the fortnightly stale check see the tracker's date.
                written_on=written_on,
                text=FIRST_STATUS_NOTE,
                status_from="",
                status_to=first,
                author=actor,
            )
        )
    if row.progress:
        updates.append(
            ActionUpdate(
                action=action,
                kind=UpdateKind.PROGRESS,
                written_on=written_on,
                text=row.progress,
                author=actor,
            )
        )
    if row.evidence:
        blue = row.status == Rag.BLUE
        updates.append(
            ActionUpdate(
                action=action,
                kind=UpdateKind.EVIDENCE,
                written_on=written_on,
                text=row.evidence,
                status_from=Rag.GREEN if blue else "",
                status_to=Rag.BLUE if blue else "",
                author=actor,
            )
        )
    return updates
