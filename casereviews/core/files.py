"""Uploaded files: checked (size, what the bytes are all the way through), kept outside the
web root under settings.FILES_ROOT with a random name, and served only by views that have
checked access.

One place for every upload (evidence of impact, review reports, imported trackers), so the checks
are the same everywhere:

    try:
        stored = files.store_upload(upload, kinds=files.EVIDENCE_KINDS, folder="evidence")
    except files.UploadRejected as exc:
        form.add_error("file", str(exc))

A view reading a multipart form calls `files.upload_too_large(request)` first: the upload handler
below stops reading a request bigger than settings.MAX_UPLOAD_BYTES and marks the request, so a
200 MB upload is refused with a message instead of being written to disk.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, HttpRequest
from django.utils import timezone

from casereviews.core import archives, formats

# kind -> (label, extensions, content type)
KINDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "pdf": ("PDF", (".pdf",), "application/pdf"),
    "docx": (
        "Word document",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "Excel workbook",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": ("CSV file", (".csv",), "text/csv"),
    "png": ("PNG image", (".png",), "image/png"),
    "jpeg": ("JPEG image", (".jpg", ".jpeg"), "image/jpeg"),
}
EVIDENCE_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpeg"})
REPORT_KINDS = frozenset({"pdf", "docx"})
TRACKER_KINDS = frozenset({"xlsx", "csv"})


class UploadRejected(ValueError):
    """The file cannot be kept; the message says why, in words for the person who sent it."""


@dataclass(frozen=True)
class StoredUpload:
    stored_name: str  # relative to FILES_ROOT
    original_name: str
    kind: str
    content_type: str
    size: int
    sha256: str


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def safe_name(name: str) -> str:
    """The file's own name without any folder part or control characters, at most 255 long."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return (cleaned.strip(" .") or "file")[-255:]


def sniff(head: bytes) -> str | None:
    """What the first bytes say the file is; None when not one of KINDS.

    A zip is 'zip' here: which Office file it is, if any, comes from core.archives. The first
    bytes only choose the check: check_upload then reads the file through (core.formats).
    """
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start < len(head) - 4:
                return None
        return "csv"
    return None


def archive_limits() -> archives.Limits:
    return archives.Limits(
        uncompressed=settings.MAX_UNPACKED_BYTES,
        entries=settings.MAX_ARCHIVE_ENTRIES,
        ratio=settings.MAX_ARCHIVE_RATIO,
    )


def _source(uploaded: UploadedFile) -> BinaryIO:
    return uploaded.file if hasattr(uploaded, "file") else uploaded  # type: ignore[return-value]


def _checked_kind(source: BinaryIO, head: bytes, expected: str) -> str | None:
    """The kind the whole file turns out to be, after the deep check for `expected`.

    Raises archives.ArchiveRefused or formats.FormatRefused for a file that must not be kept.
    """
    kind = sniff(head)
    if kind == "zip":
        if expected not in archives.MEMBERS:
            return None
        try:
            return archives.check_office(source, archive_limits())
        except archives.NotAnArchive:
            return None
    if kind != expected:
        return kind
    if kind == "pdf":
        formats.check_pdf(source, settings.MAX_PDF_PAGES)
    elif kind == "png":
        formats.check_png(source)
    elif kind == "jpeg":
        formats.check_jpeg(source)
    return kind


def _a(label: str) -> str:
    return ("an " if label[0] in "AEIOU" else "a ") + label


