"""`casereviews library rebuild`: write the learning library's index again from the records."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from casereviews.library import indexing


class Command(BaseCommand):
    help = "The learning library's index: `rebuild` writes every entry again from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args, action: str, **options) -> None:
        started = time.perf_counter()

        def progress(kind: str, written: int) -> None:
            self.stdout.write(f"  {kind}: {written} entries")

        self.stdout.write("Rebuilding the learning library's index…")
        counts = indexing.rebuild(progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {sum(counts.values())} records in {time.perf_counter() - started:.1f}s"
            )
        )
