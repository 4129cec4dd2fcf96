"""Writes to case audits and their framework: each in one transaction, each audited.

The rules live here so every caller (the pages, the demo loader, tests) meets the same ones:
- the default framework (seed 000) is stored for a partnership the first time anyone writes an
  audit or adapts it; adapting makes a new version, and audits keep theirs (docs/adr/0022);
- an audit's date is not in the future; the child is named by pseudonym or initials: what the
  anonymisation check finds must be confirmed by the author before it is saved;
- an audit is filled in while it is a draft, and can be saved part-way any number of times;
- completing needs a judgement for every theme; only the named supervisor (or the business
  unit), never the author, signs a completed audit off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.accounts.roles import Permission, Role
from casereviews.core import audit, search_index
from casereviews.core.audit import SystemActor
from casereviews.core.concurrency import save_versioned
from casereviews.core.models import AuditAction

from . import checks, selectors
from .framework import DEFAULT_NAME, DEFAULT_THEMES
from .models import AuditAnswer, AuditFramework, AuditStatus, AuditTheme, CaseAudit, Judgement
from .raising import raise_into_plan

FIRST_USE = SystemActor("Case audit tool (default framework, stored on first use)")
ANSWER_FIELDS = ("seen", "judgement", "next_action", "action_owner", "action_due", "training_need")
DETAIL_FIELDS = ("case_reference", "child", "purpose", "agency", "team", "audit_date", "supervisor")


class PersonalDetailsFound(ValidationError):
    """The anonymisation check found something; the author has not confirmed past it."""

    def __init__(self, warnings: list[checks.Warning]):
        self.warnings = warnings
        super().__init__("The anonymisation check found something that may identify someone")


def _require(actor, permission: Permission, obj: Any = None) -> None:
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(permission, obj):
        raise PermissionDenied


# -- the framework ------------------------------------------------------------------------------


@transaction.atomic
def ensure_framework(partnership) -> AuditFramework:
    """The partnership's current framework; seed 000's nine themes stored as version 1 if it
    has none yet."""
    current = selectors.current_framework_of(partnership)
    if current is not None:
        return current
    framework = AuditFramework.objects.create(
        partnership=partnership,
        name=DEFAULT_NAME,
        version=1,
        change_note="The default framework: seed 000's nine themes",
    )
    audit.record_create(FIRST_USE, framework, partnership=partnership)
    for spec in DEFAULT_THEMES:
        theme = AuditTheme.objects.create(
            framework=framework,
            number=spec.number,
            title=spec.title,
            problem=spec.problem,
            guidance="\n".join(spec.guidance),
            taxonomy_ids=list(spec.taxonomy_ids),
        )
        audit.record_create(FIRST_USE, theme, partnership=partnership)
    return framework


def _theme_problems(title: str, problem: str) -> dict[str, str]:
    problems = {}
    if not title.strip():
        problems["title"] = "Enter the theme's title"
    if not problem.strip():
        problems["problem"] = "Enter the recurring problem the theme is about"
    return problems


@transaction.atomic
def new_version(
    actor,
    partnership,
    *,
    note: str,
    change: Mapping[int, Mapping[str, Any]] | None = None,
    retire: Sequence[int] = (),
    add: Mapping[str, Any] | None = None,
) -> AuditFramework:
    """The next version of the framework: the current themes copied, with `change` ({number:
    fields}) applied, `retire`d numbers left out and `add` appended as a local theme."""
    _require(actor, Permission.MANAGE_AUDIT_FRAMEWORK)
    current = ensure_framework(partnership)
    themes = selectors.themes_of(current)
    if any(number not in {t.number for t in themes} for number in (*(change or {}), *retire)):
        raise ValidationError("That theme is not in the current framework")
    if len(themes) - len(retire) + (1 if add else 0) < 1:
        raise ValidationError("A framework needs at least one theme: add one before retiring this")
    for fields in [*(change or {}).values(), *([add] if add else [])]:
        problems = _theme_problems(fields.get("title", "x"), fields.get("problem", "x"))
        if problems:
            raise ValidationError(problems)
    framework = AuditFramework.objects.create(
        partnership=partnership,
        name=current.name,
        version=current.version + 1,
        change_note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor, framework, partnership=partnership)
    for theme in themes:
        if theme.number in retire:
            continue
        fields = {
            "title": theme.title,
            "problem": theme.problem,
            "guidance": theme.guidance,
            "taxonomy_ids": theme.taxonomy_ids,
            "local": theme.local,
            **(change or {}).get(theme.number, {}),
        }
        copy = AuditTheme.objects.create(framework=framework, number=theme.number, **fields)
        audit.record_create(actor, copy, partnership=partnership)
    if add:
        number = max([t.number for t in themes], default=0) + 1
        local = AuditTheme.objects.create(framework=framework, number=number, local=True, **add)
        audit.record_create(actor, local, partnership=partnership)
    return framework


# -- an audit ------------------------------------------------------------------------------------


def _detail_problems(actor, partnership, data: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    today = timezone.localdate()
    audit_date = data.get("audit_date")
    if audit_date is None:
        problems["audit_date"] = "Enter the date of the audit"
    elif audit_date > today:
        problems["audit_date"] = "The date of the audit must be today or in the past"
    if not (data.get("case_reference") or "").strip():
        problems["case_reference"] = "Enter the case recording system's reference for the case"
    if not (data.get("child") or "").strip():
        problems["child"] = "Enter the child's pseudonym or initials"
    agency = data.get("agency")
    if agency is None or agency.partnership_id != partnership.pk:
        problems["agency"] = "Select the agency whose case this is"
    elif getattr(actor, "role", None) != Role.BUSINESS_UNIT and actor.agency_id != agency.pk:
        problems["agency"] = f"You can only audit cases of your own agency, {actor.agency}"
    supervisor = data.get("supervisor")
    if supervisor is not None and (
        supervisor.partnership_id != partnership.pk or supervisor.pk == getattr(actor, "pk", None)
    ):
        problems["supervisor"] = "Select a manager of your partnership, not yourself"
    return problems


def _check(audit_obj: CaseAudit, answers: Sequence[AuditAnswer], confirmed: bool) -> None:
    texts = {
        (f"Theme {a.theme.number}: {label}", f"id_t{a.theme.number}-{field}"): getattr(a, field)
        for a in answers
        for field, label in (
            ("seen", "what you see"),
            ("next_action", "next action"),
            ("training_need", "training need"),
        )
        if getattr(a, field)
    }
    if audit_obj.team:
        texts[("Team", "id_team")] = audit_obj.team
    warnings = checks.find_warnings(audit_obj.partnership_id, audit_obj.child, texts)
    if warnings and not confirmed:
        raise PersonalDetailsFound(warnings)
    audit_obj.warnings_confirmed = bool(warnings)


def _audit_redactor(partnership_id: int):
    return checks.redactor(partnership_id, checks.AUDIT_TEXT_FIELDS)


@transaction.atomic
def start_audit(actor, partnership, data: Mapping[str, Any], *, confirmed: bool = False):
    """A new draft audit of a live case, with an empty answer for each theme of the current
    framework. Raises ValidationError ({field: message}) or PersonalDetailsFound."""
    _require(actor, Permission.START_CASE_AUDIT)
    problems = _detail_problems(actor, partnership, data)
    if problems:
        raise ValidationError(problems)
    framework = ensure_framework(partnership)
    audit_obj = CaseAudit(
        partnership=partnership,
        framework=framework,
        author=actor,
        **{f: data.get(f) for f in DETAIL_FIELDS},
    )
    audit_obj.case_reference = audit_obj.case_reference.strip()
    audit_obj.child = audit_obj.child.strip()
    audit_obj.team = (audit_obj.team or "").strip()
    _check(audit_obj, [], confirmed)
    audit_obj.save()
    audit.record_create(actor, audit_obj, redact=_audit_redactor(partnership.pk))
    answers = [
        AuditAnswer.objects.create(audit=audit_obj, theme=theme)
        for theme in selectors.themes_of(framework)
    ]
    audit.record_created_many(actor, answers, partnership=partnership)
    search_index.index_record(audit_obj)
    return audit_obj


@transaction.atomic
def update_details(
    actor, audit_obj: CaseAudit, data: Mapping[str, Any], version: int | None, *, confirmed=False
) -> CaseAudit:
    _require(actor, Permission.CHANGE_CASE_AUDIT, audit_obj)
    problems = _detail_problems(actor, audit_obj.partnership, data)
    if problems:
        raise ValidationError(problems)
    before = audit.snapshot(audit_obj)
    for field in DETAIL_FIELDS:
        value = data.get(field)
        setattr(audit_obj, field, value.strip() if isinstance(value, str) else value)
    _check(audit_obj, selectors.answers_of(audit_obj), confirmed)
    save_versioned(audit_obj, version)
    audit.record_update(actor, audit_obj, before, redact=_audit_redactor(audit_obj.partnership_id))
    search_index.index_record(audit_obj)
    return audit_obj


def _answer_problems(number: int, fields: Mapping[str, Any]) -> dict[str, str]:
    judgement = fields.get("judgement") or ""
    if judgement and judgement not in Judgement.values:
        return {f"t{number}-judgement": f"Theme {number}: select one of the judgements"}
    return {}


@transaction.atomic
def save_answers(
    actor,
    audit_obj: CaseAudit,
    answers: Mapping[int, Mapping[str, Any]],
    version: int | None,
    *,
    confirmed: bool = False,
) -> CaseAudit:
    """Save what was written for each theme ({theme number: fields}), part-way or whole.

    Nothing is required here: a draft can be saved with any theme empty. Raises StaleRecordError
    if someone saved the audit since `version` was read, PersonalDetailsFound as above.
    """
    _require(actor, Permission.CHANGE_CASE_AUDIT, audit_obj)
    rows = {a.theme.number: a for a in selectors.answers_of(audit_obj)}
    problems: dict[str, str] = {}
    for number, fields in answers.items():
        if number not in rows:
            raise ValidationError(f"Theme {number} is not in this audit's framework")
        problems.update(_answer_problems(number, fields))
    if problems:
        raise ValidationError(problems)
    redact = checks.redactor(audit_obj.partnership_id, checks.ANSWER_TEXT_FIELDS)
    changed: list[tuple[AuditAnswer, dict]] = []
    for number, fields in answers.items():
        row = rows[number]
        before = audit.snapshot(row)
        for field in ANSWER_FIELDS:
            if field in fields:
                value = fields[field]
                setattr(row, field, value.strip() if isinstance(value, str) else value)
        changed.append((row, before))
    _check(audit_obj, list(rows.values()), confirmed)
    save_versioned(audit_obj, version)  # refuses a stale save before any answer is written
    for row, before in changed:
        if audit.diff(before, audit.snapshot(row)):
            row.save()
            audit.record_update(
                actor, row, before, partnership=audit_obj.partnership, redact=redact
            )
    search_index.index_record(audit_obj)
    return audit_obj


def missing_judgements(audit_obj: CaseAudit) -> list[AuditAnswer]:
    return [a for a in selectors.answers_of(audit_obj) if not a.judgement]


@transaction.atomic
def complete(actor, audit_obj: CaseAudit) -> CaseAudit:
    """Draft -> completed. Refused, listing each theme without a judgement, until all have one."""
    _require(actor, Permission.CHANGE_CASE_AUDIT, audit_obj)
    missing = missing_judgements(audit_obj)
    if missing:
        raise ValidationError(
            {
                f"t{a.theme.number}-judgement": f"Theme {a.theme.number}, {a.theme.title}: "
                "select a judgement before completing the audit"
                for a in missing
            }
        )
    return _move(actor, audit_obj, AuditStatus.COMPLETED, completed_at=timezone.now())


@transaction.atomic
def reopen(actor, audit_obj: CaseAudit) -> CaseAudit:
    """Completed -> draft again (the author to change it, or the supervisor to send it back)."""
    _require(actor, Permission.REOPEN_CASE_AUDIT, audit_obj)
    return _move(actor, audit_obj, AuditStatus.DRAFT, completed_at=None)


@transaction.atomic
def sign_off(actor, audit_obj: CaseAudit, note: str = "") -> CaseAudit:
    """A completed audit signed off by its supervisor (or the business unit), with a note."""
    _require(actor, Permission.SIGN_OFF_CASE_AUDIT, audit_obj)
    if audit_obj.status != AuditStatus.COMPLETED:
        raise ValidationError("Only a completed audit can be signed off")
    if getattr(actor, "pk", None) == audit_obj.author_id:
        raise ValidationError("An audit is signed off by someone other than its author")
    return _move(
        actor,
        audit_obj,
        AuditStatus.SIGNED_OFF,
        signed_off_by=actor if getattr(actor, "is_authenticated", False) else None,
        signed_off_at=timezone.now(),
        sign_off_note=note.strip(),
    )


def _move(actor, audit_obj: CaseAudit, status: str, **fields: Any) -> CaseAudit:
    before = audit.snapshot(audit_obj)
    audit_obj.status = status
    for name, value in fields.items():
        setattr(audit_obj, name, value)
    save_versioned(audit_obj, audit_obj.version)
    audit.record_update(actor, audit_obj, before, redact=_audit_redactor(audit_obj.partnership_id))
    return audit_obj


def record_download(actor, record, kind: str, label: str = "Case audit") -> None:
    """Who took a copy of an audit (or a joint audit, `label`) out, and in which format."""
    audit.record(
        actor,
        AuditAction.EXPORT,
        record,
        changes={"format": kind},
        object_repr=f"{label} {record.case_reference}",
    )


# -- into the action plan --------------------------------------------------------------------------


@transaction.atomic
def raise_action(
    actor, audit_obj: CaseAudit, number: int, *, lead_role: str, due_on
) -> AuditAnswer:
    """A finished audit's next action for theme `number` raised into the partnership's action
    plan, owned by the audit's agency; once only. The plan names the agency and the theme, not
    the case: who may read the plan is wider than who may read the audit (docs/adr/0025)."""
    _require(actor, Permission.RAISE_AUDIT_ACTION, audit_obj)
    answer = next((a for a in selectors.answers_of(audit_obj) if a.theme.number == number), None)
    if answer is None:
        raise ValidationError(f"Theme {number} is not in this audit's framework")
    if audit_obj.status not in (AuditStatus.COMPLETED, AuditStatus.SIGNED_OFF):
        raise ValidationError("Only a completed or signed-off audit's actions join the plan")
    if not answer.next_action.strip():
        raise ValidationError("This theme has no next action to raise")
    return raise_into_plan(
        actor,
        answer,
        partnership=audit_obj.partnership,
        agency=audit_obj.agency,
        description=answer.next_action,
        origin=f"Case audit ({audit_obj.agency.name}), theme {number}: {answer.theme.title}",
        lead_role=lead_role,
        due_on=due_on,
        already="This theme's next action is already in the action plan",
        redact=checks.redactor(audit_obj.partnership_id, checks.ANSWER_TEXT_FIELDS),
    )
