"""A partnership's self-assessments as records for export: one per question answered, with last
time's rating and the change, so a spreadsheet can be filtered by issue, agency and year."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from casereviews.core import audit
from casereviews.core.models import AuditAction

from . import presenters, selectors
from .models import SelfAssessment

COLUMNS = [
    "set", "set_version", "agency", "team", "period", "status", "completed_at", "issue_number",
    "issue", "taxonomy_ids", "question", "question_text", "rating", "previous_period",
    "previous_rating", "change", "evidence", "action", "action_owner", "action_due",
]  # fmt: skip


def records(partnership) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    assessments = SelfAssessment.objects.filter(partnership=partnership).select_related(
        "issue_set", "agency"
    )
    for assessment in assessments.order_by("issue_set__name", "agency__name", "team", "period"):
        previous = selectors.previous_of(assessment)
        before = (
            {a.question.code: a.rating for a in selectors.answers_of(previous)} if previous else {}
        )
        for answer in selectors.answers_of(assessment):
            question = answer.question
            last = before.get(question.code, "")
            rows.append(
                {
                    "set": assessment.issue_set.name,
                    "set_version": assessment.issue_set.version,
                    "agency": assessment.agency.name,
                    "team": assessment.team,
                    "period": assessment.period,
                    "status": assessment.status,
                    "completed_at": assessment.completed_at.isoformat()
                    if assessment.completed_at
                    else "",
                    "issue_number": question.issue.number,
                    "issue": question.issue.title,
                    "taxonomy_ids": " ".join(question.issue.taxonomy_ids),
                    "question": question.code,
                    "question_text": question.text,
                    "rating": answer.rating,
                    "previous_period": previous.period if previous else "",
                    "previous_rating": last,
                    "change": presenters.change(last, answer.rating),
                    "evidence": answer.evidence,
                    "action": answer.action,
                    "action_owner": answer.action_owner,
                    "action_due": answer.action_due.isoformat() if answer.action_due else "",
                }
            )
    return rows


@transaction.atomic
def export_records(partnership, fmt: str, actor) -> list[dict[str, Any]]:
    """The records, with one audit entry saying who exported how many, in which format."""
    data = records(partnership)
    audit.record(
        actor,
        AuditAction.EXPORT,
        None,
        partnership=partnership,
        object_repr=f"Export of self-assessments ({fmt.upper()}, {len(data)} answers)",
        changes={"export": "self-assessments", "format": fmt, "records": len(data)},
    )
    return data
