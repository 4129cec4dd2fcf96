"""`casereviews worker`: run the background jobs (core.jobs, ADR 0036).

The database backend's own worker (django-tasks-db's `db_worker`), with our defaults: no
reloading, and every queue. Run one beside the web server (`make run` does); run more, on this
machine or others sharing the PostgreSQL database and CASEREVIEWS_FILES_DIR, to do more at once.
`--batch` runs what is queued, then stops. Each worker first sweeps up jobs whose worker
stopped mid-way and old finished ones (core.jobs.sweep).
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from casereviews.core.jobs.sweep import sweep


class Command(DatabaseWorker):
    help = "Run the background jobs: big imports and exports (Ctrl+C stops it)"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, queue_name="*")

    def handle(self, *args, **options) -> None:
        swept = sweep()
        if swept.stale:
            self.stderr.write(f"{swept.stale} job(s) left by a stopped worker marked failed")
        super().handle(*args, **options)
