"""What the case audit pages and documents show, from one content model (AuditDocument), so the
page, the PDF, the Word file and the JSON always say the same thing in the same order."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.urls import reverse

from casereviews.core.presenters import format_date, format_datetime

from .models import AuditAnswer, AuditStatus, CaseAudit

STATUS_COLOURS = {
    AuditStatus.DRAFT: "grey",
    AuditStatus.COMPLETED: "blue",
    AuditStatus.SIGNED_OFF: "green",
}
JUDGEMENT_COLOURS = {
    "evident_addressed": "green",
    "evident_not_addressed": "orange",
    "not_evident": "grey",
    "not_applicable": "grey",
    "": "red",
}


def status_tag(status: str) -> dict[str, str]:
    return {
        "text": AuditStatus(status).label,
        "classes": f"govuk-tag--{STATUS_COLOURS.get(status, 'grey')}",
    }


def list_row(audit: CaseAudit, *, show_author: bool = False) -> dict[str, Any]:
    return {
        "href": reverse("audits:detail", args=[audit.pk]),
        "case_reference": audit.case_reference,
        "child": audit.child,
        "purpose": audit.get_purpose_display(),
        "audit_date": format_date(audit.audit_date),
        "author": str(audit.author) if show_author else "",
        "agency": str(audit.agency),
        "status": status_tag(audit.status),
    }


@dataclass
class ThemeEntry:
    number: int
    title: str
    problem: str
    questions: list[str]
    taxonomy_ids: list[str]
    seen: str
    judgement: str  # code, "" when not judged
    judgement_label: str
    next_action: str
    action_owner: str
    action_due: dt.date | None
    training_need: str

    @property
    def judgement_colour(self) -> str:
        return JUDGEMENT_COLOURS.get(self.judgement, "grey")


@dataclass
class AuditDocument:
    title: str
    partnership: str
    case_reference: str
    child: str
    purpose: str
    agency: str
    team: str
    audit_date: dt.date
    author: str
    supervisor: str
    status: str
    status_label: str
    completed_at: dt.datetime | None
    signed_off_by: str
    signed_off_at: dt.datetime | None
    sign_off_note: str
    framework: str
    framework_version: int
    themes: list[ThemeEntry] = field(default_factory=list)

    def summary_rows(self) -> list[tuple[str, str]]:
        """(label, value) of the case and who audited it, in the documents' order."""
        rows = [
            ("Case reference", self.case_reference),
            ("Child (pseudonym or initials)", self.child),
            ("Purpose", self.purpose),
            ("Agency", self.agency),
            ("Team", self.team or "Not recorded"),
            ("Date of the audit", format_date(self.audit_date)),
            ("Audited by", self.author),
            ("Supervisor or manager", self.supervisor or "Not named"),
            ("Status", self.status_label),
        ]
        if self.completed_at:
            rows.append(("Completed", format_datetime(self.completed_at)))
        if self.signed_off_by:
            rows.append(
                ("Signed off", f"{self.signed_off_by}, {format_datetime(self.signed_off_at)}")
            )
        if self.sign_off_note:
            rows.append(("Supervisor's comments", self.sign_off_note))
        rows.append(("Framework", f"{self.framework}, version {self.framework_version}"))
        return rows


def document_of(audit: CaseAudit, answers: list[AuditAnswer]) -> AuditDocument:
    return AuditDocument(
        title=f"Case audit: {audit.case_reference}",
        partnership=str(audit.partnership),
        case_reference=audit.case_reference,
        child=audit.child,
        purpose=audit.get_purpose_display(),
        agency=str(audit.agency),
        team=audit.team,
        audit_date=audit.audit_date,
        author=str(audit.author),
        supervisor=str(audit.supervisor) if audit.supervisor else "",
        status=audit.status,
        status_label=audit.get_status_display(),
        completed_at=audit.completed_at,
        signed_off_by=str(audit.signed_off_by) if audit.signed_off_by else "",
        signed_off_at=audit.signed_off_at,
        sign_off_note=audit.sign_off_note,
        framework=audit.framework.name,
        framework_version=audit.framework.version,
        themes=[
            ThemeEntry(
                number=a.theme.number,
                title=a.theme.title,
                problem=a.theme.problem,
                questions=a.theme.questions,
                taxonomy_ids=list(a.theme.taxonomy_ids),
                seen=a.seen,
                judgement=a.judgement,
                judgement_label=a.get_judgement_display() or "No judgement yet",
                next_action=a.next_action,
                action_owner=a.action_owner,
                action_due=a.action_due,
                training_need=a.training_need,
            )
            for a in answers
        ],
    )


def as_json(doc: AuditDocument) -> dict[str, Any]:
    """The audit for a case recording system: plain values, dates in ISO 8601."""

    def plain(value: Any) -> Any:
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        return value

    data = {k: plain(v) for k, v in asdict(doc).items() if k != "themes"}
    data["themes"] = [
        {k: plain(v) for k, v in asdict(theme).items() if k not in ("problem", "questions")}
        for theme in doc.themes
    ]
    data["format"] = "casereviews case audit, version 1"
    return data


def judged_count(doc: AuditDocument) -> tuple[int, int]:
    return sum(1 for t in doc.themes if t.judgement), len(doc.themes)
