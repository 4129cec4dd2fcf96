"""Writes to self-assessments and issue sets: each in one transaction, each audited.

- The default set (seed 003's 14 issues) is stored for a partnership the first time anyone
  starts a self-assessment or lists the sets to add one; a set's issues and questions do not
  change once stored, so an assessment keeps what it was answered against (docs/adr/0023).
- An agency lead starts and answers their own agency's assessment; the business unit any
  agency's. One assessment per set, agency, team and period.
- A draft is saved part-way any number of times; completing needs a rating on every question and
  otherwise lists each question without one, after the entries are saved.
- A set changes by versions (docs/adr/0027): a reworded, added or retired question or issue
  stores version n+1; numbers stay with their issue and question, a retired number is not reused.
- The business unit reopens a completed assessment with a reason; it is completed again as before.
- A completed assessment's improvement action joins the partnership's action plan once, raised by
  the business unit or the agency's own lead (docs/adr/0025's mechanism).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.accounts.roles import Permission, Role
from casereviews.core import audit, search_index
from casereviews.core.audit import SystemActor
from casereviews.core.concurrency import save_versioned

from ..raising import raise_into_plan
from . import selectors
from .issues import DEFAULT_ISSUES, DEFAULT_SET_NAME, DEFAULT_SOURCE
from .models import (
    AssessmentStatus,
    IssueQuestion,
    IssueSet,
    PracticeIssue,
    Rating,
    SelfAssessment,
    SelfAssessmentAnswer,
)

FIRST_USE = SystemActor("Self-assessment (default practice issues, stored on first use)")
ANSWER_FIELDS = ("rating", "evidence", "action", "action_owner", "action_due")
PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def _require(actor, permission: Permission, obj: Any = None) -> None:
    if getattr(actor, "is_authenticated", False) and not actor.has_perm(permission, obj):
        raise PermissionDenied


# -- sets ----------------------------------------------------------------------------------------


def _store_set(actor, partnership, name: str, source: str, issues, *, default=False) -> IssueSet:
    issue_set = IssueSet.objects.create(
        partnership=partnership,
        name=name,
        source=source,
        is_default=default,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor, issue_set, partnership=partnership)
    for number, (title, summary, questions, taxonomy_ids) in enumerate(issues, 1):
        issue = PracticeIssue.objects.create(
            issue_set=issue_set,
            number=number,
            title=title,
            summary=summary,
            taxonomy_ids=list(taxonomy_ids),
        )
        audit.record_create(actor, issue, partnership=partnership)
        rows = [
            IssueQuestion.objects.create(issue=issue, number=n, text=text)
            for n, text in enumerate(questions, 1)
        ]
        audit.record_created_many(actor, rows, partnership=partnership)
    return issue_set


@transaction.atomic
def ensure_default_set(partnership) -> IssueSet:
    """The partnership's default set, stored from seed 003 the first time it is needed."""
    current = selectors.default_set_of(partnership)
    if current is not None:
        return current
    issues = [(i.title, i.summary, i.questions, i.taxonomy_ids) for i in DEFAULT_ISSUES]
    return _store_set(
        FIRST_USE, partnership, DEFAULT_SET_NAME, DEFAULT_SOURCE, issues, default=True
    )


def parse_issues(text: str) -> list[tuple[str, str, list[str], tuple[str, ...]]]:
    """The issues a partnership types: an issue on a line of its own, each of its questions on
    a line beginning with a dash. Raises ValidationError naming the line that is wrong."""
    issues: list[tuple[str, str, list[str], tuple[str, ...]]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("-", "*", "•")):
            question = line.lstrip("-*• ").strip()
            if not issues:
                message = f"Line {number} is a question before any issue: write the issue first"
                raise ValidationError({"issues": message})
            if question:
                issues[-1][2].append(question)
        else:
            issues.append((line[:300], "", [], ()))
    if not issues:
        raise ValidationError({"issues": "Enter at least one issue, with its questions"})
    bare = [title for title, _, questions, _ in issues if not questions]
    if bare:
        message = "Give each issue at least one question (a line starting with a dash): "
        raise ValidationError({"issues": message + "; ".join(bare)})
    return issues


