"""The sub-group briefing paper: a printable page and a Word download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.core.views_helpers import attachment, page, require
from casereviews.core.word import DOCX_TYPE
from casereviews.reports import presenters, selectors, word


def briefing_paper(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_BRIEFING_PAPER)
    today = timezone.localdate()
    groups = presenters.briefing_groups(selectors.reviews_for_briefing(request.user), today)
    return page(
        request,
        "reports/briefing_paper.html",
        "Sub-group briefing paper",
        groups=groups,
        columns=presenters.BRIEFING_COLUMNS,
        today=today,
    )


def briefing_paper_docx(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_BRIEFING_PAPER)
    today = timezone.localdate()
    groups = presenters.briefing_groups(selectors.reviews_for_briefing(request.user), today)
    content = word.briefing_docx(request.user.partnership.name, groups, today)
    return attachment(content, f"briefing-paper-{today.isoformat()}.docx", DOCX_TYPE)
