"""The tracker import's writes: keeping the upload while the person maps and previews it, and
the import itself, all or nothing, through the actions services (one place for each rule).

The import in progress lives in the person's session as an `ImportState`: the kept upload's
name (never a path), what it is, and the choices made so far. It belongs to one user of one
partnership; a state that is not the user's own is refused as "not found".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.actions.importing import selectors as selectors
from casereviews.actions.importing import write as write
from casereviews.actions.importing.checks import Preview, check_rows
from casereviews.actions.importing.fields import (
    FIELDS,
    HEADER_SEARCH_ROWS,
    Field,
    guess_header_row,
    guess_map,
    headings_of,
)
from casereviews.actions.importing.read import (
    HEAD_ROWS,
    Row,
    TrackerUnreadable,
    csv_as_utf8,
    discard_cache,
    password_protected,
    read_rows,
    row_count,
    scan,
)
from casereviews.actions.models import ImportBatch
from casereviews.core import audit, files
from casereviews.core.presenters import format_date

SESSION_KEY = "actions_import"


@dataclass
class ImportState:
    stored_name: str
    original_name: str
    kind: str  # "xlsx" or "csv"
    sha256: str  # of the file as uploaded
    partnership_id: int
    user_id: int
    encoding: str = ""  # a CSV's: "UTF-8" or "Windows-1252"
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 0
    column_map: dict[str, str] = field(default_factory=dict)
    rows: int | None = None  # the sheet's rows, headings included, once counted (read.row_count)

    def to_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: Any, user) -> ImportState | None:
        """The user's import in progress; None if there is none. Http404 if the state is not
        this user's (a session carried across sign-ins): it names nothing of theirs."""
        if not isinstance(data, dict):
            return None
        try:
            state = cls(**data)
        except TypeError:
            return None
        if state.user_id != user.pk or state.partnership_id != user.partnership_id:
            raise Http404
        try:
            if not files.stored_path(state.stored_name).exists():
                return None
        except ValueError as exc:
            raise Http404 from exc
        return state


def _require(actor) -> None:
    if not actor.has_perm(Permission.IMPORT_ACTIONS):
        raise PermissionDenied


def _sha256(uploaded: UploadedFile) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def keep_upload(actor, uploaded: UploadedFile) -> ImportState:
    """Check and keep the uploaded tracker; files.UploadRejected says why it cannot be used.

    Nothing is kept of a refused file.
    """
    _require(actor)
    return keep_spreadsheet(actor, uploaded)


def keep_spreadsheet(
    actor, uploaded: UploadedFile, fields: tuple[Field, ...] = FIELDS
) -> ImportState:
    """Check and keep an uploaded spreadsheet for an import of `fields` (the caller has checked
    the actor may import); files.UploadRejected says why it cannot be used. Nothing is kept of
    a refused file. The chronology's import (casereviews.chronology.importing) uses it too.
    """
    name = files.safe_name(uploaded.name or "")
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if password_protected(head, name):
        raise files.UploadRejected(
            f"{name} is protected with a password, or is an old-style Excel file. Save it as an "
            "Excel workbook (.xlsx) without a password, then upload it again"
        )
    sha256 = _sha256(uploaded)
    encoding = ""
    small_enough = uploaded.size is not None and 0 < uploaded.size <= settings.MAX_UPLOAD_BYTES
    if name.lower().endswith(".csv") and small_enough:
        uploaded.seek(0)
        try:
            data, encoding = csv_as_utf8(uploaded.read())
        except TrackerUnreadable as exc:
            raise files.UploadRejected(f"{name} {exc}") from exc
        uploaded = SimpleUploadedFile(name, data, content_type="text/csv")
    stored = files.store_upload(uploaded, kinds=files.TRACKER_KINDS, folder="imports")
    try:
        sheets = scan(stored.stored_name, stored.kind)
        if not sheets:
            raise TrackerUnreadable(
                "has no rows: "
                + ("every sheet is empty" if stored.kind == "xlsx" else "the file is empty")
            )
    except TrackerUnreadable as exc:
        discard_upload(stored.stored_name)
        raise files.UploadRejected(f"{name} {exc}") from exc
    except BaseException:  # any failure while reading: the upload is not kept either
        discard_upload(stored.stored_name)
        raise
    state = ImportState(
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        kind=stored.kind,
        sha256=sha256,
        partnership_id=actor.partnership_id,
        user_id=actor.pk,
        encoding=encoding,
        sheets=sheets,
        sheet=sheets[0],
    )
    choose_sheet(state, sheets[0], fields=fields)
    return state


def _first_rows(stored_name: str, kind: str, sheet: str) -> list[Row]:
    """The first rows of a sheet (up to HEAD_ROWS); [] when all blank."""
    rows = list(read_rows(stored_name, kind, sheet, limit=HEAD_ROWS))
    return rows if any(not r.is_blank() for r in rows) else []


