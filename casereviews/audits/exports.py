"""`casereviews export audits --partnership SLUG --format json|csv`: a partnership's case audits
for a case recording system or a return.

What leaves: the case as the audit names it (the case recording system's reference and the
child's pseudonym or initials), purpose, agency, team, date, status, who wrote, supervised and
signed it off (users of the service, the only people named), and for each theme the judgement,
the next action with its owner and due date, and the training need. What practitioners wrote
about the case itself ("what we see") stays in the service: it is the text most likely to hold
a family member's details, and the audit's own download carries it for the case record.

JSON holds one object an audit with its themes inside; CSV one row an audit's theme (the audit's
fields repeated), every cell neutralised against formulas. One audit entry says what left.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.db import transaction

from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.spreadsheets import safe_cell

from . import selectors
from .models import CaseAudit, Judgement

AUDIT_COLUMNS = [
    "case_reference",
    "child",
    "purpose",
    "agency",
    "team",
    "audit_date",
    "status",
    "author",
    "supervisor",
    "signed_off_by",
    "signed_off_at",
    "framework_version",
]
THEME_COLUMNS = [
    "theme_number",
    "theme",
    "judgement",
    "judgement_label",
    "next_action",
    "action_owner",
    "action_due",
    "training_need",
]
COLUMNS = AUDIT_COLUMNS + THEME_COLUMNS


def _name(user) -> str:
    return user.get_full_name() or user.get_username() if user else ""


def _record(case_audit: CaseAudit) -> dict[str, Any]:
    return {
        "case_reference": case_audit.case_reference,
        "child": case_audit.child,
        "purpose": case_audit.get_purpose_display(),
        "agency": case_audit.agency.name,
        "team": case_audit.team,
        "audit_date": case_audit.audit_date.isoformat(),
        "status": case_audit.status,
        "author": _name(case_audit.author),
        "supervisor": _name(case_audit.supervisor),
        "signed_off_by": _name(case_audit.signed_off_by),
        "signed_off_at": case_audit.signed_off_at.isoformat() if case_audit.signed_off_at else None,
        "framework_version": case_audit.framework.version,
        "themes": [
            {
                "theme_number": answer.theme.number,
                "theme": answer.theme.title,
                "judgement": answer.judgement,
                "judgement_label": Judgement(answer.judgement).label if answer.judgement else "",
                "next_action": answer.next_action,
                "action_owner": answer.action_owner,
                "action_due": answer.action_due.isoformat() if answer.action_due else None,
                "training_need": answer.training_need,
            }
            for answer in case_audit.answers.all()
        ],
    }


def records(partnership) -> list[dict[str, Any]]:
    return [_record(a) for a in selectors.audits_for_export(partnership)]


def _csv(data: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in data:
        head = [safe_cell(record[c]) for c in AUDIT_COLUMNS]
        for theme in record["themes"]:
            writer.writerow(head + [safe_cell(theme[c]) for c in THEME_COLUMNS])
    return buffer.getvalue()


@transaction.atomic
def export(fmt: str, partnership, actor) -> str:
    data = records(partnership)
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        text = _csv(data)
    else:
        raise ValueError(f"Unknown format: {fmt}")
    audit.record(
        actor,
        AuditAction.EXPORT,
        None,
        partnership=partnership,
        object_repr=f"Export of case audits ({fmt.upper()}, {len(data)} audits)",
        changes={"export": "audits", "format": fmt, "records": len(data)},
    )
    return text
