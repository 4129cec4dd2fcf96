"""Importing a sign-in sheet into an event's register, all or nothing.

The journey and its file handling are the tracker import's (casereviews.actions.importing):
keeping the upload (`keep_spreadsheet`: size, kind, hostile workbooks refused), the sheets, the
heading row, the column map and the rows read; only the fields and the row checks are a sign-in
sheet's own (importing.fields). The import in progress lives in the session, one per event.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction

from casereviews.accounts.roles import Permission
from casereviews.actions.importing import services as tracker
from casereviews.actions.importing.read import read_rows
from casereviews.core import audit
from casereviews.core.presenters import format_date

from .. import selectors, services
from ..models import AttendanceSource, Event, SignInImport
from .fields import SIGN_IN_FIELDS, SheetPreview, check_rows

ImportState = tracker.ImportState
ImportNotPossible = tracker.ImportNotPossible
ImportFailed = tracker.ImportFailed
discard_upload = tracker.discard_upload


def session_key(event: Event) -> str:
    return f"events_sign_in_{event.pk}"


def _require(actor) -> None:
    if not actor.has_perm(Permission.MANAGE_EVENTS):
        raise PermissionDenied


def keep_upload(actor, uploaded: UploadedFile) -> ImportState:
    """Check and keep the sign-in sheet (files.UploadRejected says why not); guess its headings
    and columns."""
    _require(actor)
    return tracker.keep_spreadsheet(actor, uploaded, SIGN_IN_FIELDS)


def choose_sheet(state: ImportState, sheet: str, header_row: int | None = None) -> None:
    tracker.choose_sheet(state, sheet, header_row, SIGN_IN_FIELDS)


def _agencies(actor) -> dict[str, object]:
    found: dict[str, object] = {}
    for agency in selectors.all_agencies(actor).order_by("-active", "name"):
        for name in (agency.name, agency.short_name):
            if name:
                found.setdefault(" ".join(name.lower().split()), agency)
    return found


def preview_import(actor, event: Event, state: ImportState) -> SheetPreview:
    """Every row checked against the partnership's agencies now. Writes nothing."""
    _require(actor)
    preview = check_rows(
        _agencies(actor),
        state.column_map,
        tracker.headings(state),
        state.header_row,
        read_rows(state.stored_name, state.kind, state.sheet),
    )
    earlier = event.imports.filter(sha256=state.sha256).first()
    if earlier is not None:
        preview.file_problems.append(
            f"This sheet was imported into this register on {format_date(earlier.imported_at)} "
            f"({earlier.rows} names). Importing it again would add its names twice"
        )
    return preview


def over_capacity(event: Event, preview: SheetPreview) -> int:
    """How many more would have attended than the event had places (0 if none or no limit)."""
    if event.capacity is None:
        return 0
    present = event.register.filter(attended=True).count()
    adding = sum(1 for line in preview.good if line.attended)
    return max(0, present + adding - event.capacity)


def run_import(actor, event: Event, state: ImportState) -> SignInImport:
    """Check every row again, then add them all to the register in one transaction, or none."""
    preview = preview_import(actor, event, state)
    if not preview.ok:
        raise ImportNotPossible(preview)
    try:
        with transaction.atomic():
            batch = SignInImport.objects.create(
                event=event,
                original_name=state.original_name,
                sha256=state.sha256,
                rows=len(preview.good),
                imported_by=actor,
            )
            audit.record_create(actor, batch)
            services.add_lines(
                actor,
                event,
                [
                    {"name": x.name, "agency": x.agency, "role": x.role, "attended": x.attended}
                    for x in preview.good
                ],
                source=AttendanceSource.IMPORTED,
                sign_in=batch,
            )
    except DatabaseError as exc:
        raise ImportFailed(
            "Nothing was imported: saving the names failed. Try again; if it fails again, "
            "tell the business unit"
        ) from exc
    return batch
