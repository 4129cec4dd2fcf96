"""Is a PDF, PNG or JPEG what it says, all the way through? (Office files: core.archives.)

A file is walked from its first byte to its last by the rules of its format, so a file that is
two things at once (a polyglot: a PDF followed by a web page, a zip appended to a PDF, an image
carrying a script) is refused, not only one whose first bytes are wrong. Each check raises
FormatRefused with words that complete "<file name> ...".

The rules (docs/adr/0017); "padding" is at most TRAILING_ROOM bytes of blanks or NULs:
- PDF: opens with pypdfium2, is not password-protected, has at most `max_pages` pages, no
  JavaScript and no attached files; outside its streams there is no web markup and no zip
  header; only padding after its last %%EOF; no zip directory at its end.
- PNG: every chunk has a valid length, type and CRC, IHDR comes first, IEND last, only padding
  after it; no web markup in the text chunks.
- JPEG: the segments before and between scans are well formed, the image ends with EOI, only
  padding after it; no web markup in the comment and application segments.

No Django here: the page bound is an argument (core.files passes the setting).
"""

from __future__ import annotations

import mmap
import re
import struct
import zlib
from typing import BinaryIO

Buffer = bytes | mmap.mmap
TRAILING_ROOM = 1024
_PADDING = re.compile(rb"[\x00\t\n\r\f ]*")


def _only_padding(tail: bytes) -> bool:
    """What may follow a file's end marker: up to TRAILING_ROOM bytes of blanks or NULs."""
    return len(tail) <= TRAILING_ROOM and _PADDING.fullmatch(tail) is not None


