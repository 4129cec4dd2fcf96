"""What case audits add up to: counts by theme and agency, never an individual case."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from casereviews.accounts.roles import Permission, Role
from casereviews.core.forms import error_summary
from casereviews.core.views_helpers import page, require

from . import selectors
from .forms import SummaryFilterForm
from .summary import summarise

SCOPE = {
    Role.BUSINESS_UNIT: "Every completed case audit in the partnership.",
    Role.SUBGROUP_MEMBER: "The completed case audits of your agency.",
    Role.PRACTITIONER: "The completed case audits you wrote or supervise.",
}


def summary(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_CASE_AUDIT_SUMMARY)
    user = request.user
    form = SummaryFilterForm(user, request.GET or None)
    answers = selectors.summary_answers(user, **form.filters())
    result = summarise(answers, timezone.localdate())
    return page(
        request,
        "audits/summary.html",
        "What case audits add up to",
        form=form,
        summary=result,
        chart=result.chart(),
        scope=SCOPE.get(user.role, ""),
        errors=error_summary(form) if form.is_bound else [],
    )
