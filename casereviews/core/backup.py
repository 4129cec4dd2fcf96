"""Backup and restore: the database and the uploaded files (settings.FILES_ROOT) as one archive.

    archive (tar, gzip unless the name ends in .tar)
      manifest.json          format, app version, database kind, migrations, every member's
                             size and sha256, created_at; always the first member
      database/db.sqlite3    SQLite: a copy made with SQLite's online backup API
      database/db.pgdump     PostgreSQL: pg_dump's custom format (one snapshot)
      files/<path>           each uploaded file, by its path under FILES_ROOT

A backup is consistent while the service runs: the database is copied in one read snapshot
first, then the files (which are written once, under random names, before the row that names
them is committed). It is written under a temporary name and renamed when complete.

A restore goes only into an empty installation of the same database kind and the same
migrations. It reads the archive once as a stream, refusing anything the manifest does not list,
any name that could land outside its folder, links and devices, and any member whose size or
sha256 differs; the database is then replaced in one transaction and the files moved in.
Core imports no app: tables are found through django.apps and the migration recorder.
See ADR 0016.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from casereviews.core import audit
from casereviews.core.models import AuditAction

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
FILES_PREFIX = "files/"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# Rows that `migrate` itself writes into a new installation: not "data" for the empty check.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why, for the operator."""


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


# --- The database -------------------------------------------------------------------------


def database_kind() -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def applied_migrations() -> dict[str, list[str]]:
    """{app label: [migration names]} as recorded in the database."""
    return _by_app(MigrationRecorder(connection).applied_migrations())


