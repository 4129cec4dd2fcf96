"""A restore refuses what it must not take: a non-empty installation, another database kind or
migration state, and hostile or damaged archives. Each is refused with a message before
anything is written, and nothing is left behind in the files folder or beside it."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from casereviews.core.backup import DATABASE_MEMBERS, code_migrations, database_kind
from casereviews.core.models import AuditLog

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 fictional evidence of impact for Child A\n%%EOF\n"


def entry(name: str, data: bytes) -> dict:
    return {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def manifest(files: list[dict], **changes) -> dict:
    kind = database_kind()
    body = {
        "format_version": 1,
        "app_version": "0.1.0",
        "created_at": "2026-03-02T10:00:00+00:00",
        "database": {"kind": kind, **entry(DATABASE_MEMBERS[kind], b"not read")},
        "migrations": code_migrations(),
        "files": files,
    }
    body.update(changes)
    return body


def write_archive(path: Path, body: dict, members: list[tarfile.TarInfo | tuple[str, bytes]]):
    with tarfile.open(path, "w:gz") as tar:
        data = json.dumps(body).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tar.addfile(member)
                continue
            name, content = member
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


@pytest.fixture
def files_root(tmp_path, settings) -> Path:
    settings.FILES_ROOT = tmp_path / "install" / "files"
    return settings.FILES_ROOT


def refused(archive: Path) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(archive))
    return str(raised.value)


def nothing_written(tmp_path: Path, files_root: Path) -> bool:
    """The files folder is empty, nothing escaped to its parents, no staging left beside it."""
    inside = list(files_root.rglob("*")) if files_root.exists() else []
    beside = [p.name for p in files_root.parent.iterdir() if p != files_root]
    escaped = [p for p in tmp_path.rglob("evil*")]
    return not inside and not beside and not escaped and not Path("/tmp/evil-restore").exists()


def symlink(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = target
    return info


@pytest.mark.parametrize(
    "member, listed",
    [
        (("files/../../evil.pdf", PDF), False),
        (("files/../../evil.pdf", PDF), True),
        (("/tmp/evil-restore", PDF), False),
        (("files/evidence/..\\..\\evil.pdf", PDF), False),
        (symlink("files/evil-link", "/etc/passwd"), False),
        (("files/evidence/not-in-the-manifest.pdf", PDF), False),
    ],
    ids=["dot-dot", "dot-dot-listed", "absolute", "backslash", "symlink", "unlisted"],
)
def test_a_hostile_member_is_refused_and_nothing_is_written(tmp_path, files_root, member, listed):
    name = member.name if isinstance(member, tarfile.TarInfo) else member[0]
    files = [entry(name, PDF)] if listed else []
    archive = write_archive(tmp_path / "hostile.tar.gz", manifest(files), [member])
    message = refused(archive)
    assert any(words in message for words in ("unsafe name", "link or device", "not listed"))
    assert nothing_written(tmp_path, files_root)


def test_a_member_bigger_than_the_manifest_says_is_refused(tmp_path, files_root):
    listed = entry("files/evidence/2026/report.pdf", PDF)
    archive = write_archive(
        tmp_path / "big.tar.gz",
        manifest([listed]),
        [("files/evidence/2026/report.pdf", PDF + b"\0" * 10_000_000)],
    )
    assert "not the size the manifest says" in refused(archive)
    assert nothing_written(tmp_path, files_root)


def test_a_manifest_promising_more_than_the_disk_holds_is_refused(tmp_path, files_root):
    huge = {"name": "files/bomb.bin", "size": 2**60, "sha256": "0" * 64}
    archive = write_archive(tmp_path / "bomb.tar.gz", manifest([huge]), [])
    assert "only" in refused(archive) and "are free here" in refused(archive)
    assert nothing_written(tmp_path, files_root)


def test_a_damaged_file_is_refused_by_its_sha256(tmp_path, files_root):
    listed = entry("files/evidence/2026/report.pdf", PDF)
    damaged = PDF.replace(b"Child A", b"Child B")
    archive = write_archive(
        tmp_path / "damaged.tar.gz",
        manifest([listed]),
        [("files/evidence/2026/report.pdf", damaged)],
    )
    assert "does not match its sha256" in refused(archive)
    assert nothing_written(tmp_path, files_root)


def test_other_migrations_are_refused_with_what_differs(tmp_path, files_root):
    migrations = code_migrations()
    migrations["reviews"] = [*migrations["reviews"], "9999_from_the_future"]
    archive = write_archive(tmp_path / "newer.tar.gz", manifest([], migrations=migrations), [])
    message = refused(archive)
    assert "migrations differ" in message
    assert "reviews.9999_from_the_future" in message
    assert nothing_written(tmp_path, files_root)


def test_another_database_kind_is_refused(tmp_path, files_root):
    other = "postgresql" if database_kind() == "sqlite" else "sqlite"
    body = manifest([])
    body["database"] = {"kind": other, **entry(DATABASE_MEMBERS[other], b"x")}
    message = refused(write_archive(tmp_path / "other.tar.gz", body, []))
    assert f"a {other} database" in message
    assert nothing_written(tmp_path, files_root)


def test_something_that_is_not_a_backup_is_refused(tmp_path, files_root):
    not_a_tar = tmp_path / "notes.tar.gz"
    not_a_tar.write_bytes(b"Child A's chronology, not an archive")
    assert "cannot be read" in refused(not_a_tar)
    plain = tmp_path / "plain.tar"
    with tarfile.open(plain, "w") as tar:
        info = tarfile.TarInfo("readme.txt")
        tar.addfile(info, io.BytesIO(b""))
    assert "manifest.json is not first" in refused(plain)
    assert nothing_written(tmp_path, files_root)


def test_an_installation_with_data_is_never_overwritten(tmp_path, files_root, world):
    files_root.mkdir(parents=True)
    (files_root / "kept.pdf").write_bytes(PDF)
    archive = write_archive(tmp_path / "any.tar.gz", manifest([]), [])
    message = refused(archive)
    assert "only into an empty installation" in message
    assert "rows in accounts_partnership" in message and "files under" in message
    assert (files_root / "kept.pdf").read_bytes() == PDF
    assert world.partnership.__class__.objects.filter(pk=world.partnership.pk).exists()


def test_a_backup_never_overwrites_an_archive(tmp_path, files_root):
    existing = tmp_path / "monday.tar.gz"
    existing.write_bytes(b"Monday's backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"Monday's backup"
    assert not AuditLog.objects.exists()
