"""Checks on a zip-based Office file (.xlsx, .docx) before anything parses it.

A zip can claim anything about itself, so the check has two passes, both in bounded memory:

1. The central directory is walked one record at a time (not through zipfile, which would build
   every entry in memory first): number of entries, names (no absolute paths, no `..`, no
   duplicates), encryption, compression method, the sizes each entry declares, their sum, the
   ratio of each entry, entries that overlap or hide data between them, and the members an
   Office file must have.
2. Every member is then inflated in chunks and thrown away, counting the bytes that really come
   out, so a header that lies about its size is caught while decompressing: reading stops as
   soon as a member gives more than it declared or the total passes the limit.

Only then may openpyxl or python-docx open the file. Both read members through zipfile, which
never returns more than the size an entry declares; pass 2 proves those sizes are true.

No Django here: the limits are arguments (core.files passes the settings).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

CHUNK = 64 * 1024
EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"
CENTRAL = b"PK\x01\x02"
LOCAL = b"PK\x03\x04"
# Largest data descriptor after a member: signature, CRC and two 8-byte sizes.
DESCRIPTOR_ROOM = 24
# A ratio is judged only on members big enough for it to matter.
RATIO_FLOOR = 1024 * 1024
MEMBERS = {
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "docx": ("[Content_Types].xml", "word/document.xml"),
}
MACROS = ("xl/vbaProject.bin", "word/vbaProject.bin")


class ArchiveRefused(ValueError):
    """The archive must not be opened; the message completes "<file name> ..."."""


class NotAnArchive(ArchiveRefused):
    """The bytes are not a zip at all (no local header at the start, no directory at the end)."""


@dataclass(frozen=True)
class Limits:
    uncompressed: int = 200 * 1024 * 1024
    entries: int = 10_000
    ratio: int = 250


@dataclass(frozen=True)
class Entry:
    name: str
    method: int
    flags: int
    crc: int
    compressed: int
    size: int
    offset: int


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _read_exact(source: BinaryIO, offset: int, length: int) -> bytes:
    source.seek(offset)
    data = source.read(length)
    if len(data) != length:
        raise ArchiveRefused("is damaged: it ends in the middle of its table of contents")
    return data


def _end_record(source: BinaryIO, length: int) -> tuple[int, int, int]:
    """(entries, directory size, directory offset) from the end of central directory record."""
    tail_start = max(0, length - (22 + 65535))
    tail = _read_exact(source, tail_start, length - tail_start)
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) - at < 22:
        raise NotAnArchive("is not a complete Office file: its table of contents is missing")
    (_, disk, cd_disk, _, entries, cd_size, cd_offset, comment) = struct.unpack(
        "<4sHHHHIIH", tail[at : at + 22]
    )
    end = tail_start + at
    if disk or cd_disk:
        raise ArchiveRefused("is split over several files, which Office files never are")
    if at + 22 + comment != len(tail):
        raise ArchiveRefused("has data hidden after its end")
    if 0xFFFF in (entries,) or 0xFFFFFFFF in (cd_size, cd_offset):
        locator = tail[at - 20 : at] if at >= 20 else b""
        if not locator.startswith(ZIP64_LOCATOR):
            raise ArchiveRefused("is damaged: its table of contents is inconsistent")
        (zip64_offset,) = struct.unpack("<Q", locator[8:16])
        record = _read_exact(source, zip64_offset, 56)
        if not record.startswith(ZIP64_EOCD):
            raise ArchiveRefused("is damaged: its table of contents is inconsistent")
        entries, cd_size, cd_offset = struct.unpack("<QQQ", record[32:56])
        end = zip64_offset
    if cd_offset + cd_size != end:
        raise ArchiveRefused("has data hidden inside it, or is two files joined together")
    return entries, cd_size, cd_offset


def _zip64_sizes(extra: bytes, size: int, compressed: int, offset: int) -> tuple[int, int, int]:
    at = 0
    while at + 4 <= len(extra):
        tag, length = struct.unpack("<HH", extra[at : at + 4])
        body = extra[at + 4 : at + 4 + length]
        if tag == 0x0001:
            values = list(struct.unpack(f"<{len(body) // 8}Q", body[: len(body) // 8 * 8]))
            if size == 0xFFFFFFFF and values:
                size = values.pop(0)
            if compressed == 0xFFFFFFFF and values:
                compressed = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
        at += 4 + length
    return size, compressed, offset


def _bad_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        not name
        or name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
        or any(ord(ch) < 32 for ch in name)
    )


def entries(source: BinaryIO, limits: Limits) -> list[Entry]:
    """The archive's entries, walked from its central directory; ArchiveRefused if odd."""
    length = source.seek(0, 2)
    if length < 22 or _read_exact(source, 0, 4) != LOCAL:
        raise NotAnArchive("does not start as an Office file does")
    declared, cd_size, cd_offset = _end_record(source, length)
    if declared > limits.entries:
        raise ArchiveRefused(
            f"holds {declared:,} files inside it: the most accepted is {limits.entries:,}"
        )
    found: list[Entry] = []
    names: set[str] = set()
    total = 0
    position = cd_offset
    while position < cd_offset + cd_size:
        head = _read_exact(source, position, 46)
        if not head.startswith(CENTRAL):
            raise ArchiveRefused("is damaged: its table of contents is inconsistent")
        (flags, method, crc, compressed, size, name_len, extra_len, comment_len) = struct.unpack(
            "<HH4xIIIHHH", head[8:34]
        )
        (offset,) = struct.unpack("<I", head[42:46])
        raw = _read_exact(source, position + 46, name_len + extra_len)
        position += 46 + name_len + extra_len + comment_len
        name = raw[:name_len].decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
        size, compressed, offset = _zip64_sizes(raw[name_len:], size, compressed, offset)
        if len(found) >= limits.entries:
            raise ArchiveRefused(f"holds more than {limits.entries:,} files inside it")
        if _bad_name(name):
            raise ArchiveRefused("holds a file with a name that points outside it")
        if name in names:
            raise ArchiveRefused("holds two files with the same name")
        if flags & 0x1:
            raise ArchiveRefused("is encrypted: save it again without a password")
        if method not in (0, 8):
            raise ArchiveRefused("is compressed in a way Office files never are")
        total += size
        if total > limits.uncompressed:
            raise ArchiveRefused(
                f"would unpack to more than {_mb(limits.uncompressed)}: the most accepted is "
                f"{_mb(limits.uncompressed)} unpacked"
            )
        if size > RATIO_FLOOR and size > limits.ratio * max(compressed, 1):
            raise ArchiveRefused(
                f"is packed more tightly than any real Office file (over {limits.ratio}:1)"
            )
        names.add(name)
        found.append(Entry(name, method, flags, crc, compressed, size, offset))
    if len(found) != declared:
        raise ArchiveRefused("is damaged: its table of contents is inconsistent")
    _check_layout(source, found, cd_offset)
    return found


