"""Reading an uploaded tracker (Excel .xlsx or CSV) as rows of cell values, streamed.

Excel is read with openpyxl in read-only mode, one row at a time, so a 50,000-row sheet never
sits in memory as a workbook. Reading a big sheet with openpyxl is the slow part of an import
(about 10 seconds for 50,000 rows of 9 columns on the 2-core machine it was built on), and the
journey reads the whole sheet twice (preview, then again at confirm to re-check it). So the first
full read of a sheet also writes its rows, as plain JSON lines, next to the upload; the second
read takes them from there. The upload itself stays the record of what was imported (sha256).

Reading stops at limits set in settings (ADR 0017), and the message names the limit: more than
TRACKER_MAX_ROWS rows, data beyond TRACKER_MAX_COLUMNS columns, a cell over
TRACKER_MAX_CELL_CHARS characters. Before openpyxl opens a workbook, core.workbooks reads its
XML once with expat, so openpyxl never meets a row or a string table too big to hold.

A cell value is what the spreadsheet holds: str, int, float, date, datetime, bool or None, or
one of two markers: `Formula` (the cell holds a formula, not a value) and `CellError` (#N/A).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from casereviews.core import files, workbooks

HEAD_ROWS = 200  # rows kept at upload for the steps before the preview
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected xlsx, or an old .xls

# Text a spreadsheet program would run if the CSV were opened in it: "=..." always; "+", "-" or
# "@" straight before a function name and a bracket, pipe or exclamation mark ("@SUM(",
# "-cmd|"). Plain text such as "- see the minutes (May)" is not one.
CSV_FORMULA = re.compile(r"^\s*(=|[+\-@][A-Za-z_][\w.]*[(|!])")


class Formula(str):
    """The cell holds a formula (this text), not a value."""


class CellError(str):
    """The cell holds a spreadsheet error such as #N/A or #REF!."""


Value = Any  # str | int | float | dt.date | dt.datetime | bool | None | Formula | CellError


class TrackerUnreadable(ValueError):
    """The file cannot be read as a tracker; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet program shows it (1 = the first row)
    cells: tuple[Value, ...]

    def is_blank(self) -> bool:
        return all(is_blank(v) for v in self.cells)


def is_blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """'A' for 0, 'AA' for 26."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- Before keeping the upload ---------------------------------------------------------------


def password_protected(head: bytes, name: str) -> bool:
    """An .xlsx that is really an encrypted (or old binary) Office file."""
    return name.lower().endswith(".xlsx") and head.startswith(CFB_SIGNATURE)


def csv_as_utf8(data: bytes) -> tuple[bytes, str]:
    """The CSV's bytes in UTF-8 and the name of the encoding it was read in.

    Tries UTF-8 (with or without the byte-order mark Excel writes), then Windows-1252 (what
    Excel on Windows writes for "CSV (Comma delimited)"). Raises TrackerUnreadable otherwise.
    """
    if b"\x00" in data:
        raise TrackerUnreadable("is not a CSV file: it holds binary data")
    try:
        text = data.decode("utf-8-sig")
        encoding = "UTF-8"
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            encoding = "Windows-1252"
        except UnicodeDecodeError as exc:
            raise TrackerUnreadable(
                "is not in UTF-8 or Windows-1252 text. In Excel, save it as "
                "\u201cCSV UTF-8 (Comma delimited)\u201d, then upload it again"
            ) from exc
    return text.encode("utf-8"), encoding


# --- Sheets -------------------------------------------------------------------------------


def scan(stored_name: str, kind: str) -> list[str]:
    """The sheets that have rows (visible sheets first); a CSV's one sheet is named ''.

    A workbook is opened once: the first HEAD_ROWS rows of each sheet are kept beside the
    upload, so the steps before the preview (sheet, headings, columns) never open it again.
    """
    if kind == "csv":
        rows = list(read_rows(stored_name, kind, limit=HEAD_ROWS))
        return [""] if any(not r.is_blank() for r in rows) else []
    try:
        workbooks.check_workbook(
            str(files.stored_path(stored_name)),
            max_cell_chars=settings.TRACKER_MAX_CELL_CHARS,
            max_strings=settings.TRACKER_MAX_ROWS * 10,
        )
    except workbooks.WorkbookRefused as exc:
        raise TrackerUnreadable(str(exc)) from exc
    workbook = _open_workbook(stored_name)
    try:
        sheets = sorted(workbook.worksheets, key=lambda ws: ws.sheet_state != "visible")
        found = []
        for worksheet in sheets:
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet
                continue
            rows = list(_limited(_worksheet_rows(worksheet), HEAD_ROWS))
            if any(not r.is_blank() for r in rows):
                _write_cache(_cache_path(stored_name, worksheet.title, "head"), rows)
                found.append(worksheet.title)
    finally:
        workbook.close()
    return found


