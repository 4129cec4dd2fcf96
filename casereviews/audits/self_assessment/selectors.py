"""Reads of self-assessments and their issue sets, scoped to the user's partnership.

Who sees an assessment mirrors VIEW_SELF_ASSESSMENT: the business unit sees every agency's; an
agency lead and the practitioners of an agency see their agency's. Another partnership's is
"not found".
"""

from __future__ import annotations

from django.db.models import QuerySet

from casereviews.accounts.models import Agency
from casereviews.accounts.permissions import is_business_unit
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import get_in_reach_or_404, in_partnership

from .models import (
    AssessmentStatus,
    IssueQuestion,
    IssueSet,
    PracticeIssue,
    SelfAssessment,
    SelfAssessmentAnswer,
)


def sets(user) -> QuerySet[IssueSet]:
    """The partnership's sets, each at its newest version (what a new assessment is started on)."""
    return in_partnership(IssueSet.objects.filter(replaced_by__isnull=True), user).select_related(
        "created_by"
    )


def _series(issue_set: IssueSet) -> QuerySet[IssueSet]:
    """Every version of the set (versions share the set's name: docs/adr/0027)."""
    return IssueSet.objects.filter(partnership_id=issue_set.partnership_id, name=issue_set.name)


def versions_of(issue_set: IssueSet) -> list[IssueSet]:
    """Every version of the set, newest first."""
    return list(_series(issue_set).select_related("created_by").order_by("-version"))


def current_of(issue_set: IssueSet) -> IssueSet:
    return _series(issue_set).order_by("-version").first()


def issue_numbers_ever(issue_set: IssueSet) -> list[int]:
    """Issue numbers used by any version of the set (a retired number is not used again)."""
    return list(
        PracticeIssue.objects.filter(issue_set__in=_series(issue_set)).values_list(
            "number", flat=True
        )
    )


def question_numbers_ever(issue_set: IssueSet, issue_number: int) -> list[int]:
    return list(
        IssueQuestion.objects.filter(
            issue__issue_set__in=_series(issue_set), issue__number=issue_number
        ).values_list("number", flat=True)
    )


def get_set(user, set_id: int) -> IssueSet:
    return get_in_reach_or_404(IssueSet.objects.all(), user, pk=set_id)


def default_set_of(partnership) -> IssueSet | None:
    """The partnership's stored default set at its newest version, or None before first use."""
    return (
        IssueSet.objects.filter(partnership=partnership, is_default=True)
        .order_by("-version")
        .first()
    )


def set_named(partnership, name: str) -> IssueSet | None:
    return IssueSet.objects.filter(partnership=partnership, name__iexact=name.strip()).first()


def issues_of(issue_set: IssueSet) -> list[PracticeIssue]:
    return list(issue_set.issues.prefetch_related("questions").order_by("number"))


def questions_of(issue_set: IssueSet) -> list[IssueQuestion]:
    return list(
        IssueQuestion.objects.filter(issue__issue_set=issue_set)
        .select_related("issue")
        .order_by("issue__number", "number")
    )


def _visible(user) -> QuerySet[SelfAssessment]:
    queryset = in_partnership(SelfAssessment.objects.all(), user)
    if is_business_unit(user):
        return queryset
    return queryset.filter(agency_id=user.agency_id) if user.agency_id else queryset.none()


def visible_assessments(user) -> QuerySet[SelfAssessment]:
    return _visible(user).select_related("agency", "issue_set", "started_by")


def get_assessment(user, assessment_id: int) -> SelfAssessment:
    """One assessment of the user's partnership, or 404 (the rules then decide who sees it)."""
    return get_in_reach_or_404(
        SelfAssessment.objects.select_related(
            "agency", "issue_set", "started_by", "completed_by", "partnership"
        ),
        user,
        pk=assessment_id,
    )


def existing(issue_set: IssueSet, agency, team: str, period: str) -> SelfAssessment | None:
    """The agency's (and team's) assessment for the period against any version of the set."""
    return SelfAssessment.objects.filter(
        issue_set__in=_series(issue_set), agency=agency, team__iexact=team, period=period
    ).first()


def answers_of(assessment: SelfAssessment) -> list[SelfAssessmentAnswer]:
    return list(
        assessment.answers.select_related("question__issue", "raised_action").order_by(
            "question__issue__number", "question__number"
        )
    )


def previous_of(assessment: SelfAssessment) -> SelfAssessment | None:
    """The last completed assessment of the same agency and team against the same set (any of
    its versions: questions are compared by number), for an earlier period ("2015-16" before
    "2016-17": the periods sort as text)."""
    return (
        SelfAssessment.objects.filter(
            issue_set__in=_series(assessment.issue_set),
            agency_id=assessment.agency_id,
            team__iexact=assessment.team,
            status=AssessmentStatus.COMPLETED,
            period__lt=assessment.period,
        )
        .order_by("-period")
        .first()
    )


def agencies_of(user) -> QuerySet[Agency]:
    return in_partnership(Agency.objects.filter(active=True), user)


def latest_completed(user, issue_set: IssueSet) -> list[SelfAssessment]:
    """For the partnership picture: each agency's latest completed assessment of the set (a
    whole-agency one before a team's of the same period)."""
    latest: dict[int, SelfAssessment] = {}
    rows = (
        _visible(user)
        .filter(issue_set__in=_series(issue_set), status=AssessmentStatus.COMPLETED)
        .select_related("agency")
        .order_by("agency__name", "-period", "team")
    )
    for row in rows:
        latest.setdefault(row.agency_id, row)
    return list(latest.values())


def series_issues(issue_set: IssueSet) -> list[PracticeIssue]:
    """One issue per number across every version of the set, each as its newest version words
    it (for the picture: agencies may have answered different versions)."""
    newest: dict[int, PracticeIssue] = {}
    for issue in PracticeIssue.objects.filter(issue_set__in=_series(issue_set)).order_by(
        "number", "-issue_set__version"
    ):
        newest.setdefault(issue.number, issue)
    return list(newest.values())


def get_answer(user, answer_id: int) -> SelfAssessmentAnswer:
    return get_in_reach_or_404(
        SelfAssessmentAnswer.objects.select_related(
            "assessment__agency", "assessment__partnership", "question__issue", "raised_action"
        ),
        user,
        pk=answer_id,
    )


def get_issue(user, issue_id: int) -> PracticeIssue:
    return get_in_reach_or_404(
        PracticeIssue.objects.select_related("issue_set").prefetch_related("questions"),
        user,
        pk=issue_id,
    )


def answers_for(assessments: list[SelfAssessment]) -> list[SelfAssessmentAnswer]:
    return list(
        SelfAssessmentAnswer.objects.filter(assessment__in=assessments).select_related(
            "question__issue"
        )
    )


def last_change(assessment: SelfAssessment) -> AuditLog | None:
    return audit.last_change(assessment)
