"""A streaming look at an Excel workbook's XML before openpyxl reads it.

openpyxl's read-only mode streams a sheet row by row, but it builds each whole row in memory and
loads every shared string at once. So, after core.archives has proved the sizes true, every XML
part of the workbook is read here with expat, in chunks, keeping nothing but counters:

- no document type declarations or entities (Excel never writes them; they are how XML bombs
  are made);
- no row with more cells than Excel allows (16,384 columns), or more than MAX_ROW_BYTES of XML;
- no cell, and no shared string, longer than `max_cell_chars` (Excel's own limit is 32,767);
- at most `max_strings` shared strings.

So openpyxl never holds more than one bounded row and a bounded string table. No Django here.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO
from xml.parsers import expat

CHUNK = 64 * 1024
EXCEL_MAX_COLUMNS = 16_384
MAX_ROW_BYTES = 4 * 1024 * 1024
TEXT_ELEMENTS = {"v", "t", "f"}
DAMAGED = (
    "could not be opened as an Excel workbook: it may be damaged. Open it in Excel, save it "
    "again as an .xlsx workbook, then upload it again"
)


class WorkbookRefused(ValueError):
    """The workbook must not be read; the message completes "<file name> ..."."""


class _Counter:
    def __init__(self, max_cell_chars: int, max_strings: int) -> None:
        self.max_cell_chars = max_cell_chars
        self.max_strings = max_strings
        self.parser: expat.XMLParserType | None = None
        self.row_start = -1
        self.row_cells = 0
        self.row_number = 0
        self.in_text = 0
        self.length = 0
        self.strings = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "row":
            self.row_start = self.parser.CurrentByteIndex  # type: ignore[union-attr]
            self.row_cells = 0
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
        elif local == "c":
            self.row_cells += 1
            self.length = 0
            if self.row_cells > EXCEL_MAX_COLUMNS:
                raise WorkbookRefused(
                    f"has more than {EXCEL_MAX_COLUMNS:,} cells in row {self.row_number:,}, "
                    "more than Excel itself allows"
                )
        elif local == "si":
            self.length = 0
            self.strings += 1
            if self.strings > self.max_strings:
                raise WorkbookRefused(
                    f"holds more than {self.max_strings:,} different texts: the most accepted is "
                    f"{self.max_strings:,}. Split it into smaller files"
                )
        elif local in TEXT_ELEMENTS:
            self.in_text += 1

    def end(self, name: str) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local in TEXT_ELEMENTS:
            self.in_text = max(0, self.in_text - 1)
        elif local == "row":
            size = self.parser.CurrentByteIndex - self.row_start  # type: ignore[union-attr]
            if size > MAX_ROW_BYTES:
                raise WorkbookRefused(
                    f"has a row ({self.row_number:,}) too big to read: more than "
                    f"{MAX_ROW_BYTES // (1024 * 1024)} MB"
                )

    def text(self, data: str) -> None:
        if not self.in_text:
            return
        self.length += len(data)
        if self.length > self.max_cell_chars:
            where = f" (row {self.row_number:,})" if self.row_cells else ""
            raise WorkbookRefused(
                f"has a cell{where} longer than {self.max_cell_chars:,} characters: the "
                f"most accepted in one cell is {self.max_cell_chars:,}"
            )

    def refuse_declarations(self, *args: object) -> None:
        raise WorkbookRefused(
            "holds an XML declaration Excel never writes: save it again from Excel, then upload "
            "it again"
        )


def _scan_part(archive: zipfile.ZipFile, name: str, counter: _Counter) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    counter.parser = parser
    counter.row_number = counter.row_cells = counter.in_text = 0
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    parser.StartDoctypeDeclHandler = counter.refuse_declarations
    parser.EntityDeclHandler = counter.refuse_declarations
    parser.buffer_text = True
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise WorkbookRefused(DAMAGED) from exc


def check_workbook(source: BinaryIO | str, *, max_cell_chars: int, max_strings: int) -> None:
    """Read every XML part of the workbook once, in bounded memory; WorkbookRefused if odd.

    Call only on a file core.archives has checked (its sizes are then true).
    """
    counter = _Counter(max_cell_chars, max_strings)
    try:
        with zipfile.ZipFile(source) as archive:
            for name in archive.namelist():
                if name.lower().endswith((".xml", ".rels")):
                    _scan_part(archive, name, counter)
    except zipfile.BadZipFile as exc:
        raise WorkbookRefused(DAMAGED) from exc