def row_count(stored_name: str, kind: str, sheet: str = "") -> int | None:
    """How many rows the sheet has, headings included, without reading it all: a CSV's rows
    are counted (fast); a workbook's are what the sheet declares (its dimension, which Excel
    and openpyxl write), or what a full read already found. None when it declares nothing.
    """
    if kind == "csv":
        return sum(1 for _ in _limited(_csv_rows(stored_name), None))
    cache = _cache_path(stored_name, sheet)
    if cache.exists():
        with open(cache, encoding="utf-8") as lines:
            return sum(1 for _ in lines)
    workbook = _open_workbook(stored_name)
    try:
        if sheet not in workbook.sheetnames:
            raise TrackerUnreadable(f"has no sheet called \u201c{sheet}\u201d")
        return getattr(workbook[sheet], "max_row", None)
    finally:
        workbook.close()


def _open_workbook(stored_name: str):
    import openpyxl

    try:
        return openpyxl.load_workbook(
            files.stored_path(stored_name), read_only=True, data_only=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TrackerUnreadable(
            "could not be opened as an Excel workbook: it may be damaged. Open it in Excel, "
            "save it again as an .xlsx workbook, then upload it again"
        ) from exc


def _cache_path(stored_name: str, sheet: str, part: str = "rows") -> Path:
    base = files.stored_path(stored_name)
    digest = hashlib.sha1(sheet.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return base.with_name(f"{base.name}.{digest}.{part}.jsonl")


def discard_cache(stored_name: str) -> None:
    """Remove the rows read from a kept upload (with the upload, after import or cancel)."""
    base = files.stored_path(stored_name)
    for path in base.parent.glob(f"{base.name}.*.jsonl*"):
        path.unlink(missing_ok=True)


def read_rows(
    stored_name: str, kind: str, sheet: str = "", limit: int | None = None
) -> Iterator[Row]:
    """Every row of the sheet (or the first `limit`), blank rows included, in order.

    Raises TrackerUnreadable for a file that cannot be read or a sheet that is too big.
    """
    if kind == "csv":
        yield from _limited(_csv_rows(stored_name), limit)
        return
    cache = _cache_path(stored_name, sheet)
    head = _cache_path(stored_name, sheet, "head")
    if cache.exists():
        yield from _limited(_cached_rows(cache), limit)
    elif limit is not None and limit <= HEAD_ROWS and head.exists():
        yield from _limited(_cached_rows(head), limit)
    elif limit is not None:
        yield from _limited(_xlsx_rows(stored_name, sheet), limit)
    else:
        yield from _xlsx_rows_caching(stored_name, sheet, cache)


def _limited(rows: Iterator[Row], limit: int | None) -> Iterator[Row]:
    most = settings.TRACKER_MAX_ROWS
    for count, row in enumerate(rows):
        if limit is not None and count >= limit:
            return
        if count > most:
            raise TrackerUnreadable(
                f"has more than {most:,} rows: the most read is {most:,}. Split it into "
                "smaller files"
            )
        yield row


def _within_limits(number: int, cells: tuple[Value, ...]) -> tuple[Value, ...]:
    """The row's cells up to the column limit; TrackerUnreadable for data beyond a limit."""
    columns = settings.TRACKER_MAX_COLUMNS
    beyond = next((i for i in range(columns, len(cells)) if not is_blank(cells[i])), None)
    if beyond is not None:
        raise TrackerUnreadable(
            f"has data in column {column_letter(beyond)} (row {number:,}): the most columns "
            f"read is {columns}. Delete the columns the import does not need, then upload it "
            "again"
        )
    most = settings.TRACKER_MAX_CELL_CHARS
    for index, value in enumerate(cells[:columns]):
        if isinstance(value, str) and len(value) > most:
            raise TrackerUnreadable(
                f"has a cell ({column_letter(index)}{number}) of {len(value):,} characters: "
                f"the most accepted in one cell is {most:,}"
            )
    return cells[:columns]


def _csv_lines(text: io.TextIOBase) -> Iterator[str]:
    """The CSV's lines, refusing one with more separators than Excel has columns.

    csv.reader builds a whole row as a list; this keeps that list small. Each field is bounded
    by csv.field_size_limit (131,072 characters by default) and then by the cell limit.
    """
    for line in text:
        if line.count(",") >= workbooks.EXCEL_MAX_COLUMNS:
            raise TrackerUnreadable(
                f"has a line with more than {workbooks.EXCEL_MAX_COLUMNS:,} columns, more than "
                "Excel itself allows"
            )
        yield line


def _csv_rows(stored_name: str) -> Iterator[Row]:
    with files.open_stored(stored_name) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            reader = csv.reader(_csv_lines(text))
            for number, cells in enumerate(reader, start=1):
                yield Row(number, _within_limits(number, tuple(_csv_cell(c) for c in cells)))
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise TrackerUnreadable(
                    f"has a cell longer than {csv.field_size_limit():,} characters: the most "
                    f"accepted in one cell is {settings.TRACKER_MAX_CELL_CHARS:,}"
                ) from exc
            raise TrackerUnreadable(_CSV_UNREADABLE) from exc
        except UnicodeDecodeError as exc:
            raise TrackerUnreadable(_CSV_UNREADABLE) from exc


_CSV_UNREADABLE = (
    "could not be read as a CSV file. Save it again from Excel as "
    "\u201cCSV UTF-8 (Comma delimited)\u201d"
)


def _csv_cell(text: str) -> Value:
    if CSV_FORMULA.match(text):
        return Formula(text.strip())
    return text


def _xlsx_rows(stored_name: str, sheet: str) -> Iterator[Row]:
    workbook = _open_workbook(stored_name)
    try:
        if sheet not in workbook.sheetnames:
            raise TrackerUnreadable(f"has no sheet called \u201c{sheet}\u201d")
        worksheet = workbook[sheet]
        if not hasattr(worksheet, "iter_rows"):
            raise TrackerUnreadable(f"\u201c{sheet}\u201d is a chart, not a sheet of rows")
        yield from _worksheet_rows(worksheet)
    finally:
        workbook.close()


def _worksheet_rows(worksheet) -> Iterator[Row]:
    # Workbooks written by other programs often carry no or wrong dimensions; without this,
    # openpyxl would read the whole sheet once just to size it.
    worksheet.reset_dimensions()
    expected = 1
    try:
        for cells in worksheet.iter_rows(max_col=settings.TRACKER_MAX_COLUMNS + 1):
            number = getattr(cells[0], "row", None) if cells else None
            if number is None:
                number = expected
            while expected < number:  # rows the file leaves out are blank rows
                yield Row(expected, ())
                expected += 1
            values = _within_limits(number, tuple(_xlsx_cell(c) for c in cells))
            yield Row(number, _trimmed(values))
            expected = number + 1
    except TrackerUnreadable:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as exc:
        raise TrackerUnreadable(
            "could not be read to the end: the workbook may be damaged. Open it in Excel, "
            "save it again, then upload it again"
        ) from exc


def _trimmed(cells: tuple[Value, ...]) -> tuple[Value, ...]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


def _xlsx_cell(cell) -> Value:
    kind = getattr(cell, "data_type", None)
    value = getattr(cell, "value", None)
    if kind == "f":
        return Formula(str(value))
    if kind == "e":
        return CellError(str(value))
    return value


# --- The rows cache (JSON lines) -------------------------------------------------------------


def _encode(value: Value) -> Any:
    if isinstance(value, Formula):
        return {"f": str(value)}
    if isinstance(value, CellError):
        return {"e": str(value)}
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"h": value.isoformat()}
    return value


def _decode(value: Any) -> Value:
    if not isinstance(value, dict):
        return value
    if "f" in value:
        return Formula(value["f"])
    if "e" in value:
        return CellError(value["e"])
    if "t" in value:
        return dt.datetime.fromisoformat(value["t"])
    if "d" in value:
        return dt.date.fromisoformat(value["d"])
    return dt.time.fromisoformat(value["h"])


def _xlsx_rows_caching(stored_name: str, sheet: str, cache: Path) -> Iterator[Row]:
    """Read the sheet, writing its rows to `cache`; the cache counts only once complete."""
    partial = cache.with_name(cache.name + ".part")
    try:
        with open(partial, "w", encoding="utf-8") as out:
            for row in _limited(_xlsx_rows(stored_name, sheet), None):
                out.write(json.dumps([row.number, [_encode(v) for v in row.cells]], default=str))
                out.write("\n")
                yield row
        os.replace(partial, cache)
    finally:  # refused, failed or abandoned part-way: no half-written rows left behind
        partial.unlink(missing_ok=True)


def _write_cache(path: Path, rows: list[Row]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps([row.number, [_encode(v) for v in row.cells]], default=str))
            out.write("\n")


def _cached_rows(cache: Path) -> Iterator[Row]:
    with open(cache, encoding="utf-8") as source:
        for line in source:
            number, cells = json.loads(line)
            yield Row(number, tuple(_decode(v) for v in cells))


def text_of(value: Value) -> str:
    """A cell as the person sees it in their spreadsheet, for headings and messages."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
