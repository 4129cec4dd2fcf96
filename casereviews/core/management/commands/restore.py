"""`casereviews restore PATH`: bring a backup back into an empty installation."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casereviews.core import audit
from casereviews.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `casereviews backup` into an empty installation (an empty "
        "database of the same kind, at the same migrations, and an empty files folder). "
        "Anything else is refused: a restore never overwrites data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the archive written by `casereviews backup`")

    def handle(self, *args, path: str, **options) -> None:
        try:
            manifest = restore_backup(Path(path), actor=audit.command_actor("restore"))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {manifest['database']['kind']} database and "
                f"{len(manifest['files'])} files from the backup made {manifest['created_at']}."
            )
        )
