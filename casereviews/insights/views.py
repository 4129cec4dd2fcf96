"""Analysis across reviews (F14): the figures page, its CSV downloads, and one theme's loop."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.actions.presenters import rag_tag
from casereviews.core.reporting_year import parse_or_none
from casereviews.core.views_helpers import attachment, page, require
from casereviews.insights import presenters
from casereviews.learning.themes import is_theme, theme_names


def overview(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_INSIGHTS)
    year = parse_or_none(request.GET.get("year"))
    result = presenters.analysis(request.user, year)
    return page(
        request,
        "insights/overview.html",
        "Themes across reviews",
        analysis=result,
        years=presenters.year_choices(request.user),
        year_label=year.label if year else "",
        theme_urls={tid: reverse("insights:theme", args=[tid]) for tid in theme_names()},
    )


def table_csv(request: HttpRequest, table: str) -> HttpResponse:
    require(request, Permission.VIEW_INSIGHTS)
    year = parse_or_none(request.GET.get("year"))
    tables = presenters.analysis(request.user, year).tables
    if table not in tables:
        raise Http404
    suffix = f"-{year.label}" if year else ""
    return attachment(tables[table].csv(), f"themes-{table}{suffix}.csv", "text/csv; charset=utf-8")


def theme(request: HttpRequest, theme_id: str) -> HttpResponse:
    require(request, Permission.VIEW_INSIGHTS)
    if not is_theme(theme_id):
        raise Http404
    result = presenters.loop(request.user, theme_id)
    return page(
        request,
        "insights/theme.html",
        f"Learning loop: {result.name}",
        theme_loop=result,
        rag_tag=rag_tag,
    )
