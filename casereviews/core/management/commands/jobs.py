"""`casereviews jobs sweep`: mark jobs left running by a stopped worker as failed, remove
their kept files, and remove finished jobs, their files and the queue's finished rows older
than CASEREVIEWS_JOBS_KEEP_DAYS (core.jobs.sweep). Every worker does it as it starts; run it
daily from cron as well."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casereviews.core.jobs.sweep import sweep


class Command(BaseCommand):
    help = "Tidy the background jobs: stopped ones marked failed, old finished ones removed"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sweep", help="Mark stopped jobs failed; remove old finished jobs")

    def handle(self, *args, **options) -> None:
        swept = sweep()
        self.stdout.write(
            f"{swept.stale} stopped job(s) marked failed, {swept.jobs_pruned} old job(s) "
            f"removed, {swept.files_removed} file(s) removed, "
            f"{swept.task_rows_pruned} finished queue row(s) removed"
        )
