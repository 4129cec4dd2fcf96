"""Writes to multi-agency (joint) audits: each in one transaction, each audited (docs/adr/0026).

- the business unit convenes a joint audit of a case reference (a date not in the future, the
  child by pseudonym or initials), with an empty discussion for each theme of the current
  framework;
- an agency audit of the same case joins it once; the business unit links any, an author their
  own;
- the business unit records the discussion; agreeing it needs a shared judgement for every
  theme and at least two agencies' audits, and then it no longer changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.accounts.permissions import is_business_unit
from casereviews.accounts.roles import Permission
from casereviews.core import audit

from .. import selectors as audit_selectors
from ..models import CaseAudit, Judgement
from ..services import ensure_framework
from . import selectors
from .models import JointAudit, JointAuditLink, JointDiscussion, JointStatus

DISCUSSION_FIELDS = ("judgement", "agreements", "disagreements", "agreed_actions")


def _require(actor, permission: Permission, obj: Any = None) -> None:
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(permission, obj):
        raise PermissionDenied


@transaction.atomic
def convene(actor, partnership, data: Mapping[str, Any]) -> JointAudit:
    """A new joint audit of a case. Raises ValidationError ({field: message})."""
    _require(actor, Permission.START_JOINT_AUDIT)
    problems: dict[str, str] = {}
    reference = (data.get("case_reference") or "").strip()
    child = (data.get("child") or "").strip()
    meeting_date = data.get("meeting_date")
    if not reference:
        problems["case_reference"] = "Enter the case recording system's reference for the case"
    if not child:
        problems["child"] = "Enter the child's pseudonym or initials"
    if meeting_date is None:
        problems["meeting_date"] = "Enter the date of the joint discussion"
    elif meeting_date > timezone.localdate():
        problems["meeting_date"] = "The date of the joint discussion must be today or in the past"
    if problems:
        raise ValidationError(problems)
    framework = ensure_framework(partnership)
    joint = JointAudit.objects.create(
        partnership=partnership,
        framework=framework,
        case_reference=reference,
        child=child,
        convened_by=actor,
        meeting_date=meeting_date,
    )
    audit.record_create(actor, joint)
    discussions = [
        JointDiscussion.objects.create(joint=joint, theme=theme)
        for theme in audit_selectors.themes_of(framework)
    ]
    audit.record_created_many(actor, discussions, partnership=partnership)
    return joint


@transaction.atomic
def link(actor, joint: JointAudit, audit_obj: CaseAudit) -> JointAuditLink:
    """An agency's audit of the case joins the joint audit."""
    _require(actor, Permission.LINK_JOINT_AUDIT, joint)
    if audit_obj.partnership_id != joint.partnership_id or (
        audit_obj.case_reference.strip().lower() != joint.case_reference.strip().lower()
    ):
        raise ValidationError({"audit": "Select an audit of this case"})
    if (
        getattr(actor, "is_authenticated", False)
        and not is_business_unit(actor)
        and audit_obj.author_id != actor.pk
    ):
        raise PermissionDenied
    if JointAuditLink.objects.filter(audit=audit_obj).exists():
        raise ValidationError({"audit": "That audit is already part of a joint audit"})
    row = JointAuditLink.objects.create(
        joint=joint,
        audit=audit_obj,
        linked_by=actor if getattr(actor, "is_authenticated", False) else joint.convened_by,
    )
    audit.record_create(actor, row, partnership=joint.partnership)
    return row


@transaction.atomic
def save_discussion(
    actor, joint: JointAudit, entries: Mapping[int, Mapping[str, Any]]
) -> JointAudit:
    """Save the discussion per theme ({theme number: fields}), part-way or whole."""
    _require(actor, Permission.RECORD_JOINT_DISCUSSION, joint)
    joint = JointAudit.objects.select_for_update().get(pk=joint.pk)
    if joint.status != JointStatus.DRAFT:
        raise ValidationError("This joint audit is agreed: it can no longer be changed")
    rows = {d.theme.number: d for d in selectors.discussions_of(joint)}
    problems: dict[str, str] = {}
    for number, fields in entries.items():
        if number not in rows:
            raise ValidationError(f"Theme {number} is not in this joint audit's framework")
        judgement = fields.get("judgement") or ""
        if judgement and judgement not in Judgement.values:
            problems[f"t{number}-judgement"] = f"Theme {number}: select one of the judgements"
    if problems:
        raise ValidationError(problems)
    for number, fields in entries.items():
        row = rows[number]
        before = audit.snapshot(row)
        for field in DISCUSSION_FIELDS:
            if field in fields:
                setattr(row, field, (fields[field] or "").strip())
        if audit.diff(before, audit.snapshot(row)):
            row.save()
            audit.record_update(actor, row, before, partnership=joint.partnership)
    return joint


@transaction.atomic
def agree(actor, joint: JointAudit) -> JointAudit:
    """Draft -> agreed: refused, naming each theme without a shared judgement, until all have
    one and at least two agencies' audits are linked. What was saved stays saved."""
    _require(actor, Permission.RECORD_JOINT_DISCUSSION, joint)
    rows = {d.theme.number: d for d in selectors.discussions_of(joint)}
    missing = [d for d in rows.values() if not d.judgement]
    if missing:
        raise ValidationError(
            {
                f"t{d.theme.number}-judgement": f"Theme {d.theme.number}, {d.theme.title}: "
                "select the shared judgement before agreeing the joint audit"
                for d in missing
            }
        )
    if len(selectors.linked_audits(joint)) < 2:
        raise ValidationError("A joint audit is agreed once at least two agencies' audits join it")
    before = audit.snapshot(joint)
    joint.status = JointStatus.AGREED
    joint.save(update_fields=["status"])
    audit.record_update(actor, joint, before)
    return joint
