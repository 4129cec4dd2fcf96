"""Builders of real document files (PDF, Word, HTML, ...) for the reader and corpus tests.

PDFs are written by hand (a tiny, valid PDF 1.4 writer with the standard Helvetica font) so the
tests need no PDF-writing library; pypdf (a dev dependency) encrypts one.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import settings

DA_TEXT = (
    "Background\n"
    "Child A lived with her mother and her mother's new partner.\n"
    "Findings\n"
    "There was domestic abuse in the household and the police attended twice.\n"
    "The school did not share information with children's social care."
)


def _pdf_escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(pages: list[list[str]], *, image_only: bool = False, compress: bool = True) -> bytes:
    """A valid PDF: one page per list of lines, in Helvetica; or image-only pages (no text)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if image_only:
            pixels = zlib.compress(bytes([200, 30, 30]) * 64)
            img = add(
                b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace "
                b"/DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length "
                + str(len(pixels)).encode()
                + b" >>\nstream\n"
                + pixels
                + b"\nendstream"
            )
            content = b"q 400 0 0 400 100 300 cm /Im1 Do Q"
            resources = b"<< /XObject << /Im1 " + str(img).encode() + b" 0 R >> >>"
        else:
            ops = [b"BT /F1 11 Tf 14 TL 56 790 Td"]
            for line in lines:
                ops.append(b"(" + _pdf_escape(line) + b") Tj T*")
            ops.append(b"ET")
            content = b"\n".join(ops)
            resources = b"<< /Font << /F1 " + str(font).encode() + b" 0 R >> >>"
        if compress:
            data = zlib.compress(content)
            stream = (
                b"<< /Length " + str(len(data)).encode() + b" /Filter /FlateDecode >>\n"
                b"stream\n" + data + b"\nendstream"
            )
        else:
            stream = (
                b"<< /Length "
                + str(len(content)).encode()
                + b" >>\nstream\n"
                + content
                + b"\nendstream"
            )
        content_id = add(stream)
        kids.append(
            add(
                b"<< /Type /Page /Parent " + str(pages_id).encode() + b" 0 R "
                b"/MediaBox [0 0 595 842] /Resources "
                + resources
                + b" /Contents "
                + str(content_id).encode()
                + b" 0 R >>"
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages " + str(pages_id).encode() + b" 0 R >>"
    objects[pages_id - 1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(str(k).encode() + b" 0 R" for k in kids)
        + b"] /Count "
        + str(len(kids)).encode()
        + b" >>"
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(i).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        b"trailer\n<< /Size "
        + str(len(objects) + 1).encode()
        + b" /Root "
        + str(catalog).encode()
        + b" 0 R >>\nstartxref\n"
        + str(xref).encode()
        + b"\n%%EOF\n"
    )
    return bytes(out)


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


class Files:
    """Writes one real file of each kind into a folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def pdf(self, name: str = "report.pdf", pages: list[list[str]] | None = None) -> Path:
        path = self._path(name)
        path.write_bytes(pdf_bytes(pages or [DA_TEXT.split("\n"), ["Page two of the review."]]))
        return path

    def encrypted_pdf(self, name: str = "locked.pdf") -> Path:
        from pypdf import PdfReader, PdfWriter

        plain = self.pdf("_plain_for_encryption.pdf")
        writer = PdfWriter()
        for page in PdfReader(plain).pages:
            writer.add_page(page)
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
        path = self._path(name)
        with open(path, "wb") as fh:
            writer.write(fh)
        plain.unlink()
        return path

    def scanned_pdf(self, name: str = "scanned.pdf") -> Path:
        path = self._path(name)
        path.write_bytes(pdf_bytes([[], []], image_only=True))
        return path

    def corrupt_pdf(self, name: str = "truncated.pdf") -> Path:
        path = self._path(name)
        data = pdf_bytes([DA_TEXT.split("\n")] * 3)
        path.write_bytes(data[: len(data) // 3])
        return path

    def png_as_pdf(self, name: str = "picture.pdf") -> Path:
        path = self._path(name)
        path.write_bytes(png_bytes())
        return path

    def empty(self, name: str = "empty.txt") -> Path:
        path = self._path(name)
        path.write_bytes(b"")
        return path

    def docx(self, name: str = "findings.docx") -> Path:
        import docx

        document = docx.Document()
        document.add_heading("Findings", level=1)
        document.add_paragraph("There was domestic abuse in the household.")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Agency"
        table.cell(0, 1).text = "Contact"
        table.cell(1, 0).text = "GP"
        table.cell(1, 1).text = "Mother's depression was not shared with the health visitor."
        document.add_heading("Recommendations", level=1)
        document.add_paragraph("Agencies should share information about fathers.")
        path = self._path(name)
        document.save(str(path))
        return path

    def html(self, name: str = "summary.html", body: str | None = None) -> Path:
        path = self._path(name)
        path.write_text(
            "<!DOCTYPE html><html lang='en'><head><title>Review</title>"
            "<style>p { color: red }</style><script>var x = 'domestic abuse';</script></head>"
            "<body><h1>Learning</h1><p>The father was <b>not</b> seen by\n  any agency.</p>"
            + (body or "<ul><li>Parental substance misuse</li><li>Drift &amp; delay</li></ul>")
            + "</body></html>",
            encoding="utf-8",
        )
        return path

    def markdown(self, name: str = "briefing.md") -> Path:
        path = self._path(name)
        path.write_text(
            "# Seven minute briefing\n\n## Why it matters\n\n"
            "The **voice of the child** was *not* heard. See [the review](http://example.org).\n\n"
            "- Neglect was cumulative\n- `Strategy discussion` not held\n",
            encoding="utf-8",
        )
        return path

    def text_cp1252(self, name: str = "notes.txt") -> Path:
        path = self._path(name)
        path.write_bytes(
            "The school’s “concerns” about neglect – café – were recorded.\n".encode("cp1252")
        )
        return path

    def text(self, name: str = "plain.txt", content: str = DA_TEXT) -> Path:
        path = self._path(name)
        path.write_text(content, encoding="utf-8")
        return path


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(tmp_path)


# Property-based tests (test_scan_reference.py): a fixed number of examples from a fixed seed,
# so CI is deterministic; HYPOTHESIS_PROFILE=thorough for a longer, random local run.
settings.register_profile(
    "casereviews", max_examples=300, derandomize=True, database=None, deadline=None
)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "casereviews"))
