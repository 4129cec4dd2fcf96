"""What a response says, as text (pages, CSV, JSON, Excel, Word, PDF), and what the database
holds, so the access test can judge any page the same way."""

from __future__ import annotations

import io
from collections import Counter

from django.apps import apps
from django.db import connection, models

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


# Writes are seen by database triggers on every table of ours, created inside the test's own
# transaction (so they vanish with it): each inserted, updated or deleted row notes its table in
# a temporary table. Reading every row of every table before and after each request did the same
# job at about 160 queries a request (70% of the walk's time); this costs two.
# Audit entries that record a request rather than change a record: a refused request may leave them.
_QUIET = (AuditAction.VIEW, AuditAction.SIGN_IN, AuditAction.API_CALL)


def _trigger_sql(vendor: str, table: str, event: str, when: str) -> list[str]:
    name = f"access_walk_{event.lower()}_{table}"
    condition = f"WHEN ({when})" if when else ""
    if vendor == "sqlite":
        note = f"INSERT INTO access_walk_writes (tbl) VALUES ('{table}')"  # noqa: S608 - ours
        return [
            f'CREATE TEMP TRIGGER "{name}" AFTER {event} ON main."{table}" FOR EACH ROW '
            f"{condition} BEGIN {note}; END"
        ]
    return [
        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" FOR EACH ROW {condition} '
        "EXECUTE FUNCTION access_walk_note()"
    ]


def watch_writes() -> None:
    """Start noting every write to our tables (call once per test, after the world is built)."""
    vendor = connection.vendor
    statements = ["CREATE TEMP TABLE access_walk_writes (tbl varchar(200))"]
    if vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION access_walk_note() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN INSERT INTO access_walk_writes (tbl) VALUES (TG_TABLE_NAME); RETURN NULL; END $$"
        )
    quiet = ", ".join(f"'{action.value}'" for action in _QUIET)
    for model in our_models():
        table = model._meta.db_table
        for event in ("INSERT", "UPDATE", "DELETE"):
            when = f"NEW.action NOT IN ({quiet})" if model is AuditLog and event == "INSERT" else ""
            statements.extend(_trigger_sql(vendor, table, event, when))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forget_writes() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_walk_writes")


def written_tables() -> list[str]:
    """The models whose tables were written since forget_writes() (and not rolled back)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM access_walk_writes")
        tables = {row[0] for row in cursor.fetchall()}
    return sorted(m._meta.label for m in our_models() if m._meta.db_table in tables)
