"""The learning library: one search over what the user may open, and a page per theme."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from casereviews.accounts.roles import Permission
from casereviews.actions.presenters import rag_definitions
from casereviews.core.views_helpers import page, require
from casereviews.learning import selectors as learning_selectors
from casereviews.learning import services as learning_services
from casereviews.learning import themes
from casereviews.library import jobs, presenters, search, selectors
from casereviews.library.forms import SearchForm
from casereviews.library.models import Kind


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    require(request, Permission.SEARCH_LIBRARY)
    form = SearchForm(selectors.filter_options(request.user), request.GET or None)
    query, filters = form.query(), form.filters()
    found = search.search(request.user, query, filters, page=form.page_number())
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    return page(
        request,
        "library/search.html",
        f"{query} - search the library" if query else "Learning library",
        form=form,
        query=query,
        searched=bool(query),
        understood=bool(found.terms),
        found=found,
        rows=[presenters.result_row(r, query) for r in found.results],
        report_title=found.results[0].entry.title if filters.report and found.results else "",
        pagination=presenters.pages(found, kept),
        filtered=filters.any,
        themes=presenters.theme_rows(selectors.entries_in_reach(request.user)),
        may_rebuild=jobs.may_rebuild(request.user),
    )


@require_POST
def rebuild(request: HttpRequest) -> HttpResponse:
    """Start writing the partnership's index again (a job); a link never starts one."""
    if not jobs.may_rebuild(request.user):
        raise PermissionDenied
    job = jobs.start(request.user)
    messages.info(request, "The library's index is being written again in the background.")
    return redirect("jobs:status", job.pk)


@require_GET
def theme_page(request: HttpRequest, theme_id: str) -> HttpResponse:
    """Learning about one theme, as a loop: what reviews found, what they recommended and the
    actions answering it with their RAG status, then the briefings and events that taught it;
    each within the user's reach (a practitioner: published reviews, docs/adr/0045)."""
    require(request, Permission.SEARCH_LIBRARY)
    if not themes.is_theme(theme_id):
        raise Http404
    entries = selectors.whole_records(
        selectors.filtered(
            selectors.entries_in_reach(request.user), selectors.Filters(theme=theme_id)
        )
    ).order_by("-dated", "title")

    def rows(*kinds: str) -> list[dict]:
        return [presenters.entry_row(e) for e in entries.filter(kind__in=kinds)[:50]]

    recommendations = list(entries.filter(kind=Kind.RECOMMENDATION)[:50])

    name = themes.theme_name(theme_id)
    return page(
        request,
        "library/theme.html",
        f"Learning about {name}",
        name=name,
        theme_id=theme_id,
        findings=rows(Kind.FINDING, Kind.REPORT),
        recommendations=presenters.recommendation_rows(
            request.user,
            recommendations,
            timezone.localdate(),
            request.user.has_perm(Permission.VIEW_ACTION_PLAN),
        ),
        briefings=rows(Kind.BRIEFING),
        events=rows(Kind.EVENT),
        rag_definitions=rag_definitions(),
    )


@require_GET
def report_text(request: HttpRequest, report_id: int) -> HttpResponse:
    """One page (or passage) of a report's text, `?part=N`: where a search result points. The
    report's own rule: who may open the report may read its text."""
    the_report = learning_selectors.get_report(request.user, report_id)
    require(request, Permission.VIEW_FINDINGS, the_report.review)
    numbers = selectors.report_part_numbers(the_report)
    try:
        part = int(request.GET.get("part") or (numbers[0] if numbers else 1))
    except ValueError:
        part = 0
    entry = selectors.report_part(the_report, part)
    if entry is None:
        raise Http404
    # A restricted review's report is its members' alone, and each view of it is recorded.
    learning_services.record_view(request.user, the_report, entry.part_label.lower())
    at = numbers.index(part)
    here = reverse("library:report_text", args=[the_report.pk])
    return page(
        request,
        "library/report_text.html",
        f"{entry.part_label} of {entry.title}",
        report=the_report,
        entry=entry,
        paragraphs=[p for p in entry.body.split("\n\n") if p.strip()],
        count=len(numbers),
        previous=f"{here}?part={numbers[at - 1]}" if at > 0 else "",
        next=f"{here}?part={numbers[at + 1]}" if at + 1 < len(numbers) else "",
        unit="page" if entry.part_is_page else "passage",
    )
