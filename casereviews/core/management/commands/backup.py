"""`casereviews backup PATH`: the database and the uploaded files as one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casereviews.core import audit
from casereviews.core.backup import BackupError, create_backup
from casereviews.core.files import human_size


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files to one archive (.tar.gz, or .tar for no "
        "compression), consistent while the service runs. Give a folder to get a dated name."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the archive to write, or a folder to write it into")

    def handle(self, *args, path: str, **options) -> None:
        try:
            written, manifest = create_backup(Path(path), actor=audit.command_actor("backup"))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {written} ({human_size(written.stat().st_size)}): the "
                f"{manifest['database']['kind']} database and {len(manifest['files'])} files."
            )
        )