def code_migrations() -> dict[str, list[str]]:
    """{app label: [migration names]} that this installation's code has."""
    return _by_app(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _by_app(keys) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for app_label, name in keys:
        result.setdefault(app_label, []).append(name)
    return {label: sorted(names) for label, names in sorted(result.items())}


def _dump_sqlite(dest: Path) -> dict[str, list[str]]:
    """Copy the live database with SQLite's online backup API: one step, so one read snapshot,
    which WAL mode lets writers go on beside. Returns the migrations inside that snapshot."""
    connection.ensure_connection()
    copy = sqlite3.connect(dest)
    try:
        connection.connection.backup(copy)
        rows = copy.execute("SELECT app, name FROM django_migrations").fetchall()
    finally:
        copy.close()
    return _by_app(rows)


def _pg_environment() -> dict[str, str]:
    """libpq's environment for the client tools: the password never appears in argv."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    for key, var in names.items():
        if db.get(key):
            env[var] = str(db[key])
    for option, var in {
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
    }.items():
        if db.get("OPTIONS", {}).get(option):
            env[var] = str(db["OPTIONS"][option])
    env["PGAPPNAME"] = "casereviews-backup"
    return env


def _pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore, refusing one older than the server."""
    path = shutil.which(name)
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if path is None:
        raise BackupError(
            f"{name} is not on the PATH. Install the PostgreSQL client tools, version {server} "
            f"or newer (Debian: apt-get install postgresql-client-{server})."
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(r"(\d+)(?:\.\d+)*", out.stdout)
    if found is None or int(found.group(1)) < server:
        raise BackupError(
            f"{name} ({out.stdout.strip() or 'version unknown'}) is older than the database "
            f"server (PostgreSQL {server}); install the client tools of version {server} or newer."
        )
    return path


def _run_pg(args: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed tool, our own arguments
        args, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise BackupError(f"{what} failed:\n{tail}")


def _dump_postgresql(dest: Path) -> dict[str, list[str]]:
    """pg_dump reads every table in one REPEATABLE READ snapshot; the custom format restores
    with pg_restore. Migrations are read before and after: they must not change meanwhile."""
    tool = _pg_tool("pg_dump")
    before = applied_migrations()
    name = connection.settings_dict["NAME"]
    args = [tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={dest}"]
    _run_pg([*args, f"--dbname={name}"], "pg_dump")
    if applied_migrations() != before:
        raise BackupError("Migrations ran while the backup was made: run the backup again.")
    return before


def _load_sqlite(dump: Path) -> None:
    """Replace the (empty) database with the archived one: the backup API copies every page in
    one step, inside one write transaction on the destination, so it lands whole or not at all."""
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The archived SQLite database fails its integrity check.")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _load_postgresql(dump: Path) -> None:
    """pg_restore in one transaction (--single-transaction stops at the first error and rolls
    everything back); --clean drops the empty tables a `migrate` may have made first."""
    tool = _pg_tool("pg_restore")
    name = connection.settings_dict["NAME"]
    connection.close()  # hold no lock on the tables pg_restore replaces
    args = [tool, "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    _run_pg([*args, "--single-transaction", f"--dbname={name}", str(dump)], "pg_restore")
    connection.close()


# --- The files ------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _uploaded_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(name under FILES_ROOT, path) of every regular file; links are not followed."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


class _HashingReader(io.RawIOBase):
    """Hands tarfile a file's bytes while hashing them, to prove what went into the archive is
    what the manifest says."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, member: Member, path: Path) -> None:
    info = tarfile.TarInfo(member.name)
    info.size, info.mode, info.mtime = member.size, 0o600, int(timezone.now().timestamp())
    with path.open("rb") as stream:
        reader = _HashingReader(stream)
        tar.addfile(info, reader)
    if reader.digest.hexdigest() != member.sha256:
        raise BackupError(f"{member.name} changed while the backup was made: run it again.")


# --- Backup ---------------------------------------------------------------------------------


def archive_path(target: Path) -> Path:
    """A folder gets a dated archive inside it; anything else is the archive's own name."""
    if target.is_dir():
        return target / f"casereviews-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    return target


def create_backup(target: Path, *, actor) -> tuple[Path, dict[str, Any]]:
    """Write the archive at `target` (see the module's docstring); returns its path and
    manifest. Nothing is left at `target` unless the whole archive was written."""
    kind = database_kind()
    target = archive_path(Path(target))
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new name or a folder.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    root = Path(settings.FILES_ROOT)
    with tempfile.TemporaryDirectory(prefix=".casereviews-backup-", dir=target.parent) as work:
        dump = Path(work) / "database"
        dump_database = _dump_sqlite if kind == "sqlite" else _dump_postgresql
        migrations = dump_database(dump)  # first: every file its rows name exists by now
        database = Member(DATABASE_MEMBERS[kind], dump.stat().st_size, _sha256(dump))
        files = [
            (Member(FILES_PREFIX + name, path.stat().st_size, _sha256(path)), path)
            for name, path in _uploaded_files(root)
        ]
        manifest = {
            "format_version": FORMAT_VERSION,
            "app": "casereviews",
            "app_version": _app_version(),
            "created_at": timezone.now().isoformat(),
            "database": {"kind": kind, **_member_json(database)},
            "migrations": migrations,
            "files": [_member_json(member) for member, _ in files],
        }
        _write_archive(target, manifest, [(database, dump), *files])
    audit.record(
        actor,
        AuditAction.EXPORT,
        object_repr="Backup of the database and uploaded files",
        changes={"archive": target.name, "database": kind, "files": len(files)},
    )
    return target, manifest


def _write_archive(target: Path, manifest: dict, members: list[tuple[Member, Path]]) -> None:
    mode = "w:" if target.name.endswith(".tar") else "w:gz"
    fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode=mode, format=tarfile.PAX_FORMAT) as tar:
                body = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode = len(body), 0o600
                info.mtime = int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(body))
                for member, path in members:
                    _add(tar, member, path)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)  # mkstemp made it 0600: the archive holds personal data
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _member_json(member: Member) -> dict[str, Any]:
    return {"name": member.name, "size": member.size, "sha256": member.sha256}


def _app_version() -> str:
    try:
        return metadata.version("casereviews")
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed with -e
        return "unknown"


# --- Restore --------------------------------------------------------------------------------


def installation_contents() -> list[str]:
    """What makes this installation not empty: tables with rows, and files under FILES_ROOT.
    Rows that `migrate` writes by itself (content types, permissions) do not count."""
    found: list[str] = []
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in MADE_BY_MIGRATE:
            continue
        if meta.db_table in tables and model._base_manager.exists():
            found.append(f"rows in {meta.db_table}")
    root = Path(settings.FILES_ROOT)
    if root.is_dir() and any(p.is_file() or p.is_symlink() for p in root.rglob("*")):
        found.append(f"files under {root}")
    return found


def restore_backup(archive: Path, *, actor) -> dict[str, Any]:
    """Bring `archive` back into this empty installation; returns its manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    kind = database_kind()
    contents = installation_contents()
    if contents:
        raise BackupError(
            "A restore goes only into an empty installation, and this one has "
            + ", ".join(contents[:5])
            + (f" and {len(contents) - 5} more" if len(contents) > 5 else "")
            + ". Point DATABASE_URL at a new, empty database and CASEREVIEWS_FILES_DIR at an "
            "empty folder, then run the restore again."
        )
    root = Path(settings.FILES_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".casereviews-restore-", dir=root.parent) as work:
        staging = Path(work) / "files"
        dump = Path(work) / "database"
        manifest = _unpack(archive, kind, dump, staging)
        (_load_sqlite if kind == "sqlite" else _load_postgresql)(dump)
        for name, _path in _uploaded_files(staging):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, root / name)
    audit.record(
        actor,
        AuditAction.CREATE,
        object_repr="Database and uploaded files restored from a backup",
        changes={
            "archive": archive.name,
            "backup_created_at": manifest["created_at"],
            "files": len(manifest["files"]),
        },
    )
    return manifest


def _unpack(archive: Path, kind: str, dump: Path, staging: Path) -> dict[str, Any]:
    """Read the archive once, as a stream: the manifest first and checked, then each member
    written out only if the manifest lists it, with the same size and sha256."""
    try:
        with tarfile.open(archive, mode="r|*") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isreg():
                raise BackupError("This is not a casereviews backup: manifest.json is not first.")
            if first.size > MAX_MANIFEST_BYTES:
                raise BackupError("The archive's manifest is too large to be genuine.")
            manifest, expected = _check_manifest(tar.extractfile(first).read(), kind, staging)
            seen: set[str] = set()
            while (member := tar.next()) is not None:
                _take(tar, member, expected, seen, kind, dump, staging)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"The archive cannot be read ({exc}); it may be damaged.") from exc
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive is incomplete: {len(missing)} members missing.")
    return manifest


def _take(tar, member, expected, seen: set[str], kind: str, dump: Path, staging: Path) -> None:
    """Write out one member if it is a file the manifest promises, at the promised size."""
    name = _safe_name(member.name)
    if member.isdir():
        return  # folders come from the files' own names, never from the archive
    if not member.isreg():
        raise BackupError(f"{name} is a link or device; a backup holds only files.")
    if name not in expected or name in seen:
        raise BackupError(f"{name} is not listed in the manifest (or repeated).")
    if member.size != expected[name].size:
        raise BackupError(f"{name} is not the size the manifest says.")
    seen.add(name)
    dest = dump if name == DATABASE_MEMBERS[kind] else staging / name.removeprefix(FILES_PREFIX)
    _write_checked(tar.extractfile(member), dest, expected[name])


def _safe_name(name: str) -> str:
    """A member name that can only land inside its folder: relative, no '..', no backslash."""
    clean = name.rstrip("/")  # a folder's entry ends in /
    if (
        not clean
        or clean.startswith("/")
        or "\\" in clean
        or len(clean) > 1024
        or any(ord(ch) < 32 for ch in clean)
        or any(part in ("", ".", "..") for part in clean.split("/"))
    ):
        raise BackupError(f"The archive holds an unsafe name: {name!r}.")
    return clean


def _check_manifest(
    body: bytes, kind: str, staging: Path
) -> tuple[dict[str, Any], dict[str, Member]]:
    """The manifest, and the members it promises by name; refuses what this installation
    cannot take: another format, database kind or set of migrations, or more than fits."""
    try:
        manifest = json.loads(body)
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                f"This archive's format ({manifest.get('format_version')!r}) is not the one "
                f"this version reads ({FORMAT_VERSION})."
            )
        database = manifest["database"]
        listed = [database, *manifest["files"]]
        expected = {
            _safe_name(str(m["name"])): Member(str(m["name"]), int(m["size"]), str(m["sha256"]))
            for m in listed
        }
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"The archive's manifest is not readable ({exc}).") from exc
    if database.get("kind") != kind:
        raise BackupError(
            f"This backup is of a {database.get('kind')} database and this installation uses "
            f"{kind}; a backup restores only into the same kind of database."
        )
    if database["name"] != DATABASE_MEMBERS[kind] or len(expected) != len(listed):
        raise BackupError("The archive's manifest is not consistent.")
    if any(not n.startswith(FILES_PREFIX) for n in expected if n != database["name"]):
        raise BackupError("The archive's manifest lists a file outside files/.")
    if any(m.size < 0 or not re.fullmatch(r"[0-9a-f]{64}", m.sha256) for m in expected.values()):
        raise BackupError("The archive's manifest has a bad size or sha256.")
    _check_migrations(manifest.get("migrations"), manifest.get("app_version"))
    needed = sum(m.size for m in expected.values())
    free = shutil.disk_usage(staging.parent).free
    if needed > free:
        raise BackupError(f"The archive needs {needed:,} bytes; only {free:,} are free here.")
    return manifest, expected


def _check_migrations(archived: Any, app_version: Any) -> None:
    here = code_migrations()
    if archived == here:
        return
    archived = archived if isinstance(archived, dict) else {}
    old = {f"{a}.{n}" for a, names in archived.items() for n in names}
    new = {f"{a}.{n}" for a, names in here.items() for n in names}
    raise BackupError(
        "The backup's migrations differ from this installation's code "
        f"(only in the backup: {', '.join(sorted(old - new)[:5]) or 'none'}; "
        f"only here: {', '.join(sorted(new - old)[:5]) or 'none'}). Restore with the "
        f"casereviews version that made it ({app_version}), then upgrade and migrate."
    )


def _write_checked(stream: IO[bytes] | None, dest: Path, member: Member) -> None:
    if stream is None:  # pragma: no cover - isreg() was checked
        raise BackupError(f"{member.name} cannot be read.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest, left = hashlib.sha256(), member.size
    with dest.open("xb") as out:
        while left > 0:
            chunk = stream.read(min(CHUNK, left))
            if not chunk:
                raise BackupError(f"{member.name} is cut short; the archive is damaged.")
            digest.update(chunk)
            out.write(chunk)
            left -= len(chunk)
    if digest.hexdigest() != member.sha256:
        raise BackupError(f"{member.name} does not match its sha256: the archive is damaged.")
