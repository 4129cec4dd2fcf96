"""Writes to multi-agency (joint) audits: each in one transaction, each audited (docs/adr/0026).

- the business unit convenes a joint audit of a case reference (a date not in the future, the
  child by pseudonym or initials), with an empty discussion for each theme of the current
  framework;
- an agency audit of the same case joins it once; the business unit links any, an author their
  own;
- the business unit records the discussion: the anonymisation check reads what it writes (a
  warning to confirm past, as in an audit), and a save from a page opened before someone else
  saved is refused (core.concurrency); agreeing it needs a shared judgement for every theme and
  at least two agencies' audits, and then it no longer changes;
- once agreed, the business unit raises a theme's agreed actions into the action plan, once
  (docs/adr/0028).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.accounts.permissions import is_business_unit
from casereviews.accounts.roles import Permission
from casereviews.core import audit, search_index
from casereviews.core.concurrency import save_versioned

from .. import checks
from .. import selectors as audit_selectors
from ..models import CaseAudit, Judgement
from ..raising import raise_into_plan
from ..services import PersonalDetailsFound, ensure_framework
from . import selectors
from .models import JointAudit, JointAuditLink, JointDiscussion, JointStatus

DISCUSSION_FIELDS = ("judgement", "agreements", "disagreements", "agreed_actions")
# The discussion's free text, read by the anonymisation check and redacted in the audit log.
DISCUSSION_TEXTS = {
    "agreements": "what the agencies agreed",
    "disagreements": "where they disagreed",
    "agreed_actions": "agreed actions",
}


def _joint_redactor(joint: JointAudit):
    return checks.redactor(joint.partnership_id, checks.AUDIT_TEXT_FIELDS)


def _discussion_redactor(joint: JointAudit):
    return checks.redactor(joint.partnership_id, frozenset(DISCUSSION_TEXTS))


def _require(actor, permission: Permission, obj: Any = None) -> None:
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(permission, obj):
        raise PermissionDenied


@transaction.atomic
def convene(actor, partnership, data: Mapping[str, Any], *, confirmed: bool = False) -> JointAudit:
    """A new joint audit of a case. Raises ValidationError ({field: message}), or
    PersonalDetailsFound if the child looks named and that is not `confirmed`."""
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
    warnings = checks.find_warnings(partnership.pk, child, {})
    if warnings and not confirmed:
        raise PersonalDetailsFound(warnings)
    framework = ensure_framework(partnership)
    joint = JointAudit.objects.create(
        partnership=partnership,
        framework=framework,
        case_reference=reference,
        child=child,
        convened_by=actor,
        meeting_date=meeting_date,
        warnings_confirmed=bool(warnings),
    )
    audit.record_create(actor, joint, redact=_joint_redactor(joint))
    discussions = [
        JointDiscussion.objects.create(joint=joint, theme=theme)
        for theme in audit_selectors.themes_of(framework)
    ]
    audit.record_created_many(actor, discussions, partnership=partnership)
    search_index.index_record(joint)
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
    actor,
    joint: JointAudit,
    entries: Mapping[int, Mapping[str, Any]],
    version: int | None = None,
    *,
    confirmed: bool = False,
) -> JointAudit:
    """Save the discussion per theme ({theme number: fields}), part-way or whole.

    Raises StaleRecordError if someone saved the joint audit since `version` was read (nothing
    is written then), PersonalDetailsFound if the anonymisation check finds something in the
    discussion's text and the writer has not `confirmed` past it."""
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
    changed = []
    for number, fields in entries.items():
        row = rows[number]
        before = audit.snapshot(row)
        for field in DISCUSSION_FIELDS:
            if field in fields:
                setattr(row, field, (fields[field] or "").strip())
        changed.append((row, before))
    texts = {
        (f"Theme {number}: {label}", f"id_t{number}-{field}"): getattr(row, field)
        for number, row in rows.items()
        for field, label in DISCUSSION_TEXTS.items()
        if getattr(row, field)
    }
    warnings = checks.find_warnings(joint.partnership_id, joint.child, texts)
    if warnings and not confirmed:
        raise PersonalDetailsFound(warnings)
    before = audit.snapshot(joint)
    joint.warnings_confirmed = bool(warnings)
    save_versioned(joint, version)  # refuses a stale save before any theme is written
    audit.record_update(actor, joint, before, redact=_joint_redactor(joint))
    redact = _discussion_redactor(joint)
    for row, before_row in changed:
        if audit.diff(before_row, audit.snapshot(row)):
            row.save()
            audit.record_update(
                actor, row, before_row, partnership=joint.partnership, redact=redact
            )
    search_index.index_record(joint)
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
    joint = JointAudit.objects.select_for_update().get(pk=joint.pk)
    before = audit.snapshot(joint)
    joint.status = JointStatus.AGREED
    save_versioned(joint, joint.version)
    audit.record_update(actor, joint, before, redact=_joint_redactor(joint))
    search_index.index_record(joint)
    return joint


def joint_origin(joint: JointAudit, discussion: JointDiscussion) -> str:
    """What the plan says of an action from a joint audit: the agencies and the theme, never
    the case or the child (docs/adr/0025)."""
    agencies = ", ".join(sorted({a.agency.name for a in selectors.linked_audits(joint)}))
    return (
        f"Multi-agency case audit ({agencies}), theme {discussion.theme.number}: "
        f"{discussion.theme.title}"
    )


@transaction.atomic
def raise_action(
    actor, joint: JointAudit, number: int, *, agency, lead_role: str, due_on
) -> JointDiscussion:
    """An agreed joint audit's agreed actions for theme `number` raised into the partnership's
    action plan, led by one of the agencies taking part; once only (docs/adr/0028)."""
    _require(actor, Permission.RAISE_JOINT_ACTION, joint)
    row = next((d for d in selectors.discussions_of(joint) if d.theme.number == number), None)
    if row is None:
        raise ValidationError(f"Theme {number} is not in this joint audit's framework")
    if joint.status != JointStatus.AGREED:
        raise ValidationError("Only an agreed joint audit's actions join the action plan")
    if not row.agreed_actions.strip():
        raise ValidationError("This theme has no agreed actions to raise")
    if agency is None or agency.pk not in {a.agency_id for a in selectors.linked_audits(joint)}:
        raise ValidationError({"agency": "Select one of the agencies taking part"})
    return raise_into_plan(
        actor,
        row,
        partnership=joint.partnership,
        agency=agency,
        description=row.agreed_actions,
        origin=joint_origin(joint, row),
        lead_role=lead_role,
        due_on=due_on,
        already="This theme's agreed actions are already in the action plan",
        redact=_discussion_redactor(joint),
    )