@transaction.atomic
def add_set(actor, partnership, name: str, source: str, issues_text: str) -> IssueSet:
    """A partnership's own set (for example from a national review)."""
    _require(actor, Permission.MANAGE_ISSUE_SETS)
    problems: dict[str, str] = {}
    name = name.strip()
    if not name:
        problems["name"] = "Enter the name of the set"
    elif selectors.set_named(partnership, name) is not None:
        problems["name"] = "The partnership already has a set with this name"
    try:
        issues = parse_issues(issues_text)
    except ValidationError as exc:
        problems.update({k: v[0] for k, v in exc.message_dict.items()})
    if problems:
        raise ValidationError(problems)
    return _store_set(actor, partnership, name, source.strip(), issues)


# -- an assessment -------------------------------------------------------------------------------


def period_problem(period: str) -> str | None:
    match = PERIOD.match(period.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        return "Enter the reporting year as two years, for example 2016-17"
    return None


def _start_problems(actor, partnership, data: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    period_error = period_problem(data.get("period") or "")
    if period_error:
        problems["period"] = period_error
    agency = data.get("agency")
    if agency is None or agency.partnership_id != partnership.pk:
        problems["agency"] = "Select the agency that is assessing itself"
    elif getattr(actor, "role", None) != Role.BUSINESS_UNIT and actor.agency_id != agency.pk:
        problems["agency"] = f"You can only start a self-assessment for your agency, {actor.agency}"
    issue_set = data.get("issue_set")
    if issue_set is not None and issue_set.partnership_id != partnership.pk:
        problems["issue_set"] = "Select one of the partnership's sets of practice issues"
    if not problems and issue_set is not None:
        team = (data.get("team") or "").strip()
        if selectors.existing(issue_set, agency, team, data["period"].strip()) is not None:
            problems["period"] = (
                "This agency (and team) already has a self-assessment against this set for "
                f"{data['period'].strip()}: open it from Self-assessments"
            )
    return problems


@transaction.atomic
def start(actor, partnership, data: Mapping[str, Any]) -> SelfAssessment:
    """A new draft self-assessment with an empty answer for each question of the set (the
    default set when `issue_set` is None). Raises ValidationError ({field: message})."""
    _require(actor, Permission.START_SELF_ASSESSMENT)
    data = dict(data)
    if data.get("issue_set") is None:
        data["issue_set"] = ensure_default_set(partnership)
    problems = _start_problems(actor, partnership, data)
    if problems:
        raise ValidationError(problems)
    assessment = SelfAssessment.objects.create(
        partnership=partnership,
        issue_set=data["issue_set"],
        agency=data["agency"],
        team=(data.get("team") or "").strip(),
        period=data["period"].strip(),
        started_by=actor,
    )
    audit.record_create(actor, assessment)
    answers = [
        SelfAssessmentAnswer.objects.create(assessment=assessment, question=question)
        for question in selectors.questions_of(assessment.issue_set)
    ]
    audit.record_created_many(actor, answers, partnership=partnership)
    search_index.index_record(assessment)
    return assessment


@transaction.atomic
def save_answers(
    actor,
    assessment: SelfAssessment,
    answers: Mapping[int, Mapping[str, Any]],
    version: int | None,
) -> SelfAssessment:
    """Save ratings, evidence and actions ({question id: fields}), part-way or whole. Nothing is
    required here. Raises StaleRecordError if someone saved since `version` was read."""
    _require(actor, Permission.CHANGE_SELF_ASSESSMENT, assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError("This self-assessment is completed and can no longer be changed")
    rows = {a.question_id: a for a in selectors.answers_of(assessment)}
    problems: dict[str, str] = {}
    for question_id, fields in answers.items():
        if question_id not in rows:
            raise ValidationError("That question is not in this self-assessment's set")
        rating = fields.get("rating") or ""
        if rating and rating not in Rating.values:
            problems[f"q{question_id}-rating"] = (
                f"Question {rows[question_id].question.code}: select red, amber or green"
            )
    if problems:
        raise ValidationError(problems)
    changed = []
    for question_id, fields in answers.items():
        row = rows[question_id]
        before = audit.snapshot(row)
        for field in ANSWER_FIELDS:
            if field in fields:
                value = fields[field]
                setattr(row, field, value.strip() if isinstance(value, str) else value)
        if audit.diff(before, audit.snapshot(row)):
            changed.append((row, before))
    save_versioned(assessment, version)  # refuses a stale save before any answer is written
    for row, before in changed:
        row.save()
        audit.record_update(actor, row, before, partnership=assessment.partnership)
    search_index.index_record(assessment)
    return assessment


def missing_ratings(assessment: SelfAssessment) -> list[SelfAssessmentAnswer]:
    return [a for a in selectors.answers_of(assessment) if not a.rating]


@transaction.atomic
def complete(actor, assessment: SelfAssessment) -> SelfAssessment:
    """Draft -> completed. Refused, listing every question without a rating, until all have one."""
    _require(actor, Permission.CHANGE_SELF_ASSESSMENT, assessment)
    missing = missing_ratings(assessment)
    if missing:
        raise ValidationError(
            {
                f"q{a.question_id}-rating": f"Question {a.question.code} ({a.question.issue.title}"
                "): select red, amber or green before completing the self-assessment"
                for a in missing
            }
        )
    before = audit.snapshot(assessment)
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.completed_by = actor if getattr(actor, "is_authenticated", False) else None
    save_versioned(assessment, assessment.version)
    audit.record_update(actor, assessment, before)
    search_index.index_record(assessment)
    return assessment


@transaction.atomic
def reopen(actor, assessment: SelfAssessment, reason: str) -> SelfAssessment:
    """Completed -> draft, by the business unit, saying why; completing it again works as the
    first time. Raised actions stay in the plan."""
    _require(actor, Permission.REOPEN_SELF_ASSESSMENT, assessment)
    reason = (reason or "").strip()
    if assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError(
            {NON_FIELD_ERRORS: "Only a completed self-assessment can be reopened"}
        )
    if not reason:
        raise ValidationError({"reason": "Enter why the self-assessment is being reopened"})
    before = audit.snapshot(assessment)
    assessment.status = AssessmentStatus.DRAFT
    assessment.reopened_at = timezone.now()
    assessment.reopened_by = actor if getattr(actor, "is_authenticated", False) else None
    assessment.reopen_reason = reason
    save_versioned(assessment, assessment.version)
    audit.record_update(actor, assessment, before)
    search_index.index_record(assessment)
    return assessment


def action_origin(answer: SelfAssessmentAnswer) -> str:
    """How the plan names a raised improvement action: the assessment and the question."""
    assessment, question = answer.assessment, answer.question
    who = assessment.agency.name + (f", {assessment.team}" if assessment.team else "")
    text = f"Self-assessment {assessment.period} ({who}), question {question.code}: {question.text}"
    return text if len(text) <= 200 else text[:199] + "…"


@transaction.atomic
def raise_action(actor, answer: SelfAssessmentAnswer, *, lead_role: str, due_on):
    """A completed assessment's improvement action for one question raised into the
    partnership's action plan, owned by the assessment's agency; once only."""
    assessment = answer.assessment
    _require(actor, Permission.RAISE_SELF_ASSESSMENT_ACTION, assessment)
    answer = SelfAssessmentAnswer.objects.select_related(
        "assessment__agency", "question__issue"
    ).get(pk=answer.pk)
    if assessment.status != AssessmentStatus.COMPLETED:
        raise ValidationError("Only a completed self-assessment's actions join the plan")
    if not answer.action.strip():
        raise ValidationError("This question has no improvement action to raise")
    return raise_into_plan(
        actor,
        answer,
        partnership=assessment.partnership,
        agency=assessment.agency,
        description=answer.action,
        origin=action_origin(answer),
        lead_role=lead_role,
        due_on=due_on,
        already="This improvement action is already in the action plan",
        redact=None,
    )


# -- versions of a set ---------------------------------------------------------------------------


def _next_number(numbers) -> int:
    return max(numbers, default=0) + 1


def _copy_version(actor, current: IssueSet, issues, note: str) -> IssueSet:
    """Store `issues` [(number, title, summary, taxonomy_ids, [(question number, text)])] as the
    version after `current`."""
    new = IssueSet.objects.create(
        partnership=current.partnership,
        name=current.name,
        source=current.source,
        is_default=current.is_default,
        version=current.version + 1,
        replaces=current,
        change_note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor, new, partnership=current.partnership)
    for number, title, summary, taxonomy_ids, questions in issues:
        issue = PracticeIssue.objects.create(
            issue_set=new,
            number=number,
            title=title,
            summary=summary,
            taxonomy_ids=list(taxonomy_ids),
        )
        rows = [IssueQuestion.objects.create(issue=issue, number=n, text=t) for n, t in questions]
        audit.record_created_many(actor, [issue, *rows], partnership=current.partnership)
    return new


def _locked_current(actor, issue_set: IssueSet) -> IssueSet:
    _require(actor, Permission.MANAGE_ISSUE_SETS)
    locked = IssueSet.objects.select_for_update().get(pk=issue_set.pk)
    if not locked.is_current:
        newest = selectors.current_of(locked)
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"This set has changed since you opened it: it is now at "
                f"version {newest.version}. Open the newest version and make your change there"
            }
        )
    return locked


def _as_rows(issue_set: IssueSet):
    return [
        [
            i.number,
            i.title,
            i.summary,
            list(i.taxonomy_ids),
            [(q.number, q.text) for q in i.questions.all()],
        ]
        for i in selectors.issues_of(issue_set)
    ]


@transaction.atomic
def change_issue(
    actor,
    issue_set: IssueSet,
    number: int,
    *,
    title: str,
    summary: str,
    questions: Mapping[int, str],
    retire: set[int] | frozenset[int] = frozenset(),
    new_questions: str = "",
    retire_issue: bool = False,
) -> IssueSet:
    """Reword an issue and its questions (`questions`: {question number: text}), retire some
    (`retire`), add new ones (a line each), or retire the whole issue: stored as the set's next
    version; assessments already started keep the version they were answered against."""
    current = _locked_current(actor, issue_set)
    rows = _as_rows(current)
    row = next((r for r in rows if r[0] == number), None)
    if row is None:
        raise ValidationError(
            {NON_FIELD_ERRORS: f"Issue {number} is not in this version of the set"}
        )
    if retire_issue:
        if len(rows) == 1:
            raise ValidationError({"retire_issue": "A set keeps at least one issue"})
        kept = [r for r in rows if r[0] != number]
        return _copy_version(actor, current, kept, f"Issue {number} retired")
    problems: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        problems["title"] = f"Enter the title of issue {number}"
    changes: list[str] = []
    if title and title != row[1]:
        changes.append(f"issue {number} reworded")
    summary = (summary or "").strip()
    if summary != row[2]:
        changes.append(f"issue {number}'s summary changed")
    kept_questions = []
    for q_number, text in row[4]:
        code = f"{number}.{q_number}"
        if q_number in retire:
            changes.append(f"question {code} retired")
            continue
        new_text = (questions.get(q_number, text) or "").strip()
        if not new_text:
            problems[f"question_{q_number}"] = (
                f"Enter question {code}, or tick the box to retire it"
            )
            continue
        if new_text != text:
            changes.append(f"question {code} reworded")
        kept_questions.append((q_number, new_text))
    added = [line.lstrip("-*• ").strip() for line in (new_questions or "").splitlines()]
    next_number = _next_number(selectors.question_numbers_ever(current, number))
    for text in (t for t in added if t):
        kept_questions.append((next_number, text))
        changes.append(f"question {number}.{next_number} added")
        next_number += 1
    if not problems and not kept_questions:
        problems["new_questions"] = (
            f"Issue {number} needs at least one question: add one, or retire the issue"
        )
    if problems:
        raise ValidationError(problems)
    if not changes:
        raise ValidationError(
            {NON_FIELD_ERRORS: "Nothing has changed: change a question or the issue, then save"}
        )
    row[1], row[2], row[4] = title[:300], summary, kept_questions
    note = "; ".join(changes)
    return _copy_version(actor, current, rows, note[0].upper() + note[1:])


@transaction.atomic
def add_issue(actor, issue_set: IssueSet, *, title: str, summary: str, questions: str) -> IssueSet:
    """A new issue (questions a line each) at the end of the set, as its next version."""
    current = _locked_current(actor, issue_set)
    problems: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        problems["title"] = "Enter the title of the issue"
    texts = [line.lstrip("-*• ").strip() for line in (questions or "").splitlines()]
    texts = [t for t in texts if t]
    if not texts:
        problems["questions"] = "Enter at least one question, a line each"
    if problems:
        raise ValidationError(problems)
    number = _next_number(selectors.issue_numbers_ever(current))
    rows = _as_rows(current)
    rows.append([number, title[:300], (summary or "").strip(), [], list(enumerate(texts, 1))])
    return _copy_version(actor, current, rows, f"Issue {number} added")
