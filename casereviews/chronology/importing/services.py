"""The chronology import's writes: the upload kept while the agency maps and checks it (the
tracker import's own keeping, `keep_spreadsheet`), then every row written in one transaction,
or none, each entry audited as one typed on the page is.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casereviews.actions.importing import services as tracker_import
from casereviews.actions.importing.checks import Preview
from casereviews.actions.importing.read import read_rows
from casereviews.chronology import selectors
from casereviews.chronology.importing.rows import FIELDS, check_rows
from casereviews.chronology.models import ChronologyEntry, ChronologyRequest, EntryImport
from casereviews.chronology.permissions import ChronologyPermission
from casereviews.core import audit, search_index
from casereviews.core.presenters import format_date

SESSION_KEY = "chronology_import"
ImportState = tracker_import.ImportState


def _require(actor, request: ChronologyRequest) -> None:
    if not actor.has_perm(ChronologyPermission.CONTRIBUTE, request):
        raise PermissionDenied


def keep_upload(actor, request: ChronologyRequest, uploaded) -> ImportState:
    """files.UploadRejected says why the file cannot be used; nothing is kept of it then."""
    _require(actor, request)
    return tracker_import.keep_spreadsheet(actor, uploaded, FIELDS)


def preview_import(actor, request: ChronologyRequest, state: ImportState) -> Preview:
    """Check every row against the chronology as it is now. Writes nothing."""
    _require(actor, request)
    preview = check_rows(
        selectors.scope_for(request),
        request.agency_id,
        state.column_map,
        tracker_import.headings(state),
        state.header_row,
        read_rows(state.stored_name, state.kind, state.sheet),
    )
    earlier = selectors.earlier_import_of(request, state.sha256)
    if earlier is not None:
        preview.file_problems.append(
            f"This file was imported on {format_date(earlier.imported_at)} by "
            f"{earlier.imported_by} ({earlier.rows} entries). Importing it again would add its "
            "entries twice"
        )
    if not preview.rows_read:
        preview.file_problems.append(
            f"There are no rows to import below the column headings in row {state.header_row}"
        )
    return preview


# The tracker's own refusal: the import views of every journey catch this one class.
ImportNotPossible = tracker_import.ImportNotPossible


@transaction.atomic
def run_import(actor, request: ChronologyRequest, state: ImportState) -> EntryImport:
    """Check every row again, then write them all, or nothing (ImportNotPossible)."""
    _require(actor, request)
    ChronologyRequest.objects.select_for_update().filter(pk=request.pk).first()
    preview = preview_import(actor, request, state)
    if not preview.ok:
        raise ImportNotPossible(preview)
    batch = EntryImport.objects.create(
        request=request,
        original_name=state.original_name,
        sha256=state.sha256,
        rows=len(preview.good),
        imported_by=actor,
    )
    audit.record_create(actor, batch)
    now = timezone.now()
    entries = ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                chronology=request.chronology,
                agency=request.agency,
                added_by=actor,
                added_at=now,
                imported=batch,
                row=number,
                **data,
            )
            for number, data in preview.good
        ],
        batch_size=500,
    )
    audit.record_created_many(actor, entries, partnership=request.chronology.review.partnership)
    for entry in entries:
        search_index.index_record(entry)
    return batch
