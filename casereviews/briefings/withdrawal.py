"""Withdrawing a published briefing or newsletter issue: the one write both share.

Nothing is deleted: the record keeps its text and history and only its status moves on, with
who withdrew it, when and why. The reason is kept (on the record and in the audit log) without
any detail the anonymisation check recognises, since a reason is often "it named the mother".
"""

from __future__ import annotations

from typing import Any

import rules
from django.core.exceptions import ValidationError
from django.utils import timezone

from casereviews.accounts.permissions import (
    is_business_unit,
    is_published,
    may_see_if_restricted,
    same_partnership,
)
from casereviews.core import audit
from casereviews.core.concurrency import save_versioned

from .models import Briefing, BriefingStatus, Newsletter

REASON_MAX = 500
REPLACED = "Replaced by a corrected version"


@rules.predicate
def is_withdrawn(user, obj) -> bool:
    return obj is not None and getattr(obj, "status", None) == BriefingStatus.WITHDRAWN


# Who may withdraw and correct (`rule.test(user, record)`): the business unit only. Withdrawing
# is open to every business unit user who can read the published version (a name that slipped
# through must come down fast); a correction is a draft, so only those who may read the
# review's drafts start one.
may_withdraw = same_partnership & is_business_unit & is_published
may_correct = (
    same_partnership & is_business_unit & may_see_if_restricted & (is_published | is_withdrawn)
)


def reason_problem(reason: str) -> str | None:
    if not reason.strip():
        return "Enter why it is being withdrawn"
    if len(reason.strip()) > REASON_MAX:
        return f"The reason must be {REASON_MAX} characters or fewer"
    return None


def _with_reason(redact: audit.Redactor) -> audit.Redactor:
    """`redact`, which also treats the reason as text the check reads."""

    def redact_reason(field: str, value: Any) -> Any:
        return redact("body" if field == "withdrawal_reason" else field, value)

    return redact_reason


def withdraw(
    actor, record: Briefing | Newsletter, reason: str, *, redact: audit.Redactor
) -> Briefing | Newsletter:
    """Mark a published `record` withdrawn (the caller holds the transaction). Raises
    ValidationError when it is not published or the reason is missing or too long."""
    if record.status != BriefingStatus.PUBLISHED:
        raise ValidationError({"__all__": "Only a published version can be withdrawn"})
    if problem := reason_problem(reason or ""):
        raise ValidationError({"reason": problem})
    redact = _with_reason(redact)
    before = audit.snapshot(record)
    record.status = BriefingStatus.WITHDRAWN
    record.withdrawn_on = timezone.localdate()
    record.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    record.withdrawal_reason = redact("withdrawal_reason", reason.strip())
    save_versioned(record, record.version)
    audit.record_update(actor, record, before, redact=redact)
    return record
