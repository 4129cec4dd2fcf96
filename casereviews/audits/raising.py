"""A theme's or a question's action raised into the partnership's action plan and linked from
its row, in one step that the case audit, the joint audit and the self-assessment share
(docs/adr/0025, 0027, 0028). Each caller checks its own permission and rules first."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from casereviews.actions import services as action_services
from casereviews.core import audit


def raise_into_plan(
    actor,
    row,
    *,
    partnership,
    agency,
    description: str,
    origin: str,
    lead_role: str,
    due_on,
    already: str,
    redact,
):
    """`row` (a theme of an audit or of a joint discussion, with a `raised_action` link) raised
    into the partnership's action plan as an action owned by `agency`; once only: the row is
    locked and its link checked, so a second raise, however close, is refused with `already`.
    Call inside a transaction, after checking permission and the record's status."""
    row = type(row).objects.select_for_update().get(pk=row.pk)
    if row.raised_action_id is not None:
        raise ValidationError(already)
    before = audit.snapshot(row)
    row.raised_action = action_services.create_action_outside_review(
        actor,
        partnership,
        agency=agency,
        description=description,
        lead_role=lead_role,
        due_on=due_on,
        origin=origin,
    )
    row.save(update_fields=["raised_action"])
    audit.record_update(actor, row, before, partnership=partnership, redact=redact)
    return row
