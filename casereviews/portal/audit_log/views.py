"""The audit log page: the business unit reads its partnership's log. Nothing edits it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from casereviews.accounts.roles import Permission
from casereviews.core.forms import date_params, error_summary
from casereviews.core.paging import feed, oldest_href
from casereviews.core.views_helpers import page, require
from casereviews.portal.audit_log import presenters, selectors
from casereviews.portal.audit_log.forms import AuditFilterForm

PER_PAGE = 50
NUMBERED_PAGES = 10  # past 500 entries: older/newer links from an entry (core.paging.feed)


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_AUDIT_LOG)
    people = selectors.audit_people(request.user)
    form = AuditFilterForm(request.GET or None, people=people)
    filters = form.filters()
    entries = selectors.audit_entries(request.user, **filters)
    listed = feed(
        entries,
        request.GET,
        time_field="at",
        per_page=PER_PAGE,
        numbered_pages=NUMBERED_PAGES,
        label="Audit log pages",
        filters=form.query(),
    )
    current = listed.rows
    filtered = bool(filters and any(v for v in filters.values()))
    hidden = selectors.hidden_entry_ids(request.user, current)
    named = selectors.people_named(request.user, [e for e in current if e.pk not in hidden])
    return page(
        request,
        "portal/audit_log.html",
        "Audit log",
        form=form,
        date_from=date_params(form["date_from"]),
        date_to=date_params(form["date_to"]),
        errors=error_summary(form) if form.is_bound else [],
        rows=[presenters.entry_row(e, restricted=e.pk in hidden, people=named) for e in current],
        held=presenters.feed_status(listed, filtered),
        oldest_href=oldest_href(form.query()) if listed.more and listed.number is not None else "",
        pagination=listed.pagination,
        filtered=filtered,
        one_record=bool(filters.get("record_type") and filters.get("record_id")),
    )
