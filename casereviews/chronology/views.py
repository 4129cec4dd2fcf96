"""Chronology pages: parse, authorise, call, render (reads in selectors, writes in services).

Every view of a restricted review's chronology is audited (core.audit).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereviews.chronology import documents, gaps, selectors, services, timeline
from casereviews.chronology.forms import (
    EntryForm,
    FilterForm,
    GapFindingForm,
    RequestForm,
    StartForm,
)
from casereviews.chronology.permissions import ChronologyPermission as P
from casereviews.chronology.presenters import Anonymiser, show, status_tag
from casereviews.core import audit, once
from casereviews.core.forms import (
    add_service_errors,
    checkbox_params,
    checkboxes_params,
    error_summary,
    radios_params,
    select_params,
)
from casereviews.core.models import AuditAction
from casereviews.core.views_helpers import attachment, page, require
from casereviews.core.word import DOCX_TYPE
from casereviews.reviews.selectors import get_review

ANONYMISED, NAMED = "anonymised", "named"


def _seen(request: HttpRequest, obj, chronology) -> None:
    audit.record_view_if_restricted(request.user, obj, chronology.review)


def overview(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_review(request.user, review_id)
    chronology = selectors.chronology_of(request.user, review)
    if chronology is None:
        if not request.user.has_perm(P.START, review):
            raise Http404
        return page(
            request, "chronology/overview.html", f"Chronology of {review.ref}", review=review
        )
    require(request, P.VIEW, chronology)
    _seen(request, chronology, chronology)
    rows = selectors.request_rows(request.user, chronology)
    user = request.user
    return page(
        request,
        "chronology/overview.html",
        f"Chronology of {review.ref}",
        review=review,
        chronology=chronology,
        rows=[(r, status_tag(r.status)) for r in rows],
        own=[r for r in rows if user.has_perm(P.CONTRIBUTE, r.request)],
        overdue=sum(r.overdue for r in rows),
        can_request=user.has_perm(P.REQUEST, chronology),
        can_integrated=user.has_perm(P.VIEW_INTEGRATED, chronology),
        on_panel=user.has_perm(P.VIEW_NAMED, chronology),
        can_merge=user.has_perm(P.MERGE, chronology),
    )


@once.replay_safe
def start_chronology(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_review(request.user, review_id)
    require(request, P.START, review)
    if selectors.chronology_of(request.user, review) is not None:
        return redirect("chronology:overview", review_id=review.pk)
    errors: list = []
    form = StartForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    chronology = services.start(request.user, review, form.cleaned_data)
                    receipt.saved(
                        chronology, reverse("chronology:add_requests", args=[chronology.pk])
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "The chronology is started. Ask the agencies for theirs.")
                return redirect(receipt.url)
        errors = error_summary(form)
    return page(
        request,
        "chronology/start.html",
        f"Start the chronology of {review.ref}",
        review=review,
        form=form,
        errors=errors,
    )


@once.replay_safe
def add_requests(request: HttpRequest, chronology_id: int) -> HttpResponse:
    chronology = selectors.get_chronology(request.user, chronology_id)
    require(request, P.REQUEST, chronology)
    agencies = selectors.askable_agencies(request.user, chronology)
    people = selectors.possible_contributors(request.user)
    form = RequestForm(agencies, people, request.POST or None)
    errors: list = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with once.claim(request) as receipt:
                    made = services.request_agencies(
                        request.user,
                        chronology,
                        data["agencies"],
                        data["due_on"],
                        data.get("contributor"),
                    )
                    receipt.saved(
                        made[0], reverse("chronology:overview", args=[chronology.review_id])
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"{len(made)} {'agency is' if len(made) == 1 else 'agencies are'} asked for "
                    "their chronology.",
                )
                return redirect(receipt.url)
        errors = error_summary(form)
    return page(
        request,
        "chronology/requests.html",
        "Ask agencies for their chronologies",
        chronology=chronology,
        form=form,
        errors=errors,
        agencies_params=checkboxes_params(form["agencies"]),
        contributor_params=select_params(form["contributor"]),
        none_left=not agencies.exists(),
    )


def agency(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request = selectors.get_request(request.user, request_id)
    chronology = chron_request.chronology
    if not (
        request.user.has_perm(P.CONTRIBUTE, chron_request)
        or request.user.has_perm(P.VIEW_NAMED, chronology)
        or (
            request.user.has_perm(P.VIEW, chronology)
            and request.user.agency_id == chron_request.agency_id
        )
    ):
        raise PermissionDenied
    _seen(request, chron_request, chronology)
    entries = list(selectors.own_entries(request.user, chron_request))
    return page(
        request,
        "chronology/agency.html",
        f"{chron_request.agency.name}'s chronology",
        chron_request=chron_request,
        chronology=chronology,
        rows=show(entries),
        can_write=request.user.has_perm(P.CONTRIBUTE, chron_request),
        state_tag=status_tag(
            next(
                r.status
                for r in selectors.request_rows(request.user, chronology)
                if r.request.pk == chron_request.pk
            )
        ),
    )


def _entry_page(request, chron_request, form, errors, entry=None) -> HttpResponse:
    title = (
        "Change an entry" if entry else f"Add an entry to {chron_request.agency.name}'s chronology"
    )
    return page(
        request,
        "chronology/entry.html",
        title,
        chron_request=chron_request,
        form=form,
        entry=entry,
        errors=errors,
        shared_params=radios_params(form["shared"]),
        seen_params=checkbox_params(form["child_seen"]),
        significant_params=checkbox_params(form["significant"]),
    )


@once.replay_safe
def add_entry(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request = selectors.get_request(request.user, request_id)
    require(request, P.CONTRIBUTE, chron_request)
    form = EntryForm(request.POST or None)
    errors: list = []
    if request.method == "POST":
        if form.is_valid():
            try:
                with once.claim(request) as receipt:
                    entry = services.add_entry(request.user, chron_request, form.cleaned_data)
                    receipt.saved(entry, reverse("chronology:agency", args=[chron_request.pk]))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"The entry of {entry.when} is added.")
                if "another" in request.POST:
                    return redirect("chronology:add_entry", request_id=chron_request.pk)
                return redirect(receipt.url)
        errors = error_summary(form)
    return _entry_page(request, chron_request, form, errors)


def change_entry(request: HttpRequest, request_id: int, entry_id: int) -> HttpResponse:
    chron_request = selectors.get_request(request.user, request_id)
    require(request, P.CONTRIBUTE, chron_request)
    entry = selectors.get_entry(request.user, chron_request, entry_id)
    initial = {
        "when": entry.when,
        "time": entry.time.strftime("%H:%M") if entry.time else "",
        "ends": entry.ends,
        "shared_on": entry.shared_on.strftime("%d/%m/%Y") if entry.shared_on else "",
        **{
            k: getattr(entry, k)
            for k in ("source", "event", "people", "known", "done", "shared", "shared_with")
        },
        "child_seen": entry.child_seen,
        "significant": entry.significant,
    }
    form = EntryForm(request.POST or None, initial=initial)
    errors: list = []
    if request.method == "POST":
        if "delete" in request.POST:
            services.delete_entry(request.user, chron_request, entry)
            messages.success(request, f"The entry of {entry.when} is deleted.")
            return redirect("chronology:agency", request_id=chron_request.pk)
        if form.is_valid():
            try:
                services.change_entry(request.user, chron_request, entry, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"The entry of {entry.when} is saved.")
                return redirect("chronology:agency", request_id=chron_request.pk)
        errors = error_summary(form)
    return _entry_page(request, chron_request, form, errors, entry)


@require_POST
def send(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request = selectors.get_request(request.user, request_id)
    require(request, P.CONTRIBUTE, chron_request)
    try:
        services.send(request.user, chron_request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Your agency's chronology is sent to the review panel.")
    return redirect("chronology:agency", request_id=chron_request.pk)


def _view_kind(request, chronology) -> str:
    named = request.GET.get("view", NAMED) != ANONYMISED
    if named and not request.user.has_perm(P.VIEW_NAMED, chronology):
        return ANONYMISED  # the agencies read it anonymised: it has left the panel
    return NAMED if named else ANONYMISED


def _filters(request, chronology, agencies, people):
    form = FilterForm(agencies, people, request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.Filters(
            agency=data.get("agency"),
            start=data.get("start"),
            end=data.get("end"),
            person=data.get("person") or "",
        )
    return form, selectors.Filters()


def integrated(request: HttpRequest, chronology_id: int) -> HttpResponse:
    chronology = selectors.get_chronology(request.user, chronology_id)
    require(request, P.VIEW_INTEGRATED, chronology)
    _seen(request, chronology, chronology)
    agencies = selectors.agencies_in(chronology)
    everything = selectors.integrated(request.user, chronology)
    form, filters = _filters(request, chronology, agencies, selectors.people_in(everything))
    entries = selectors.integrated(request.user, chronology, filters)
    kind = _view_kind(request, chronology)
    anonymiser = Anonymiser(chronology, agencies) if kind == ANONYMISED else None
    rows = show(entries, anonymiser)
    query = request.GET.copy()
    query.pop("view", None)
    return page(
        request,
        "chronology/integrated.html",
        f"Integrated chronology of {chronology.review.ref}",
        chronology=chronology,
        rows=rows,
        total=len(everything),
        kind=kind,
        removed=anonymiser.removed if anonymiser else 0,
        form=form,
        filter_params={
            "agency": select_params(form["agency"]),
            "person": select_params(form["person"]),
        },
        query=query.urlencode(),
        on_panel=request.user.has_perm(P.VIEW_NAMED, chronology),
        can_merge=request.user.has_perm(P.MERGE, chronology),
        errors=error_summary(form) if form.is_bound and not form.is_valid() else [],
    )


@require_POST
def merge(request: HttpRequest, chronology_id: int) -> HttpResponse:
    chronology = selectors.get_chronology(request.user, chronology_id)
    require(request, P.MERGE, chronology)
    try:
        services.merge(request.user, chronology)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            "The chronology is merged: the agencies can no longer change their entries, and "
            "read the integrated chronology anonymised.",
        )
    return redirect("chronology:integrated", chronology_id=chronology.pk)


def _analysis(user, chronology):
    agencies = selectors.agencies_in(chronology)
    entries = selectors.integrated(user, chronology)
    found = gaps.find_gaps(entries, agencies, chronology.scope_from, chronology.scope_to)
    return agencies, entries, found


def knew(request: HttpRequest, chronology_id: int) -> HttpResponse:
    chronology = selectors.get_chronology(request.user, chronology_id)
    require(request, P.VIEW_NAMED, chronology)
    _seen(request, chronology, chronology)
    agencies, entries, found = _analysis(request.user, chronology)
    silences = [g for g in found if g.kind == "silence"]
    made = selectors.gap_findings(request.user, chronology)
    return page(
        request,
        "chronology/knew.html",
        f"What agencies knew and shared: {chronology.review.ref}",
        chronology=chronology,
        events=gaps.significant_events(entries, agencies),
        gaps=found,
        kinds=gaps.KIND_LABELS,
        made=made,
        svg=timeline.svg(
            entries,
            agencies,
            chronology.scope_from,
            chronology.scope_to,
            silences,
            title=f"Swim-lane timeline of {chronology.review.ref}",
        ),
        lanes=timeline.lane_table(entries, agencies),
        can_find=request.user.has_perm(P.GAP_TO_FINDING, chronology),
        silence_days=gaps.SILENCE_DAYS,
        same_days=gaps.SAME_EVENT_DAYS,
    )


@once.replay_safe
def record_gap_finding(request: HttpRequest, chronology_id: int) -> HttpResponse:
    chronology = selectors.get_chronology(request.user, chronology_id)
    require(request, P.GAP_TO_FINDING, chronology)
    _agencies, _entries, found = _analysis(request.user, chronology)
    key = request.POST.get("gap") or request.GET.get("gap")
    gap = next((g for g in found if g.key == key), None)
    if gap is None:
        messages.error(request, "That gap is no longer in the chronology")
        return redirect("chronology:knew", chronology_id=chronology.pk)
    form = GapFindingForm(
        request.POST or None, initial={"title": gap.title, "text": gap.description}
    )
    errors: list = []
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with once.claim(request) as receipt:
                    made = services.gap_to_finding(
                        request.user, chronology, gap, data["title"], data["text"]
                    )
                    receipt.saved(made, reverse("learning:findings", args=[chronology.review_id]))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Finding {made.finding.number} is written from the gap; check the themes "
                    "the engine suggests.",
                )
                return redirect(receipt.url)
        errors = error_summary(form)
    return page(
        request,
        "chronology/gap_finding.html",
        "Turn a gap into a finding",
        chronology=chronology,
        gap=gap,
        kind=gaps.KIND_LABELS[gap.kind],
        form=form,
        errors=errors,
    )


def download(request: HttpRequest, chronology_id: int, fmt: str) -> HttpResponse:
    chronology = selectors.get_chronology(request.user, chronology_id)
    require(request, P.VIEW_INTEGRATED, chronology)
    if fmt not in ("docx", "xlsx", "summary"):
        raise Http404
    kind = _view_kind(request, chronology)
    agencies = selectors.agencies_in(chronology)
    anonymiser = Anonymiser(chronology, agencies) if kind == ANONYMISED else None
    rows = show(selectors.integrated(request.user, chronology), anonymiser)
    named = kind == NAMED
    lines = documents.header_lines(chronology, named, anonymiser.removed if anonymiser else 0)
    ref = chronology.review.ref
    audit.record(
        request.user,
        AuditAction.EXPORT,
        chronology,
        changes={"format": fmt, "view": kind},
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "docx":
        body = documents.chronology_docx(f"Integrated chronology: {ref}", lines, rows, named)
        return attachment(body, f"{ref}-chronology-{kind}-{stamp}.docx", DOCX_TYPE)
    if fmt == "summary":
        body = documents.summary_docx(f"Summary timeline: {ref}", lines, rows)
        return attachment(body, f"{ref}-summary-timeline-{kind}-{stamp}.docx", DOCX_TYPE)
    body = documents.chronology_xlsx(f"Integrated chronology: {ref} ({kind})", rows, named)
    return attachment(body, f"{ref}-chronology-{kind}-{stamp}.xlsx", documents.XLSX_TYPE)
