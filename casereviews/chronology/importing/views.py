"""An agency imports its chronology: upload, (sheet), (heading row), match columns, check, import.

The tracker import's journey and pages (casereviews.actions.importing), with the chronology's
fields and checks. The import in progress is kept in the session (the tracker import's
`ImportState`, under its own key, with the request it is for); it is thrown away, with the
upload, after the import or on cancel.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereviews.actions.importing import presenters as tracker_presenters
from casereviews.actions.importing import services as tracker_import
from casereviews.actions.importing.forms import MapForm, SheetForm, UploadForm
from casereviews.actions.importing.read import TrackerUnreadable
from casereviews.actions.importing.views import heading_row_step, read_upload
from casereviews.chronology import selectors
from casereviews.chronology.importing import services
from casereviews.chronology.importing.rows import FIELDS
from casereviews.chronology.permissions import ChronologyPermission
from casereviews.chronology.presenters import show
from casereviews.core.forms import error_summary, radios_params, select_params
from casereviews.core.views_helpers import page, require

NO_IMPORT = "Upload your chronology to start an import"


class EntriesUploadForm(UploadForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload your agency's chronology"
        self.fields["file"].error_messages["required"] = "Select the chronology to upload"
        self.fields["file"].help_text = self.fields["file"].help_text.replace(
            "one row for each action", "one row for each entry"
        )


def _steps(request_id: int) -> dict[str, str]:
    return {
        step: reverse(f"chronology:import_{step}", args=[request_id])
        for step in ("start", "sheet", "headings", "map")
    } | {"caption": "Step 2 of 3"}


def _load(request: HttpRequest, request_id: int):
    chron_request = selectors.get_request(request.user, request_id)
    require(request, ChronologyPermission.CONTRIBUTE, chron_request)
    data = request.session.get(services.SESSION_KEY) or {}
    state = None
    if data.get("request_id") == chron_request.pk:
        state = services.ImportState.from_session(data.get("state"), request.user)
    return chron_request, state


def _save(request: HttpRequest, chron_request, state) -> None:
    request.session[services.SESSION_KEY] = {
        "request_id": chron_request.pk,
        "state": state.to_session(),
    }


def _forget(request: HttpRequest, state) -> None:
    if state is not None:
        tracker_import.discard_upload(state.stored_name)
    request.session.pop(services.SESSION_KEY, None)


def _restart(request: HttpRequest, request_id: int, message: str = NO_IMPORT) -> HttpResponse:
    messages.info(request, message)
    return redirect("chronology:import_start", request_id=request_id)


def _unreadable(request, chron_request, state, exc: TrackerUnreadable) -> HttpResponse:
    _forget(request, state)
    return _restart(request, chron_request.pk, f"{state.original_name} {exc}. Nothing was imported")


def upload_entries(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request, previous = _load(request, request_id)
    errors: list = []
    if request.method == "POST":
        form, state = read_upload(
            request,
            EntriesUploadForm,
            lambda f: services.keep_upload(request.user, chron_request, f),
        )
        if state is not None:
            _forget(request, previous)
            _save(request, chron_request, state)
            step = "sheet" if len(state.sheets) > 1 else "map"
            return redirect(f"chronology:import_{step}", request_id=chron_request.pk)
        errors = error_summary(form)
    else:
        form = EntriesUploadForm()
    return page(
        request,
        "chronology/import_start.html",
        f"Import {chron_request.agency.name}'s chronology",
        form=form,
        errors=errors,
        fields=FIELDS,
        chron_request=chron_request,
    )


def sheet(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request, state = _load(request, request_id)
    if state is None:
        return _restart(request, request_id)
    form = SheetForm(state.sheets, request.POST or None, initial={"sheet": state.sheet})
    form.fields["sheet"].label = "Which sheet holds the chronology?"
    form.fields["sheet"].error_messages["required"] = "Select the sheet that holds the chronology"
    if request.method == "POST" and form.is_valid():
        try:
            tracker_import.choose_sheet(state, form.cleaned_data["sheet"], fields=FIELDS)
        except TrackerUnreadable as exc:
            return _unreadable(request, chron_request, state, exc)
        _save(request, chron_request, state)
        return redirect("chronology:import_map", request_id=request_id)
    return page(
        request,
        "actions/import_sheet.html",
        "Which sheet holds the chronology?",
        form=form,
        state=state,
        steps=_steps(request_id),
        errors=error_summary(form),
        sheet_params=radios_params(
            form["sheet"],
            fieldset={"legend": {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"}},
        ),
    )


def headings(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request, state = _load(request, request_id)
    if state is None:
        return _restart(request, request_id)
    return heading_row_step(
        request,
        state,
        choose=lambda row: tracker_import.choose_sheet(state, state.sheet, row, fields=FIELDS),
        save=lambda: _save(request, chron_request, state),
        next_url=reverse("chronology:import_map", args=[request_id]),
        unreadable=lambda exc: _unreadable(request, chron_request, state, exc),
        steps=_steps(request_id),
    )


def map_columns(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request, state = _load(request, request_id)
    if state is None:
        return _restart(request, request_id)
    try:
        their_headings = tracker_import.headings(state)
    except TrackerUnreadable as exc:
        return _unreadable(request, chron_request, state, exc)
    form = MapForm(their_headings, request.POST or None, initial=state.column_map, fields=FIELDS)
    if request.method == "POST" and form.is_valid():
        state.column_map = form.column_map()
        _save(request, chron_request, state)
        return redirect("chronology:import_preview", request_id=request_id)
    steps = _steps(request_id)
    return page(
        request,
        "actions/import_map.html",
        "Match your columns to ours",
        form=form,
        state=state,
        steps=steps,
        errors=error_summary(form),
        selects=[select_params(form[f.key]) for f in FIELDS],
        required=[f.label for f in FIELDS if f.required],
        back=steps["sheet"] if len(state.sheets) > 1 else steps["start"],
    )


class _Row:
    """A good row, shaped like an entry for the preview table."""

    def __init__(self, chron_request, data: dict) -> None:
        self.__dict__.update(data)
        self.agency = chron_request.agency
        self.added_by = None


def _render_preview(request, chron_request, state, preview, extra=None) -> HttpResponse:
    counts = tracker_presenters.counts(preview)
    entries = len(preview.good)
    return page(
        request,
        "chronology/import_preview.html",
        "Check the rows before you import them",
        chron_request=chron_request,
        state=state,
        preview=preview,
        errors=[*(extra or []), *tracker_presenters.error_summary(preview)],
        counts=counts,
        entries_text=f"{entries:,} {'entry' if entries == 1 else 'entries'}",
        error_rows=tracker_presenters.error_rows(preview),
        good_rows=show([_Row(chron_request, data) for _, data in preview.good[:20]]),
        good_numbers=[number for number, _ in preview.good[:20]],
        map_rows=[
            {
                "key": {"text": f.label},
                "value": {"text": state.column_map.get(f.key) or "Not in this file"},
            }
            for f in FIELDS
        ],
        steps=_steps(chron_request.pk),
    )


def preview(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request, state = _load(request, request_id)
    if state is None:
        return _restart(request, request_id)
    if not state.column_map:
        return redirect("chronology:import_map", request_id=request_id)
    try:
        result = services.preview_import(request.user, chron_request, state)
    except TrackerUnreadable as exc:
        return _unreadable(request, chron_request, state, exc)
    return _render_preview(request, chron_request, state, result)


@require_POST
def confirm(request: HttpRequest, request_id: int) -> HttpResponse:
    chron_request, state = _load(request, request_id)
    if state is None:
        return _restart(request, request_id)
    try:
        batch = services.run_import(request.user, chron_request, state)
    except TrackerUnreadable as exc:
        return _unreadable(request, chron_request, state, exc)
    except services.ImportNotPossible as exc:
        stale = {
            "text": "Nothing was imported: the rows no longer all pass the checks",
            "href": "#row-errors",
        }
        return _render_preview(request, chron_request, state, exc.preview, [stale])
    _forget(request, state)
    messages.success(request, f"{batch.rows:,} entries imported from {batch.original_name}.")
    return redirect("chronology:agency", request_id=request_id)


@require_POST
def cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    _chron_request, state = _load(request, request_id)
    _forget(request, state)
    messages.info(
        request, "The import was cancelled and the uploaded file deleted. Nothing was imported"
    )
    return redirect("chronology:import_start", request_id=request_id)
