"""An answer's action raised into the partnership's action plan and linked from the answer, in
one step the case audit and the self-assessment share (docs/adr/0025, 0027). Each caller checks
its own permission and rules (finished, not raised yet, has an action) first."""

from __future__ import annotations

from typing import Any

from casereviews.actions import services as action_services
from casereviews.core import audit


def raise_into_plan(actor, answer, partnership, *, redact=None, **action: Any):
    """Create the action (`create_action_outside_review`'s fields) and set
    `answer.raised_action`; both audited as `actor`. Returns the answer."""
    before = audit.snapshot(answer)
    answer.raised_action = action_services.create_action_outside_review(
        actor, partnership, **action
    )
    answer.save(update_fields=["raised_action"])
    audit.record_update(actor, answer, before, partnership=partnership, redact=redact)
    return answer
