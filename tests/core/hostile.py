"""Hostile files, built for the tests and the measuring script (never committed as files).

Each builder streams what it writes, so a bomb that unpacks to gigabytes stays a few megabytes
here, and so does the memory of whoever builds it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="x"/>'
WORKBOOK = b'<?xml version="1.0"?><workbook xmlns="x"/>'


def _deflated(out: BinaryIO, size: int) -> tuple[int, int]:
    """Write `size` zero bytes deflated (raw) to `out`; (compressed size, CRC)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1024 * 1024)
    written = crc = 0
    left = size
    while left:
        part = block[: min(left, len(block))]
        crc = zlib.crc32(part, crc)
        written += out.write(packer.compress(part))
        left -= len(part)
    written += out.write(packer.flush())
    return written, crc


class _Done:
    def flush(self) -> bytes:
        return b""


def write_bomb(out: BinaryIO, unpacked: int, member: str = "xl/worksheets/sheet1.xml") -> None:
    """An .xlsx-looking zip whose one big member unpacks to `unpacked` zero bytes (zip64).

    zipfile writes the small members and the directory; the big member's data is deflated
    here in 1 MB steps so nothing of its unpacked size is ever held.
    """
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        info = zipfile.ZipInfo(member, date_time=(2026, 10, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        # Let zipfile write the header with force_zip64, then feed it the deflated bytes raw.
        with archive.open(info, "w", force_zip64=True) as handle:
            handle._compressor = _Done()  # we deflate ourselves; nothing left to flush
            start = out.tell()
            compressed, crc = _deflated(handle._fileobj, unpacked)
            handle._compress_size = compressed
            handle._file_size = unpacked
            handle._crc = crc
            assert out.tell() - start == compressed


def bomb_bytes(unpacked: int) -> bytes:
    buffer = io.BytesIO()
    write_bomb(buffer, unpacked)
    return buffer.getvalue()


def bomb_file(path: Path, unpacked: int) -> Path:
    with open(path, "wb") as out:
        write_bomb(out, unpacked)
    return path


def _central_records(data: bytes) -> list[int]:
    """Offsets of the central directory records, in order."""
    end = data.rfind(b"PK\x05\x06")
    (cd_size, cd_offset) = struct.unpack("<II", data[end + 12 : end + 20])
    found, at = [], cd_offset
    while at < cd_offset + cd_size:
        found.append(at)
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[at + 28 : at + 34])
        at += 46 + name_len + extra_len + comment_len
    return found


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member` claiming (in both its headers) to unpack to `size` bytes."""
    patched = bytearray(data)
    for at in _central_records(data):
        name_len = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_len].decode() == member:
            patched[at + 24 : at + 28] = struct.pack("<I", size)
            (local,) = struct.unpack("<I", data[at + 42 : at + 46])
            patched[local + 22 : local + 26] = struct.pack("<I", size)
    return bytes(patched)


def with_overlap(data: bytes) -> bytes:
    """The zip with its last member's directory record pointing at the first member's data."""
    patched = bytearray(data)
    records = _central_records(data)
    first_local = struct.unpack("<I", data[records[0] + 42 : records[0] + 46])[0]
    patched[records[-1] + 42 : records[-1] + 46] = struct.pack("<I", first_local)
    return bytes(patched)


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def image_bytes(format_: str, comment: bytes = b"") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    extra = {"comment": comment} if comment else {}
    Image.new("RGB", (8, 8), (29, 112, 184)).save(buffer, format=format_, **extra)
    return buffer.getvalue()


def pdf_bytes(pages: int = 1, text: str = "Evidence of impact") -> bytes:
    from casereviews.core.pdf import render_pdf

    body = "".join(
        f'<p style="page-break-after: always">{text}, page {n + 1}</p>' for n in range(pages)
    )
    return render_pdf(f"<html><body>{body}</body></html>")