def _one_of(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def check_upload(uploaded: UploadedFile, kinds: frozenset[str] | set[str]) -> str:
    """The kind of `uploaded` if it may be kept, else UploadRejected with the reason."""
    name = safe_name(uploaded.name or "")
    allowed = sorted({KINDS[k][0] for k in kinds})
    limit = settings.MAX_UPLOAD_BYTES
    if uploaded.size is not None and uploaded.size > limit:
        raise UploadRejected(
            f"{name} is {human_size(uploaded.size)}: the largest file accepted is "
            f"{human_size(limit)}"
        )
    if not uploaded.size:
        raise UploadRejected(f"{name} is empty")
    extension = PurePath(name).suffix.lower()
    by_extension = next((k for k, v in KINDS.items() if extension in v[1]), None)
    if by_extension not in kinds:
        raise UploadRejected(f"{name} must be {_a(_one_of(allowed))}")
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    try:
        kind = _checked_kind(_source(uploaded), head, by_extension)
    except (archives.ArchiveRefused, formats.FormatRefused) as exc:
        raise UploadRejected(f"{name} {exc}") from exc
    finally:
        uploaded.seek(0)
    if kind != by_extension:
        raise UploadRejected(
            f"{name} is not really {_a(KINDS[by_extension][0])}: its contents do not match its "
            "name. Save it again from the program that made it, then upload it"
        )
    return kind


def store_upload(
    uploaded: UploadedFile, *, kinds: frozenset[str] | set[str], folder: str
) -> StoredUpload:
    """Check `uploaded`, then keep it under FILES_ROOT/folder/YYYY/ with a random name."""
    kind = check_upload(uploaded, kinds)
    relative = Path(folder) / f"{timezone.now():%Y}" / f"{uuid.uuid4().hex}{KINDS[kind][1][0]}"
    target = Path(settings.FILES_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    uploaded.seek(0)
    try:
        with open(target, "xb") as out:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                size += len(chunk)
                if size > settings.MAX_UPLOAD_BYTES:
                    raise UploadRejected("grew while it was being kept")
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)  # a partly written file is never left behind
        raise
    return StoredUpload(
        stored_name=relative.as_posix(),
        original_name=safe_name(uploaded.name or ""),
        kind=kind,
        content_type=KINDS[kind][2],
        size=size,
        sha256=digest.hexdigest(),
    )


def stored_path(stored_name: str) -> Path:
    """The absolute path of a kept file; refuses any name that would leave FILES_ROOT."""
    root = Path(settings.FILES_ROOT).resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError("stored file name outside FILES_ROOT")
    return path


def discard(stored_name: str) -> None:
    """Remove a kept file whose record was not saved (the transaction failed)."""
    stored_path(stored_name).unlink(missing_ok=True)


def file_response(stored_name: str, original_name: str, content_type: str) -> FileResponse:
    """Serve a kept file as a download. Call only after the view has checked access."""
    response = FileResponse(
        open(stored_path(stored_name), "rb"),  # noqa: SIM115 - FileResponse closes it
        as_attachment=True,
        filename=safe_name(original_name),
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def read_bytes(stored_name: str) -> bytes:
    return stored_path(stored_name).read_bytes()


def open_stored(stored_name: str) -> io.BufferedReader:
    return open(stored_path(stored_name), "rb")  # noqa: SIM115 - the caller closes it


# --- The upload handler: stop reading a request that is too big -----------------------------

TOO_LARGE_ATTR = "_casereviews_upload_too_large"


def upload_too_large(request: HttpRequest) -> str | None:
    """A message for the page if the request's upload was refused for its size, else None.

    Touches request.FILES so the body is parsed first.
    """
    request.FILES  # noqa: B018 - parsing the body runs the upload handlers
    if getattr(request, TOO_LARGE_ATTR, False):
        return (
            f"The file is too big: the largest file accepted is "
            f"{human_size(settings.MAX_UPLOAD_BYTES)}"
        )
    return None


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: refuses a body or a file over MAX_UPLOAD_BYTES.

    The request is marked (upload_too_large) and the rest of the body is read and thrown away
    (StopUpload without resetting the connection), so the browser gets the page with the
    message, and nothing of the file is kept.

    The handler throws the rest away itself, in DRAIN_CHUNK reads. Left to Django, the rest is
    read line by line (`exhaust` iterates the request stream), and a body without line breaks
    (a file of zeros) came into memory whole: 200 MB of zeros took the server to 474 MB.
    """

    DRAIN_CHUNK = 64 * 1024

    # Room for the other fields of the form around the file.
    OVERHEAD = 64 * 1024

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.input_data = input_data
        self.received = 0
        self.too_large = content_length > settings.MAX_UPLOAD_BYTES + self.OVERHEAD

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if getattr(self, "too_large", False):
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        if self.request is not None:
            setattr(self.request, TOO_LARGE_ATTR, True)
        source = getattr(self, "input_data", None)
        if source is not None:
            while source.read(self.DRAIN_CHUNK):
                pass
        raise StopUpload(connection_reset=False)
