"""`casereviews library rebuild`: write the learning library's index again from the records.

`--background --as USER` (a username or email) queues it instead as a job for that person's
partnership only: a worker runs it, and the job is on their jobs page."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereviews.library import indexing, jobs


class Command(BaseCommand):
    help = "The learning library's index: `rebuild` writes every entry again from the records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue a job for the partnership of --as (run by `casereviews worker`)",
        )
        parser.add_argument(
            "--as", dest="who", default="", help="Username or email of the business unit member"
        )

    def handle(self, *args, action: str, background: bool, who: str, **options) -> None:
        if background:
            self._queue(who)
            return
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

    def _queue(self, who: str) -> None:
        if not who:
            raise CommandError("--background needs --as USER: whose partnership, whose job")
        users = get_user_model().objects
        user = users.filter(username=who).first() or users.filter(email__iexact=who).first()
        if user is None or not jobs.may_rebuild(user):
            raise CommandError(f"{who} may not rebuild a partnership's library index")
        job = jobs.start(user)
        self.stdout.write(
            self.style.SUCCESS(f"Queued as job {job.pk} for {user.partnership}: /jobs/{job.pk}/")
        )
