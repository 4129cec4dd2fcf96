"""What a joint audit's downloads show, from one content model (JointDocument), so the PDF and
the Word file say the same thing in the same order as the page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casereviews.core.presenters import format_date

from ..models import CaseAudit
from .models import JointAudit
from .selectors import ThemeRow


@dataclass
class AgencyPart:
    agency: str
    judgement: str
    next_action: str


@dataclass
class JointTheme:
    number: int
    title: str
    problem: str
    judgement_label: str
    agreements: str
    disagreements: str
    agreed_actions: str
    agencies: list[AgencyPart] = field(default_factory=list)

    def discussion_rows(self) -> list[tuple[str, str]]:
        return [
            ("Shared judgement", self.judgement_label),
            ("What the agencies agreed", self.agreements or "Nothing recorded"),
            ("Where they disagreed", self.disagreements or "Nothing recorded"),
            ("Agreed actions", self.agreed_actions or "None recorded"),
        ]


@dataclass
class JointDocument:
    title: str
    partnership: str
    case_reference: str
    child: str
    meeting_date: dt.date
    convened_by: str
    status_label: str
    framework: str
    framework_version: int
    agencies: list[str]
    themes: list[JointTheme] = field(default_factory=list)

    @property
    def lede(self) -> str:
        return (
            f"{self.partnership}: multi-agency case audit against the themes of "
            f"{self.framework} (version {self.framework_version})."
        )

    def summary_rows(self) -> list[tuple[str, str]]:
        return [
            ("Case reference", self.case_reference),
            ("Child (pseudonym or initials)", self.child),
            ("Date of the joint discussion", format_date(self.meeting_date)),
            ("Convened by", self.convened_by),
            ("Agencies taking part", "\n".join(self.agencies) or "None"),
            ("Status", self.status_label),
        ]


def _agency_line(audit: CaseAudit) -> str:
    team = f", {audit.team}" if audit.team else ""
    return (
        f"{audit.agency.name}{team}: audited by {audit.author} on "
        f"{format_date(audit.audit_date)} ({audit.get_status_display().lower()})"
    )


def document_of(joint: JointAudit, rows: list[ThemeRow], audits: list[CaseAudit]) -> JointDocument:
    return JointDocument(
        title=f"Multi-agency case audit: {joint.case_reference}",
        partnership=str(joint.partnership),
        case_reference=joint.case_reference,
        child=joint.child,
        meeting_date=joint.meeting_date,
        convened_by=str(joint.convened_by),
        status_label=joint.get_status_display(),
        framework=joint.framework.name,
        framework_version=joint.framework.version,
        agencies=[_agency_line(a) for a in audits],
        themes=[
            JointTheme(
                number=row.theme.number,
                title=row.theme.title,
                problem=row.theme.problem,
                judgement_label=row.judgement or "No shared judgement",
                agreements=row.discussion.agreements,
                disagreements=row.discussion.disagreements,
                agreed_actions=row.discussion.agreed_actions,
                agencies=[AgencyPart(a.agency, a.judgement, a.next_action) for a in row.agencies],
            )
            for row in rows
        ],
    )
