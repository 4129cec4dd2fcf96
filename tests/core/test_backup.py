"""Backup and restore: the demo partnership and its uploaded files go into one archive and come
back, row for row and byte for byte, into a new empty installation started as its own process
(a fresh SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from casereviews.core.models import AuditLog
from tests.core.backup_helpers import run_casereviews, tables_and_rows

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Installation:
    """A second casereviews installation: its environment, files folder and database."""

    env: dict[str, str]
    files_root: Path
    sqlite_path: Path | None
    pg_name: str | None

    def database(self):
        if self.sqlite_path is not None:
            # As Django opens it, so both sides' values come back as the same Python types.
            types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
            return sqlite3.connect(self.sqlite_path, detect_types=types)
        return pg_connect(self.pg_name)


def pg_connect(name: str):
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        dbname=name,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


def new_installation(tmp_path: Path, suffix: str) -> Iterator[Installation]:
    """A fresh, empty installation of the same database kind as the suite's."""
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **base,
        "CASEREVIEWS_VAR_DIR": str(tmp_path / suffix / "var"),
        "CASEREVIEWS_FILES_DIR": str(tmp_path / suffix / "files"),
    }
    files_root = tmp_path / suffix / "files"
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        yield Installation(env, files_root, tmp_path / suffix / "var" / "casereviews.sqlite3", None)
        return
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    db = connection.settings_dict
    admin = pg_connect("postgres")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    )
    try:
        yield Installation(env, files_root, None, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def restored(tmp_path) -> Iterator[Installation]:
    yield from new_installation(tmp_path, "restore")


def files_by_sha256(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def original_database():
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection
    return pg_connect(connection.settings_dict["NAME"])


def test_round_trip_brings_back_every_row_and_every_file(tmp_path, settings, restored):
    settings.FILES_ROOT = tmp_path / "files"
    call_command("demo", verbosity=0)  # every app's records, and uploaded reports and evidence
    uploaded = files_by_sha256(settings.FILES_ROOT)
    assert len(uploaded) >= 3
    last_entry = AuditLog.objects.order_by("-id").values_list("id", flat=True).first()

    archive = tmp_path / "backups" / "nightly.tar.gz"
    archive.parent.mkdir()
    call_command("backup", str(archive), verbosity=0)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # it holds personal data
    assert [p.name for p in archive.parent.iterdir()] == ["nightly.tar.gz"]  # no leftovers

    result = run_casereviews(["restore", str(archive)], restored.env)
    assert result.returncode == 0, result.stderr
    assert "Restored the" in result.stdout

    assert files_by_sha256(restored.files_root) == uploaded
    before = tables_and_rows(original_database(), audit_up_to=last_entry)
    after = tables_and_rows(restored.database(), audit_up_to=last_entry)
    assert sorted(after) == sorted(before)
    assert sum(len(rows) for rows in before.values()) > 500
    for table, rows in before.items():
        assert after[table] == rows, table
    # Each side audited its own half: the backup here, the restore there.
    assert AuditLog.objects.filter(id__gt=last_entry).get().object_repr.startswith("Backup")
    restore_entries = tables_and_rows(restored.database(), audit_after=last_entry)["core_auditlog"]
    assert len(restore_entries) == 1
    assert "restored from a backup" in str(restore_entries[0])

    again = run_casereviews(["restore", str(archive)], restored.env)
    assert again.returncode != 0
    assert "only into an empty installation" in again.stderr


WRITER = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "casereviews.config.settings"
django.setup()
from pathlib import Path
from django.db import transaction
from casereviews.accounts.models import Agency, Partnership
from casereviews.core import audit
stop = Path(sys.argv[1])
WRITER_ACTOR = audit.SystemActor("Test writer")
n = 0
while not stop.exists():
    n += 1
    with transaction.atomic():  # a partnership, its agency and both audit entries, or nothing
        p = Partnership.objects.create(name=f"Writer {n} Partnership", slug=f"writer-{n}")
        audit.record_create(WRITER_ACTOR, p)
        a = Agency.objects.create(partnership=p, name=f"Writer {n} Agency")
        audit.record_create(WRITER_ACTOR, a)
    print(n, flush=True)
"""


def test_a_backup_taken_while_rows_are_written_is_consistent(tmp_path):
    source_gen = new_installation(tmp_path, "live")
    target_gen = new_installation(tmp_path, "target")
    source, target = next(source_gen), next(target_gen)
    try:
        assert run_casereviews(["migrate", "--no-input", "-v0"], source.env).returncode == 0
        script = tmp_path / "writer.py"
        script.write_text(WRITER)
        stop = tmp_path / "stop"
        writer = subprocess.Popen(
            [sys.executable, str(script), str(stop)],
            env=source.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for_rows(writer, 20)
            archive = tmp_path / "live.tar"
            backup = run_casereviews(["backup", str(archive)], source.env)
            assert backup.returncode == 0, backup.stderr
            wait_for_rows(writer, 20)  # rows written after the snapshot, left out of it
        finally:
            stop.touch()
            writer.communicate(timeout=60)
        restore = run_casereviews(["restore", str(archive)], target.env)
        assert restore.returncode == 0, restore.stderr

        kept = count_rows(target.database())
        written = count_rows(source.database())
        assert kept["partnerships"] >= 20
        assert kept["partnerships"] < written["partnerships"]
        # No half of a transaction: every partnership came with its agency and both entries.
        assert kept["agencies"] == kept["partnerships"]
        assert kept["created_entries"] == 2 * kept["partnerships"]
    finally:
        source_gen.close()
        target_gen.close()


def wait_for_rows(writer: subprocess.Popen, how_many: int) -> None:
    for _ in range(how_many):
        line = writer.stdout.readline()
        assert line, "the writer stopped"


def count_rows(db) -> dict[str, int]:
    def one(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    return {
        "partnerships": one("SELECT count(*) FROM accounts_partnership"),
        "agencies": one("SELECT count(*) FROM accounts_agency"),
        "created_entries": one(
            "SELECT count(*) FROM core_auditlog WHERE action = 'create'"
            " AND object_type IN ('accounts.Partnership', 'accounts.Agency')"
        ),
    }
