"""The audit log page: the business unit reads its partnership's log. Nothing edits it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from casereviews.accounts.roles import Permission
from casereviews.core.presenters import pagination
from casereviews.core.views_helpers import page, require
from casereviews.portal.audit_log import presenters, selectors
from casereviews.portal.audit_log.forms import AuditFilterForm

PER_PAGE = 50


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_AUDIT_LOG)
    people = selectors.audit_people(request.user)
    form = AuditFilterForm(request.GET or None, people=people)
    filters = form.filters()
    entries = selectors.audit_entries(request.user, **filters)
    current = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    hidden = selectors.hidden_entry_ids(request.user, current)
    raw_filters = {k: request.GET.get(k, "") for k in ("action", "person")} if filters else {}
    return page(
        request,
        "portal/audit_log.html",
        "Audit log",
        form=form,
        rows=[presenters.entry_row(e, restricted=e.pk in hidden) for e in current],
        page_obj=current,
        pagination=pagination(current, raw_filters, "Audit log pages"),
        filtered=bool(filters and any(filters.values())),
    )
