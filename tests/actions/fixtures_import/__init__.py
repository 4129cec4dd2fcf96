"""Trackers for the import tests, built in memory (big ones are generated, never committed)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

HEADINGS = [
    "Ref",
    "Recommendation",
    "Action required",
    "Lead agency",
    "Lead officer",
    "Target date",
    "RAG",
    "Update",
    "Evidence of impact",
]
REC_1 = "Agencies must check who else is working with a family before closing a case."
REC_2 = "Practitioners must record the views of the child at every visit."


def good_rows() -> list[list[Any]]:
    """Four good rows: two recommendations of Ref057, police and health, every status path."""
    return [
        ["Ref057", REC_1, "Brief every response officer on recording children present.",
         "Northshire Police", "Detective Inspector", dt.datetime(2027, 3, 31), "Amber",
         "Briefings given to 3 of 5 teams.", None],
        ["Ref57", REC_1, "Audit health visitor records for fathers' details.",
         "northshire health", "Named Nurse", "31/01/2027", "R", None, None],
        ["REF057", REC_2, "Add the child's voice to the supervision template.",
         "Northshire Health", "Head of Safeguarding", "15 March 2027", "Completed",
         None, None],
        ["Ref057", REC_2, "Dip sample case files for the child's words.",
         "Northshire Police", "DCI Public Protection", "2026-09-30", "Blue",
         "Dip sample done.", "Children's words now recorded in 9 of 10 files."],
    ]  # fmt: skip


def xlsx_bytes(
    rows: Iterable[Sequence[Any]],
    headings: Sequence[Any] = HEADINGS,
    *,
    title_rows: Sequence[Sequence[Any]] = (),
    sheet: str = "Tracker",
    extra_sheets: dict[str, list[list[Any]]] | None = None,
    write_only: bool = False,
) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=write_only)
    if write_only:
        ws = book.create_sheet(sheet)
    else:
        ws = book.active
        ws.title = sheet
    for row in title_rows:
        ws.append(list(row))
    ws.append(list(headings))
    for row in rows:
        ws.append(list(row))
    for name, extra in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(
    rows: Iterable[Sequence[Any]], headings: Sequence[Any] = HEADINGS, encoding: str = "utf-8"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for row in rows:
        writer.writerow(
            [f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else ("" if v is None else v) for v in row]
        )
    return out.getvalue().encode(encoding)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def start_import(client, name: str, content: bytes, *, follow: bool = False):
    return client.post("/actions/import/", {"file": upload(name, content)}, follow=follow)


def guessed_map(client) -> dict[str, str]:
    return dict(client.session["actions_import"]["column_map"])


def preview_of(client, name: str, content: bytes, **map_changes: str):
    """Upload, accept the guessed columns (with `map_changes`), and open the preview."""
    response = start_import(client, name, content)
    assert response.status_code == 302, response.content.decode()[:3000]
    column_map = guessed_map(client) | map_changes
    response = client.post("/actions/import/columns/", column_map)
    assert response.status_code == 302, response.content.decode()[:3000]
    return client.get("/actions/import/check/")
