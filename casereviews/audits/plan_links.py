"""Links from the action plan back to the case audit or self-assessment an action was raised
from (actions.origins), each shown only to a user who may open that page (docs/adr/0027)."""

from __future__ import annotations

from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.core.scoping import in_partnership

from .models import AuditAnswer
from .self_assessment.models import SelfAssessmentAnswer


def case_audit_links(actions, user) -> dict[int, str]:
    answers = in_partnership(
        AuditAnswer.objects.filter(raised_action_id__in=[a.pk for a in actions]), user
    ).select_related("audit", "theme")
    return {
        a.raised_action_id: reverse("audits:detail", args=[a.audit_id]) + f"#theme-{a.theme.number}"
        for a in answers
        if user.has_perm(Permission.VIEW_CASE_AUDIT, a.audit)
    }


def self_assessment_links(actions, user) -> dict[int, str]:
    answers = in_partnership(
        SelfAssessmentAnswer.objects.filter(raised_action_id__in=[a.pk for a in actions]), user
    ).select_related("assessment", "question")
    return {
        a.raised_action_id: reverse("audits:self_assessment:detail", args=[a.assessment_id])
        + f"#question-{a.question_id}"
        for a in answers
        if user.has_perm(Permission.VIEW_SELF_ASSESSMENT, a.assessment)
    }