def choose_sheet(
    state: ImportState,
    sheet: str,
    header_row: int | None = None,
    fields: tuple[Field, ...] = FIELDS,
) -> None:
    """Use `sheet`, with the headings in `header_row` (guessed if None); guess the column map."""
    rows = _first_rows(state.stored_name, state.kind, sheet)
    state.sheet = sheet
    state.rows = None
    state.header_row = header_row or guess_header_row(rows, fields)
    state.column_map = guess_map(headings(state), fields)


def sample_rows(state: ImportState, count: int = HEADER_SEARCH_ROWS) -> list[Row]:
    return list(read_rows(state.stored_name, state.kind, state.sheet, limit=count))


def headings(state: ImportState) -> list[str]:
    for row in read_rows(state.stored_name, state.kind, state.sheet, limit=state.header_row):
        if row.number == state.header_row:
            return headings_of(row)
    return []


def discard_upload(stored_name: str) -> None:
    """Remove the kept upload and anything read from it."""
    discard_cache(stored_name)
    files.discard(stored_name)


def rows_below_headings(state: ImportState) -> int | None:
    """About how many rows there are to import (counted once, kept in the state); None when
    the workbook does not say."""
    if state.rows is None:
        state.rows = row_count(state.stored_name, state.kind, state.sheet)
    return None if state.rows is None else max(0, state.rows - state.header_row)


def in_background(state: ImportState) -> bool:
    """Whether a worker checks and imports it (core.jobs): more rows than
    settings.JOBS_IMPORT_ROWS, or a workbook that does not say how many it has."""
    rows = rows_below_headings(state)
    return rows is None or rows > settings.JOBS_IMPORT_ROWS


# --- Preview and import -----------------------------------------------------------------------


def _counted(rows: Iterator[Row], progress) -> Iterator[Row]:
    for row in rows:
        progress.advance(row.number)
        yield row


def preview_import(actor, state: ImportState, progress=None) -> Preview:
    """Check every row against what is in the database now. Writes nothing. `progress` (a
    core.jobs.Progress) hears the number of each row read.

    Raises TrackerUnreadable if the file cannot be read to the end.
    """
    _require(actor)
    context = selectors.context_for(actor)
    rows = read_rows(state.stored_name, state.kind, state.sheet)
    preview = check_rows(
        context,
        state.column_map,
        headings(state),
        state.header_row,
        _counted(rows, progress) if progress is not None else rows,
    )
    earlier = selectors.earlier_import_of(actor, state.sha256)
    if earlier is not None:
        who = f" by {earlier.imported_by}" if earlier.imported_by else ""
        preview.file_problems.append(
            f"This file was imported on {format_date(earlier.imported_at)}{who} "
            f"({earlier.rows} actions). Importing it again would add its actions twice"
        )
    if not preview.rows_read:
        preview.file_problems.append(
            f"There are no rows to import below the column headings in row {state.header_row}"
        )
    return preview


class ImportNotPossible(Exception):
    """The rows do not all pass the checks (any more): nothing was written."""

    def __init__(self, preview: Preview):
        super().__init__("rows with errors")
        self.preview = preview


class ImportFailed(Exception):
    """Writing failed part-way; everything was rolled back. The message names the row."""


def run_import(actor, state: ImportState, progress=None) -> ImportBatch:
    """Check every row again, then write them all in one transaction, or nothing.

    The rows meet the rules a person adding an action by hand meets (the actions services'
    checks: own agency for an agency lead, Blue only with evidence); see importing.write.
    `progress` (a core.jobs.Progress, in a job) hears the rows checked, then the saving.
    """
    preview = preview_import(actor, state, progress)
    if not preview.ok:
        raise ImportNotPossible(preview)
    if progress is not None:  # written before the transaction: the page can show it
        progress.step(f"Saving {len(preview.good):,} actions with their history")
    today = timezone.localdate()
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                partnership_id=actor.partnership_id,
                original_name=state.original_name,
                sha256=state.sha256,
                rows=len(preview.good),
                column_map=dict(state.column_map),
                imported_by=actor,
            )
            audit.record_create(actor, batch, partnership=actor.partnership)
            existing = selectors.context_for(actor).existing_recommendations
            recommendations = write.recommendations_for(actor, preview.good, existing)
            write.create_actions(actor, preview.good, recommendations, batch, today, progress)
    except write.RowRefused as exc:
        raise ImportFailed(
            f"Nothing was imported: row {exc.row} was refused ({exc.messages[0]})"
        ) from exc
    except (ValidationError, PermissionDenied, DatabaseError) as exc:
        detail = f" ({exc.messages[0]})" if isinstance(exc, ValidationError) else ""
        raise ImportFailed(
            f"Nothing was imported: saving the rows failed{detail}. Try again; if it fails "
            "again, tell the business unit"
        ) from exc
    return batch
