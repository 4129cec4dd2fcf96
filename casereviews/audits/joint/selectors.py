"""Reads of multi-agency (joint) audits, scoped to the user's partnership (docs/adr/0026).

Who sees a joint audit mirrors VIEW_JOINT_AUDIT: the business unit, and the authors and
supervisors of the agency audits linked to it. Side by side, each agency's judgement and next
action per theme is shown to them; what a practitioner wrote about the case is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from casereviews.accounts.models import Agency
from casereviews.accounts.permissions import is_business_unit
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import get_in_reach_or_404, in_partnership

from ..models import AuditAnswer, AuditStatus, AuditTheme, CaseAudit, Judgement
from .models import JointAudit, JointAuditLink, JointDiscussion, JointStatus

FINISHED = frozenset({AuditStatus.COMPLETED, AuditStatus.SIGNED_OFF})


def visible_joints(user) -> QuerySet[JointAudit]:
    queryset = in_partnership(JointAudit.objects.all(), user).select_related("convened_by")
    if is_business_unit(user):
        return queryset
    return queryset.filter(
        Q(links__audit__author=user) | Q(links__audit__supervisor=user)
    ).distinct()


def get_joint(user, joint_id: int) -> JointAudit:
    """One joint audit of the user's partnership, or 404 (the rules decide who may see it)."""
    return get_in_reach_or_404(
        JointAudit.objects.select_related("framework", "convened_by", "partnership"),
        user,
        pk=joint_id,
    )


def linked_audits(joint: JointAudit) -> list[CaseAudit]:
    return [
        link.audit
        for link in JointAuditLink.objects.filter(joint=joint).select_related(
            "audit__agency", "audit__author"
        )
    ]


def linkable_audits(user, joint: JointAudit) -> QuerySet[CaseAudit]:
    """Agency audits of the same case not yet in a joint audit: the business unit's choice of
    all of them, anyone else's of the audits they wrote."""
    queryset = in_partnership(CaseAudit.objects.all(), user).filter(
        case_reference__iexact=joint.case_reference, joint_link__isnull=True
    )
    if not is_business_unit(user):
        queryset = queryset.filter(author=user)
    return queryset.select_related("agency", "author")


def agencies_of(joint: JointAudit) -> QuerySet[Agency]:
    """The agencies whose audits take part."""
    return Agency.objects.filter(
        pk__in=JointAuditLink.objects.filter(joint=joint).values("audit__agency")
    ).order_by("name")


def sees_every_agency(user, joint: JointAudit, audits: list[CaseAudit]) -> bool:
    """Each agency judges the case on its own before the discussion (docs/adr/0028): the
    business unit sees every agency's judgements; a participant sees the other agencies' once
    each audit of theirs in the joint audit is finished, or once the joint audit is agreed."""
    if user is None or is_business_unit(user) or joint.status == JointStatus.AGREED:
        return True
    own = [a for a in audits if user.pk in (a.author_id, a.supervisor_id)]
    return bool(own) and all(a.status in FINISHED for a in own)


def last_change(joint: JointAudit) -> AuditLog | None:
    """Who last saved the joint audit or its discussion, and when (for a refused stale save)."""
    return audit.last_change(joint, joint.discussions.all())


def discussions_of(joint: JointAudit) -> list[JointDiscussion]:
    return list(
        joint.discussions.select_related("theme", "raised_action").order_by("theme__number")
    )


@dataclass(frozen=True)
class AgencyView:
    agency: str
    audit_id: int
    judgement: str
    next_action: str


@dataclass(frozen=True)
class ThemeRow:
    theme: AuditTheme
    discussion: JointDiscussion
    agencies: list[AgencyView]
    judgement: str


def side_by_side(joint: JointAudit, user=None) -> list[ThemeRow]:
    """Per theme of the joint audit's framework: each linked agency's judgement and next action
    (matched by theme number, so an audit of an older version still lines up) and the shared
    judgement. The free text of each audit stays in the audit. For `user`, only the agencies
    `sees_every_agency` allows (their own until then)."""
    audits = linked_audits(joint)
    if not sees_every_agency(user, joint, audits):
        audits = [a for a in audits if user.pk in (a.author_id, a.supervisor_id)]
    answers: dict[tuple[int, int], AuditAnswer] = {
        (a.audit_id, a.theme.number): a
        for a in AuditAnswer.objects.filter(audit__in=audits).select_related("theme")
    }
    labels = dict(Judgement.choices)
    rows = []
    for discussion in discussions_of(joint):
        number = discussion.theme.number
        views = []
        for audit_obj in audits:
            answer = answers.get((audit_obj.pk, number))
            views.append(
                AgencyView(
                    agency=audit_obj.agency.name,
                    audit_id=audit_obj.pk,
                    judgement=labels.get(answer.judgement, "Not judged")
                    if answer and answer.judgement
                    else "Not judged",
                    next_action=answer.next_action if answer else "",
                )
            )
        rows.append(
            ThemeRow(
                theme=discussion.theme,
                discussion=discussion,
                agencies=views,
                judgement=labels.get(discussion.judgement, ""),
            )
        )
    return rows