def _check_layout(source: BinaryIO, found: list[Entry], cd_offset: int) -> None:
    """Members lie one after another: none overlap, nothing hides between them."""
    expected = 0
    for entry in sorted(found, key=lambda e: e.offset):
        if entry.offset < expected or entry.offset - expected > DESCRIPTOR_ROOM:
            raise ArchiveRefused("has files inside it that overlap, or data hidden between them")
        local = _read_exact(source, entry.offset, 30)
        if not local.startswith(LOCAL):
            raise ArchiveRefused("is damaged: a file inside it is missing")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        local_name = _read_exact(source, entry.offset + 30, name_len)
        if (
            local_name.decode("utf-8", errors="replace") != entry.name
            and local_name.decode("cp437", errors="replace") != entry.name
        ):
            raise ArchiveRefused("is damaged: its table of contents does not match its files")
        expected = entry.offset + 30 + name_len + extra_len + entry.compressed
    if cd_offset < expected or cd_offset - expected > DESCRIPTOR_ROOM:
        raise ArchiveRefused("has files inside it that overlap, or data hidden between them")


def _inflate(source: BinaryIO, entry: Entry, budget: int) -> int:
    """Unpack one member in chunks, throwing the bytes away; how many really came out."""
    local = _read_exact(source, entry.offset, 30)
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    source.seek(entry.offset + 30 + name_len + extra_len)
    allowed = min(entry.size, budget)
    inflater = zlib.decompressobj(-15) if entry.method == 8 else None
    left = entry.compressed
    produced = 0
    crc = 0
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        else:
            data = source.read(min(CHUNK, left))
            if not data:
                raise ArchiveRefused("is damaged: a file inside it is cut short")
            left -= len(data)
        try:
            out = inflater.decompress(data, CHUNK) if inflater is not None else data
        except zlib.error as exc:
            raise ArchiveRefused("is damaged: a file inside it cannot be unpacked") from exc
        produced += len(out)
        if produced > allowed:
            if produced > entry.size:
                raise ArchiveRefused(
                    "unpacks to more than its table of contents says: it is not a real Office file"
                )
            raise ArchiveRefused(f"would unpack to more than the limit of {_mb(budget)}")
        crc = zlib.crc32(out, crc)
        if inflater is not None and inflater.eof:
            break
    if produced != entry.size or crc != entry.crc:
        raise ArchiveRefused("is damaged: a file inside it does not match its table of contents")
    return produced


def check_office(source: BinaryIO, limits: Limits) -> str | None:
    """Check a zip before it is parsed: 'xlsx' or 'docx', or None when it is neither.

    ArchiveRefused says why it must not be opened (NotAnArchive: it is no zip at all).
    `source` must be seekable; it is left at its start.
    """
    try:
        found = entries(source, limits)
        names = {e.name for e in found}
        kind = next((k for k, members in MEMBERS.items() if members[1] in names), None)
        if kind is None:
            return None
        if MEMBERS[kind][0] not in names:
            raise ArchiveRefused(f"is missing {MEMBERS[kind][0]}, which every such file has")
        if any(m in names for m in MACROS):
            raise ArchiveRefused(
                "holds macros, which a .xlsx or .docx never does: save it again without them"
            )
        left = limits.uncompressed
        for entry in found:
            left -= _inflate(source, entry, left)
        return kind
    finally:
        source.seek(0)
