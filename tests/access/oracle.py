"""What a response says, as text (pages, CSV, JSON, Excel, Word, PDF), and what the database
holds, so the access test can judge any page the same way."""

from __future__ import annotations

import io
from collections import Counter

from django.apps import apps
from django.db import models

from casereviews.core.models import AuditAction, AuditLog

# Requests made by the access tests of this run (printed at the end: tests/access/conftest.py).
COUNTS: Counter = Counter()

REFUSED = {403, 404, 405}
# Signed out: the API answers 401 (no valid token or session) where a page sends to sign in.
SIGNED_OUT_REFUSED = {401, *REFUSED}


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        " ".join(str(v) for v in row if v is not None)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def body_text(response) -> str:
    """Everything a response shows: headers that name things, and the body decoded by type."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    head = " ".join(response.get(h, "") for h in ("Content-Disposition", "Location"))
    if "spreadsheetml" in kind:
        text = _xlsx_text(data)
    elif "wordprocessingml" in kind:
        text = _docx_text(data)
    elif "pdf" in kind or data.startswith(b"%PDF"):
        text = _pdf_text(data)
    else:
        text = data.decode("utf-8", errors="replace")
    return f"{head}\n{text}"


def our_models() -> list[type[models.Model]]:
    """Every table of our apps, the many-to-many tables included."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("casereviews.")
        for model in config.get_models(include_auto_created=True)
    ]


def fingerprint() -> dict[str, list[tuple]]:
    """Every row of every table of ours (audit entries of views, sign-ins and API calls, which
    record a request rather than change a record, left out)."""
    state: dict[str, list[tuple]] = {}
    for model in our_models():
        queryset = model._base_manager.order_by("pk")
        if model is AuditLog:
            queryset = queryset.exclude(
                action__in=[AuditAction.VIEW, AuditAction.SIGN_IN, AuditAction.API_CALL]
            )
        state[model._meta.label] = list(queryset.values_list())
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]
