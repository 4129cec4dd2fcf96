"""Reads of case audits and their framework, always scoped to the user's partnership.

Who sees an audit mirrors VIEW_CASE_AUDIT (accounts.permissions): its author, the supervisor it
names, and the business unit. Other practitioners and agency leads, even of the same agency, do
not see individual audits (docs/adr/0022); another partnership's audit is "not found".
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from casereviews.accounts.models import Agency, User
from casereviews.accounts.permissions import is_business_unit
from casereviews.accounts.roles import Role
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import get_in_reach_or_404, in_partnership

from .models import AuditAnswer, AuditFramework, AuditStatus, AuditTheme, CaseAudit


def current_framework(user) -> AuditFramework | None:
    """The latest version of the user's partnership's framework (None before first use)."""
    return in_partnership(AuditFramework.objects.all(), user).order_by("-version").first()


def current_framework_of(partnership) -> AuditFramework | None:
    """The same for a partnership the caller already holds (services, the demo)."""
    return AuditFramework.objects.filter(partnership=partnership).order_by("-version").first()


def framework_versions(user) -> QuerySet[AuditFramework]:
    return in_partnership(AuditFramework.objects.all(), user).select_related("created_by")


def themes_of(framework: AuditFramework) -> list[AuditTheme]:
    return list(framework.themes.order_by("number"))


def get_theme(framework: AuditFramework, number: int) -> AuditTheme | None:
    return framework.themes.filter(number=number).first()


def _visible(user) -> QuerySet[CaseAudit]:
    queryset = in_partnership(CaseAudit.objects.all(), user)
    if is_business_unit(user):
        return queryset
    return queryset.filter(Q(author=user) | Q(supervisor=user))


def visible_audits(user) -> QuerySet[CaseAudit]:
    return _visible(user).select_related("author", "supervisor", "agency", "framework")


def own_audits(user) -> QuerySet[CaseAudit]:
    """The audits the user wrote, newest first."""
    return visible_audits(user).filter(author=user)


def awaiting_sign_off(user) -> QuerySet[CaseAudit]:
    """Completed audits that name the user as supervisor."""
    return visible_audits(user).filter(supervisor=user, status=AuditStatus.COMPLETED)


def get_audit(user, audit_id: int) -> CaseAudit:
    """One audit of the user's partnership, or 404 (the rules then decide who may see it)."""
    return get_in_reach_or_404(
        CaseAudit.objects.select_related(
            "author", "supervisor", "agency", "framework", "signed_off_by", "partnership"
        ),
        user,
        pk=audit_id,
    )


def answers_of(audit: CaseAudit) -> list[AuditAnswer]:
    return list(audit.answers.select_related("theme", "raised_action").order_by("theme__number"))


def agencies_of(user) -> QuerySet[Agency]:
    return in_partnership(Agency.objects.filter(active=True), user)


def supervisor_choices(user, agency_id: int | None) -> QuerySet[User]:
    """Who may be named to supervise an audit: active colleagues of the audit's agency (a
    practitioner or an agency lead), never the author. The business unit signs off any."""
    people = User.objects.filter(is_active=True, is_service_account=False)
    queryset = in_partnership(people, user).exclude(pk=user.pk)
    return queryset.filter(
        agency_id=agency_id, role__in=[Role.PRACTITIONER, Role.SUBGROUP_MEMBER]
    ).order_by("last_name", "first_name")


def last_change(audit_obj: CaseAudit) -> AuditLog | None:
    return audit.last_change(audit_obj)


def summary_answers(
    user,
    *,
    agency_id: int | None = None,
    team: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[AuditAnswer]:
    """The answers of the finished audits (completed or signed off) a user's summary covers:
    the business unit all of the partnership's, an agency lead their agency's, a practitioner
    those they wrote or supervise. Only counts leave the page, never a case (docs/adr/0022)."""
    audits = in_partnership(CaseAudit.objects.all(), user).filter(
        status__in=[AuditStatus.COMPLETED, AuditStatus.SIGNED_OFF]
    )
    role = getattr(user, "role", None)
    if role == Role.SUBGROUP_MEMBER:
        audits = audits.filter(agency_id=user.agency_id)
    elif role != Role.BUSINESS_UNIT:
        audits = audits.filter(Q(author=user) | Q(supervisor=user))
    if agency_id:
        audits = audits.filter(agency_id=agency_id)
    if team:
        audits = audits.filter(team__iexact=team.strip())
    if start:
        audits = audits.filter(audit_date__gte=start)
    if end:
        audits = audits.filter(audit_date__lte=end)
    return AuditAnswer.objects.filter(audit__in=audits).select_related("theme", "audit__agency")


def audits_for_export(partnership) -> QuerySet[CaseAudit]:
    """Every case audit of a partnership, for the command line (no user: the whole partnership,
    as the other exports do), with the answers in theme order."""
    return (
        CaseAudit.objects.filter(partnership=partnership)
        .select_related("author", "supervisor", "signed_off_by", "agency", "framework")
        .prefetch_related(
            Prefetch(
                "answers", AuditAnswer.objects.select_related("theme").order_by("theme__number")
            )
        )
        .order_by("audit_date", "id")
    )
