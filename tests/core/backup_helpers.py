"""Helpers for the backup tests: run the console script, read every table with the raw driver."""

from __future__ import annotations

import subprocess
import sys
from typing import Any


def run_casereviews(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """`casereviews ARGS` as its own process, in the installation `env` describes."""
    return subprocess.run(
        [sys.executable, "-m", "casereviews", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def table_names(db) -> list[str]:
    if db.__class__.__module__.startswith("sqlite3"):
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    return sorted(row[0] for row in db.execute(sql).fetchall())


def tables_and_rows(
    db, *, audit_up_to: int | None = None, audit_after: int | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """{table: every row, in a stable order}. The audit log can be cut at an id, because each
    side writes its own entry (backup, restore) after the snapshot."""
    result = {}
    for table in table_names(db):
        sql = f'SELECT * FROM "{table}"'  # noqa: S608 - names come from the catalogue
        if table == "core_auditlog" and audit_up_to is not None:
            sql += f" WHERE id <= {int(audit_up_to)}"
        if table == "core_auditlog" and audit_after is not None:
            sql += f" WHERE id > {int(audit_after)}"
        result[table] = sorted(db.execute(sql).fetchall(), key=repr)
    return result
