"""The composite action plan across all reviews, the escalation view and the export."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from casereviews.accounts.roles import Permission, Role
from casereviews.actions import export_jobs, exports, origins, presenters, selectors
from casereviews.actions.forms import PlanFilterForm
from casereviews.core.paging import listing
from casereviews.core.presenters import pagination
from casereviews.core.views_helpers import page, require, streamed_attachment

PER_PAGE = 25


@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_ACTION_PLAN)
    form = PlanFilterForm(request.user, request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    actions = selectors.plan_actions(request.user, **filters)
    counts = selectors.rag_counts(actions)
    paginator = Paginator(actions, PER_PAGE)
    paginator.count = sum(counts.values())  # the RAG counts add up to it: no second count
    current = paginator.get_page(request.GET.get("page"))
    query = form.query() if form.is_bound else {}
    pages = pagination(current, query, "Action plan pages")
    export_query = urlencode(query)
    can_export = request.user.has_perm(Permission.EXPORT_ACTIONS)
    back = origins.links(current, request.user)
    return page(
        request,
        "actions/plan.html",
        "Composite action plan",
        form=form,
        rows=[presenters.action_row(a, today, back.get(a.pk, "")) for a in current],
        total=current.paginator.count,
        page_obj=current,
        pagination=pages,
        counts=presenters.counts_rows(counts),
        definitions=presenters.rag_definitions(),
        filtered=bool(query),
        can_export=can_export,
        xlsx_href=_export_href("xlsx", export_query),
        csv_href=_export_href("csv", export_query),
        can_escalate=request.user.has_perm(Permission.VIEW_ESCALATION),
        can_import=request.user.has_perm(Permission.IMPORT_ACTIONS),
        own_agency=_own_agency(request.user, filters),
    )


def _own_agency(user, filters: dict) -> dict | None:
    """An agency lead's shortcut to their own agency's actions (unless already filtered)."""
    if user.role != Role.SUBGROUP_MEMBER or not user.agency_id:
        return None
    if filters.get("agency_id") == user.agency_id:
        return None
    return {"name": user.agency.name, "href": reverse("actions:plan") + f"?agency={user.agency_id}"}


def _export_href(fmt: str, query: str) -> str:
    return reverse("actions:export") + f"?format={fmt}" + (f"&{query}" if query else "")


ESCALATION_PER_PAGE = 50


@require_GET
def escalation(request: HttpRequest) -> HttpResponse:
    """Overdue actions by agency, for the business unit's bi-weekly monitoring: paged and
    ordered in the database, the agencies' counts from one aggregate query."""
    require(request, Permission.VIEW_ESCALATION)
    today = timezone.localdate()
    overdue = selectors.overdue_actions(request.user, today)
    agencies = selectors.escalation_agencies(overdue)
    listed = listing(
        selectors.joined_after_paging(overdue),
        request.GET,
        per_page=ESCALATION_PER_PAGE,
        label="Overdue action pages",
        sorts=selectors.escalation_sorts([a["agency_id"] for a in agencies]),
        default_sort="due",
    )
    actions = listed.rows
    last_updates = selectors.last_update_dates([a.pk for a in actions])
    groups = presenters.escalation_groups(actions, last_updates, today, agencies)
    return page(
        request,
        "actions/escalation.html",
        "Overdue actions by agency",
        groups=groups,
        total=sum(a["count"] for a in agencies),
        agency_count=len(agencies),
        listing=listed,
        today=today,
        definitions=presenters.rag_definitions(),
        xlsx_href=_export_href("xlsx", "due=overdue"),
    )


@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """The file straight away; a plan of more than settings.JOBS_EXPORT_ROWS actions is made
    by a background job instead (a page asks first: a link must not start one)."""
    require(request, Permission.EXPORT_ACTIONS)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in exports.FORMATS:
        fmt = "xlsx"
    form = PlanFilterForm(request.user, request.GET)
    filters = form.filters()
    today = timezone.localdate()
    count = selectors.plan_actions(request.user, **filters).count()
    if count > settings.JOBS_EXPORT_ROWS:
        if request.method == "POST":
            job = export_jobs.start(request.user, fmt=fmt, query=form.query())
            return redirect("jobs:status", job_id=job.pk)
        return page(
            request,
            "actions/export_background.html",
            "Prepare the export in the background",
            count=count,
            fmt=fmt.upper(),
            limit=settings.JOBS_EXPORT_ROWS,
        )
    if request.method == "POST":
        return redirect(request.get_full_path())
    actions = selectors.plan_actions(request.user, **filters)
    # Audited before it is sent: a download cut short was still asked for.
    exports.record_export(
        request.user,
        fmt=fmt,
        count=count,
        filters=form.query(),
        partnership=request.user.partnership,
    )
    rows = exports.plan_rows(actions, today)
    return streamed_attachment(
        exports.body(fmt, rows), exports.filename(fmt, today), exports.content_type(fmt)
    )
