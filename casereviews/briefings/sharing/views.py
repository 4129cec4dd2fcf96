"""Dissemination pages: parse, authorise, call, render (reads in sharing.selectors, writes in
sharing.services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.briefings.sharing import presenters as presenters
from casereviews.briefings.sharing import selectors as selectors
from casereviews.briefings.sharing import services as services
from casereviews.briefings.sharing.forms import DisseminationForm, TrackerFilterForm
from casereviews.core import once
from casereviews.core.forms import add_service_errors, error_summary, radios_params
from casereviews.core.paging import listing
from casereviews.core.views_helpers import page, require


def _require_board_view(request: HttpRequest, briefing) -> None:
    """Board members (business unit, agency leads) who may see the briefing see its sharing."""
    user = request.user
    if not (
        user.has_perm(Permission.VIEW_BRIEFING, briefing)
        and user.has_perm(Permission.VIEW_REGISTER)
    ):
        raise PermissionDenied


@once.replay_safe
def record(request: HttpRequest, briefing_id: int) -> HttpResponse:
    briefing = selectors.get_briefing(request.user, briefing_id)
    require(request, Permission.RECORD_DISSEMINATION, briefing)
    agencies = selectors.active_agencies(request.user)
    form = DisseminationForm(
        request.user, briefing, agencies, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                saved = services.record_dissemination(request.user, briefing, **form.record_data())
                receipt.saved(saved, reverse("sharing:briefing", args=[briefing.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Sharing by {saved.agency.name} has been recorded for {briefing.title}"
            )
            return redirect(receipt.url)
    return page(
        request,
        "briefings/sharing_form.html",
        f"Record sharing of {briefing.title}",
        briefing=briefing,
        form=form,
        method_params=radios_params(form["method"]),
        errors=error_summary(form),
    )


def briefing(request: HttpRequest, briefing_id: int) -> HttpResponse:
    item = selectors.get_briefing(request.user, briefing_id)
    _require_board_view(request, item)
    status = selectors.sharing_status(request.user, item)
    return page(
        request,
        "briefings/sharing_briefing.html",
        f"Sharing of {item.title}",
        briefing=item,
        briefing_href=presenters.briefing_href(item),
        # A withdrawn briefing was published: its sharing records are kept and shown.
        published=item.published_on is not None and item.status != "draft",
        withdrawn=item.status == "withdrawn",
        summary=presenters.summary(status, timezone.localdate()),
        rows=presenters.record_rows(status.records),
        quotes=presenters.quotes(status.records),
        can_record=request.user.has_perm(Permission.RECORD_DISSEMINATION, item),
        can_track=request.user.has_perm(Permission.TRACK_DISSEMINATION),
    )


TRACKER_PER_PAGE = 50


def tracker(request: HttpRequest) -> HttpResponse:
    require(request, Permission.TRACK_DISSEMINATION)
    form = TrackerFilterForm(request.GET)
    only = bool(form.is_valid() and form.cleaned_data["outstanding"])
    listed = listing(
        selectors.tracker_briefings(request.user, only_outstanding=only),
        request.GET,
        per_page=TRACKER_PER_PAGE,
        label="Briefing pages",
        filters={"outstanding": "on" if only else ""},
        sorts=selectors.TRACKER_SORTS,
        default_sort="waiting",
    )
    statuses = selectors.statuses_of(request.user, listed.rows)
    return page(
        request,
        "briefings/sharing_tracker.html",
        "Sharing of briefings",
        rows=presenters.tracker_rows(statuses, timezone.localdate()),
        listing=listed,
        only_outstanding=only,
        total=listed.total if not only else selectors.published_briefings(request.user).count(),
    )