MARKUP = re.compile(
    rb"<\s*(?:html|script|body|iframe|object|embed|svg|!doctype\s+html)\b", re.IGNORECASE
)
# Outside a PDF's streams: markup, a zip member or directory header, or the start of a stream.
PDF_TOKENS = re.compile(
    rb"(?P<stream>(?<!end)stream(?:\r\n|\n|\r))|(?P<bad>"
    + MARKUP.pattern
    + rb"|PK\x03\x04|PK\x01\x02|PK\x05\x06)",
    re.IGNORECASE,
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_TEXT_CHUNKS = {b"tEXt", b"iTXt", b"zTXt"}


class FormatRefused(ValueError):
    """The file is not (only) what it says; the message completes "<file name> ..."."""


def _view(source: BinaryIO) -> Buffer:
    """The whole file as bytes-like, without copying a real file into memory."""
    source.seek(0)
    try:
        return mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
    except (AttributeError, OSError, ValueError):
        data = source.read()
        source.seek(0)
        return data


# --- PDF ------------------------------------------------------------------------------------


def _pdf_structure(data: Buffer) -> None:
    position = 0
    while True:
        found = PDF_TOKENS.search(data, position)
        if found is None:
            break
        if found.group("bad"):
            raise FormatRefused(
                "is not only a PDF: it also holds a web page or another file. Save it again "
                "as a PDF from the program that made it, then upload it"
            )
        end = data.find(b"endstream", found.end())
        if end < 0:
            raise FormatRefused("is not a valid PDF: it is damaged or cut short")
        position = end + len(b"endstream")
    eof = data.rfind(b"%%EOF")
    if eof < 0:
        raise FormatRefused("is not a valid PDF: it is damaged or cut short")
    if not _only_padding(bytes(data[eof + 5 : eof + 5 + TRAILING_ROOM + 1])):
        raise FormatRefused(
            "has other data after the end of the PDF. Save it again as a PDF from the program "
            "that made it, then upload it"
        )
    tail = bytes(data[max(0, len(data) - 65557) :])
    if b"PK\x05\x06" in tail:
        raise FormatRefused("is not only a PDF: a zip archive is hidden in it")


def check_pdf(source: BinaryIO, max_pages: int) -> int:
    """Check a PDF all the way through; its number of pages."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    data = _view(source)
    try:
        _pdf_structure(data)
        try:
            pdf = pdfium.PdfDocument(data if isinstance(data, bytes) else bytes(data))
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == 4:
                raise FormatRefused(
                    "is password-protected: remove the password, then upload it again"
                ) from exc
            raise FormatRefused("is not a valid PDF: it is damaged or cut short") from exc
        try:
            pages = len(pdf)
            if pages > max_pages:
                raise FormatRefused(
                    f"has {pages:,} pages: the most accepted is {max_pages:,}. Split it, or "
                    "upload the part that matters"
                )
            if pages == 0:
                raise FormatRefused("is not a valid PDF: it has no pages")
            if pdfium_c.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0:
                raise FormatRefused(
                    "holds JavaScript. Print it to a new PDF without scripts, then upload that"
                )
            if pdf.count_attachments() > 0:
                raise FormatRefused(
                    "has other files attached inside it. Upload each file on its own"
                )
        finally:
            pdf.close()
    finally:
        source.seek(0)
        if isinstance(data, mmap.mmap):
            data.close()
    return pages


# --- PNG ------------------------------------------------------------------------------------


def check_png(source: BinaryIO) -> None:
    """Walk every chunk of a PNG: lengths, types, CRCs, IHDR first, IEND last."""
    source.seek(0)
    try:
        if source.read(8) != PNG_SIGNATURE:
            raise FormatRefused("is not a valid PNG image")
        first = True
        while True:
            head = source.read(8)
            if len(head) < 8:
                raise FormatRefused("is not a valid PNG image: it is cut short")
            length, kind = struct.unpack(">I4s", head)
            if length > 2**31 - 1 or not kind.isalpha():
                raise FormatRefused("is not a valid PNG image: it is damaged")
            crc = zlib.crc32(kind)
            left = length
            text = b""
            while left:
                chunk = source.read(min(left, 64 * 1024))
                if not chunk:
                    raise FormatRefused("is not a valid PNG image: it is cut short")
                crc = zlib.crc32(chunk, crc)
                if kind in PNG_TEXT_CHUNKS:
                    text = text[-64:] + chunk
                    if MARKUP.search(text):
                        raise FormatRefused("is not only an image: it holds a web page or script")
                left -= len(chunk)
            if source.read(4) != struct.pack(">I", crc):
                raise FormatRefused("is not a valid PNG image: it is damaged")
            if first and (kind != b"IHDR" or length != 13):
                raise FormatRefused("is not a valid PNG image: it has no header")
            first = False
            if kind == b"IEND":
                break
        if not _only_padding(source.read(TRAILING_ROOM + 1)):
            raise FormatRefused("has other data after the end of the image")
    finally:
        source.seek(0)


# --- JPEG -----------------------------------------------------------------------------------

# Markers with no length after them: TEM, RST0-7 (SOI and EOI are handled on their own).
_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _jpeg_scan(data: Buffer, position: int) -> int:
    """Skip entropy-coded data from `position`; where the next marker's 0xFF is."""
    while True:
        at = data.find(b"\xff", position)
        if at < 0 or at + 1 >= len(data):
            raise FormatRefused("is not a valid JPEG image: it is cut short")
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position = at + 1 if following == 0xFF else at + 2
            continue
        return at


def check_jpeg(source: BinaryIO) -> None:
    """Walk a JPEG's segments from SOI to EOI; refuse markup or data hidden after it."""
    data = _view(source)
    try:
        if bytes(data[:2]) != b"\xff\xd8":
            raise FormatRefused("is not a valid JPEG image")
        position = 2
        frame = False
        while True:
            if position + 2 > len(data) or data[position] != 0xFF:
                raise FormatRefused("is not a valid JPEG image: it is damaged")
            marker = data[position + 1]
            if marker == 0xFF:  # fill byte
                position += 1
                continue
            if marker == 0xD9:
                if not frame:
                    raise FormatRefused("is not a valid JPEG image: it holds no picture")
                position += 2
                break
            if marker in _STANDALONE:
                position += 2
                continue
            if position + 4 > len(data):
                raise FormatRefused("is not a valid JPEG image: it is cut short")
            (length,) = struct.unpack(">H", bytes(data[position + 2 : position + 4]))
            end = position + 2 + length
            if length < 2 or end > len(data):
                raise FormatRefused("is not a valid JPEG image: it is damaged")
            is_text = marker == 0xFE or 0xE0 <= marker <= 0xEF
            if is_text and MARKUP.search(bytes(data[position + 4 : end])):
                raise FormatRefused("is not only an image: it holds a web page or script")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                frame = True
            position = _jpeg_scan(data, end) if marker == 0xDA else end
        if not _only_padding(bytes(data[position : position + TRAILING_ROOM + 1])):
            raise FormatRefused(
                "has other data after the end of the image (a phone's 'motion photo' does "
                "this). Save it as a still photo, then upload it"
            )
    finally:
        source.seek(0)
        if isinstance(data, mmap.mmap):
            data.close()
