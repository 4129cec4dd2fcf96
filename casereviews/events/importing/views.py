"""Importing a sign-in sheet: upload, (sheet), columns, check, import. The tracker import's
journey (casereviews.actions.importing), for one event's register."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.actions.importing import presenters as tracker_presenters
from casereviews.actions.importing.forms import MapForm, SheetForm, UploadForm
from casereviews.actions.importing.read import TrackerUnreadable
from casereviews.actions.importing.views import heading_row_step
from casereviews.core import files
from casereviews.core.forms import error_summary, radios_params, select_params
from casereviews.core.views_helpers import page, require

from .. import selectors
from . import services
from .fields import SIGN_IN_FIELDS

NO_IMPORT = "Upload the sign-in sheet to start an import"


def _state(request: HttpRequest, event) -> services.ImportState | None:
    return services.ImportState.from_session(
        request.session.get(services.session_key(event)), request.user
    )


def _save(request, event, state) -> None:
    request.session[services.session_key(event)] = state.to_session()


def _forget(request, event, state) -> None:
    if state is not None:
        services.discard_upload(state.stored_name)
    request.session.pop(services.session_key(event), None)


def _restart(request, event, message: str = NO_IMPORT) -> HttpResponse:
    messages.info(request, message)
    return redirect("events_import:start", event_id=event.pk)


def _unreadable(request, event, state, exc: TrackerUnreadable) -> HttpResponse:
    _forget(request, event, state)
    return _restart(request, event, f"{state.original_name} {exc}. Nothing was imported")


def _event(request, event_id: int):
    require(request, Permission.MANAGE_EVENTS)
    return selectors.get_event(request.user, event_id)


def start(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    if request.method == "POST":
        too_large = files.upload_too_large(request)
        form = UploadForm(request.POST, request.FILES)
        form.fields["file"].label = "Upload the sign-in sheet"
        if too_large:
            form = UploadForm({}, {})
            form.is_valid()
            form.errors["file"] = form.error_class([too_large])
        elif form.is_valid():
            try:
                state = services.keep_upload(request.user, form.cleaned_data["file"])
            except files.UploadRejected as exc:
                form.add_error("file", str(exc))
            else:
                _forget(request, event, _state(request, event))
                _save(request, event, state)
                if len(state.sheets) > 1:
                    return redirect("events_import:sheet", event_id=event.pk)
                return redirect("events_import:map", event_id=event.pk)
    else:
        form = UploadForm()
    form.fields["file"].label = "Upload the sign-in sheet"
    return page(
        request,
        "events/import_start.html",
        "Import a sign-in sheet",
        event=event,
        form=form,
        errors=error_summary(form),
        fields=SIGN_IN_FIELDS,
    )


def sheet(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    state = _state(request, event)
    if state is None:
        return _restart(request, event)
    form = SheetForm(
        state.sheets, request.POST or None, initial={"sheet": state.sheet}, what="the names"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_sheet(state, form.cleaned_data["sheet"])
        except TrackerUnreadable as exc:
            return _unreadable(request, event, state, exc)
        _save(request, event, state)
        return redirect("events_import:map", event_id=event.pk)
    return page(
        request,
        "events/import_sheet.html",
        "Which sheet holds the names?",
        event=event,
        form=form,
        state=state,
        errors=error_summary(form),
        sheet_params=radios_params(
            form["sheet"],
            fieldset={"legend": {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"}},
        ),
    )


def headings(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    state = _state(request, event)
    if state is None:
        return _restart(request, event)
    return heading_row_step(
        request,
        state,
        choose=lambda row: services.choose_sheet(state, state.sheet, row),
        save=lambda: _save(request, event, state),
        next_url=reverse("events_import:map", args=[event.pk]),
        unreadable=lambda exc: _unreadable(request, event, state, exc),
        steps={"map": reverse("events_import:map", args=[event.pk])},
    )


def map_columns(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    state = _state(request, event)
    if state is None:
        return _restart(request, event)
    try:
        their_headings = services.tracker.headings(state)
    except TrackerUnreadable as exc:
        return _unreadable(request, event, state, exc)
    form = MapForm(
        their_headings, request.POST or None, initial=state.column_map, fields=SIGN_IN_FIELDS
    )
    if request.method == "POST" and form.is_valid():
        state.column_map = form.column_map()
        _save(request, event, state)
        return redirect("events_import:preview", event_id=event.pk)
    return page(
        request,
        "events/import_map.html",
        "Match the sheet's columns to ours",
        event=event,
        form=form,
        state=state,
        errors=error_summary(form),
        selects=[select_params(form[f.key]) for f in SIGN_IN_FIELDS],
    )


def _render_preview(request, event, state, result, extra: list | None = None) -> HttpResponse:
    return page(
        request,
        "events/import_preview.html",
        "Check the names before you import them",
        event=event,
        state=state,
        preview=result,
        errors=[*(extra or []), *tracker_presenters.error_summary(result)],
        error_rows=tracker_presenters.error_rows(result),
        good_rows=[
            [
                {"text": str(line.row)},
                {"text": line.name},
                {"text": line.agency.name},
                {"text": line.role or "Not recorded"},
                {"text": "Attended" if line.attended else "Did not attend"},
            ]
            for line in result.good[:50]
        ],
        over=services.over_capacity(event, result),
    )


def preview(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    state = _state(request, event)
    if state is None:
        return _restart(request, event)
    try:
        result = services.preview_import(request.user, event, state)
    except TrackerUnreadable as exc:
        return _unreadable(request, event, state, exc)
    return _render_preview(request, event, state, result)


@require_POST
def confirm(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    state = _state(request, event)
    if state is None:
        return _restart(request, event)
    try:
        batch = services.run_import(request.user, event, state)
    except TrackerUnreadable as exc:
        return _unreadable(request, event, state, exc)
    except services.ImportNotPossible as exc:
        stale = {
            "text": "Nothing was imported: the rows no longer all pass the checks",
            "href": "#row-errors",
        }
        return _render_preview(request, event, state, exc.preview, [stale])
    except services.ImportFailed as exc:
        result = services.preview_import(request.user, event, state)
        return _render_preview(
            request, event, state, result, [{"text": str(exc), "href": "#main-content"}]
        )
    _forget(request, event, state)
    messages.success(
        request, f"{batch.rows} names from {batch.original_name} were added to the register"
    )
    return redirect("events:register", event_id=event.pk)


@require_POST
def cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(request, event_id)
    _forget(request, event, _state(request, event))
    messages.info(
        request, "The import was cancelled and the uploaded file deleted. Nothing was imported"
    )
    return redirect("events:register", event_id=event.pk)
