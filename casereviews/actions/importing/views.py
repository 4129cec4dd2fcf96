"""The tracker import journey: upload, (sheet), map the columns, preview, import.

Parse, authorise, call the import services, render. The import in progress is kept in the
session (importing.services.ImportState: the kept upload's name, never a path); it is thrown
away, with the upload, after the import or on cancel.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission, Role
from casereviews.actions.importing import jobs as import_jobs
from casereviews.actions.importing import presenters as presenters
from casereviews.actions.importing import selectors as selectors
from casereviews.actions.importing import services as services
from casereviews.actions.importing.fields import FIELDS, HEADER_SEARCH_ROWS
from casereviews.actions.importing.forms import HeaderRowForm, MapForm, SheetForm, UploadForm
from casereviews.actions.importing.read import TrackerUnreadable
from casereviews.core import files
from casereviews.core.forms import error_summary, radios_params, select_params
from casereviews.core.views_helpers import page, require

NO_IMPORT = "Upload your tracker to start an import"


def _state(request: HttpRequest) -> services.ImportState | None:
    return services.ImportState.from_session(
        request.session.get(services.SESSION_KEY), request.user
    )


def _save(request: HttpRequest, state: services.ImportState) -> None:
    request.session[services.SESSION_KEY] = state.to_session()


def _forget(request: HttpRequest, state: services.ImportState | None) -> None:
    if state is not None:
        services.discard_upload(state.stored_name)
    request.session.pop(services.SESSION_KEY, None)


def _restart(request: HttpRequest, message: str = NO_IMPORT) -> HttpResponse:
    messages.info(request, message)
    return redirect("actions_import:start")


def _unreadable(request: HttpRequest, state, exc: TrackerUnreadable) -> HttpResponse:
    _forget(request, state)
    return _restart(request, f"{state.original_name} {exc}. Nothing was imported")


def read_upload(request: HttpRequest, form_class, keep) -> tuple:
    """(the bound upload form, the kept import's state or None): a file over the size limit,
    or one `keep(file)` refuses (files.UploadRejected), is named on the form's file field.
    The chronology's import uses it too."""
    too_large = files.upload_too_large(request)
    form = form_class(request.POST, request.FILES)
    if too_large:
        form = form_class({}, {})
        form.is_valid()
        form.errors["file"] = form.error_class([too_large])
        return form, None
    if form.is_valid():
        try:
            return form, keep(form.cleaned_data["file"])
        except files.UploadRejected as exc:
            form.add_error("file", str(exc))
    return form, None


def start(request: HttpRequest) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    errors: list = []
    if request.method == "POST":
        form, state = read_upload(
            request, UploadForm, lambda f: services.keep_upload(request.user, f)
        )
        if state is not None:
            _forget(request, _state(request))
            _save(request, state)
            if len(state.sheets) > 1:
                return redirect("actions_import:sheet")
            return redirect("actions_import:map")
        errors = error_summary(form)
    else:
        form = UploadForm()
    return page(
        request,
        "actions/import_start.html",
        "Import an action tracker",
        form=form,
        errors=errors,
        fields=FIELDS,
        own_agency=request.user.agency if request.user.role == Role.SUBGROUP_MEMBER else None,
    )


def sheet(request: HttpRequest) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    state = _state(request)
    if state is None:
        return _restart(request)
    form = SheetForm(state.sheets, request.POST or None, initial={"sheet": state.sheet})
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_sheet(state, form.cleaned_data["sheet"])
        except TrackerUnreadable as exc:
            return _unreadable(request, state, exc)
        _save(request, state)
        return redirect("actions_import:map")
    return page(
        request,
        "actions/import_sheet.html",
        "Which sheet holds the actions?",
        form=form,
        state=state,
        errors=error_summary(form),
        sheet_params=radios_params(
            form["sheet"],
            fieldset={"legend": {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"}},
        ),
    )


def heading_row_step(
    request: HttpRequest, state, *, choose, save, next_url, unreadable, steps=None
):
    """The heading-row step of every import journey (trackers, chronologies, sign-in sheets):
    show the first rows as the spreadsheet numbers them, take the row with the headings,
    re-read the headings from it (`choose(row)`), `save()` and go on to `next_url` (the column
    map). `unreadable(exc)` answers a file that can no longer be read; `steps` are the
    journey's own links (its map page, for Back)."""
    try:
        rows = services.sample_rows(state)
    except TrackerUnreadable as exc:
        return unreadable(exc)
    last_row = max(HEADER_SEARCH_ROWS, state.header_row)
    form = HeaderRowForm(last_row, request.POST or None, initial={"header_row": state.header_row})
    if request.method == "POST" and form.is_valid():
        try:
            choose(form.cleaned_data["header_row"])
        except TrackerUnreadable as exc:
            return unreadable(exc)
        save()
        return redirect(next_url)
    return page(
        request,
        "actions/import_headings.html",
        "Which row has the column headings?",
        form=form,
        state=state,
        steps=steps,
        errors=error_summary(form),
        sample=presenters.sample_table(rows, state.header_row),
    )


def headings(request: HttpRequest) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    state = _state(request)
    if state is None:
        return _restart(request)
    return heading_row_step(
        request,
        state,
        choose=lambda row: services.choose_sheet(state, state.sheet, row),
        save=lambda: _save(request, state),
        next_url=reverse("actions_import:map"),
        unreadable=lambda exc: _unreadable(request, state, exc),
    )


def map_columns(request: HttpRequest) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    state = _state(request)
    if state is None:
        return _restart(request)
    try:
        their_headings = services.headings(state)
    except TrackerUnreadable as exc:
        return _unreadable(request, state, exc)
    form = MapForm(their_headings, request.POST or None, initial=state.column_map)
    if request.method == "POST" and form.is_valid():
        state.column_map = form.column_map()
        _save(request, state)
        return redirect("actions_import:preview")
    return page(
        request,
        "actions/import_map.html",
        "Match your columns to ours",
        form=form,
        state=state,
        errors=error_summary(form),
        selects=[select_params(form[f.key]) for f in FIELDS],
        required=[f.label for f in FIELDS if f.required],
        back=reverse("actions_import:sheet" if len(state.sheets) > 1 else "actions_import:start"),
    )


def _plan_url(user) -> str | None:
    href = reverse("actions:plan")
    if user.role == Role.SUBGROUP_MEMBER and user.agency_id:
        href += f"?agency={user.agency_id}"
    return href


def _render_preview(
    request: HttpRequest, state, preview, extra_errors: list | None = None
) -> HttpResponse:
    errors = [*(extra_errors or []), *presenters.error_summary(preview)]
    return page(
        request,
        "actions/import_preview.html",
        "Check the rows before you import them",
        state=state,
        preview=preview,
        errors=errors,
        counts=presenters.counts(preview),
        error_rows=presenters.error_rows(preview),
        good_rows=presenters.good_rows(preview),
        map_rows=presenters.map_summary(state.column_map),
    )


def preview(request: HttpRequest) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    state = _state(request)
    if state is None:
        return _restart(request)
    if not state.column_map:
        return redirect("actions_import:map")
    try:
        if services.in_background(state):
            _save(request, state)  # the rows, counted once
            return _render_background(request, state)
        result = services.preview_import(request.user, state)
    except TrackerUnreadable as exc:
        return _unreadable(request, state, exc)
    return _render_preview(request, state, result)


def _render_background(request: HttpRequest, state) -> HttpResponse:
    """A tracker too big to check in the request: a worker checks it, then imports it."""
    return page(
        request,
        "actions/import_background.html",
        "Check and import the rows in the background",
        state=state,
        rows=services.rows_below_headings(state),
        limit=settings.JOBS_IMPORT_ROWS,
        map_rows=presenters.map_summary(state.column_map),
    )


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    state = _state(request)
    if state is None:
        return _restart(request)
    try:
        if services.in_background(state):
            job = import_jobs.start(request.user, state)
            request.session.pop(services.SESSION_KEY, None)  # the job keeps the upload now
            return redirect("jobs:status", job_id=job.pk)
        batch = services.run_import(request.user, state)
    except TrackerUnreadable as exc:
        return _unreadable(request, state, exc)
    except services.ImportNotPossible as exc:
        stale = {
            "text": "Nothing was imported: the rows no longer all pass the checks (the reviews, "
            "agencies or recommendations may have changed since the preview)",
            "href": "#row-errors",
        }
        return _render_preview(request, state, exc.preview, [stale])
    except services.ImportFailed as exc:
        result = services.preview_import(request.user, state)
        return _render_preview(
            request, state, result, [{"text": str(exc), "href": "#main-content"}]
        )
    _forget(request, state)
    return redirect("actions_import:done", batch_id=batch.pk)


@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    _forget(request, _state(request))
    messages.info(
        request, "The import was cancelled and the uploaded file deleted. Nothing was imported"
    )
    return redirect("actions_import:start")


def done(request: HttpRequest, batch_id: int) -> HttpResponse:
    require(request, Permission.IMPORT_ACTIONS)
    batch = selectors.get_batch(request.user, batch_id)
    return page(
        request,
        "actions/import_done.html",
        "Import complete",
        batch=batch,
        actions=selectors.imported_actions(request.user, batch),
        plan_url=_plan_url(request.user),
    )
