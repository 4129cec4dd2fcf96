"""Writes to self-assessments and issue sets: each in one transaction, each audited.

- The default set (seed 003's 14 issues) is stored for a partnership the first time anyone
  starts a self-assessment or lists the sets to add one; a set's issues and questions do not
  change once stored, so an assessment keeps what it was answered against (docs/adr/0023).
- An agency lead starts and answers their own agency's assessment; the business unit any
  agency's. One assessment per set, agency, team and period.
- A draft is saved part-way any number of times; completing needs a rating on every question and
  otherwise lists each question without one, after the entries are saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.accounts.roles import Permission, Role
from casereviews.core import audit
from casereviews.core.audit import SystemActor
from casereviews.core.concurrency import save_versioned

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
    return assessment
