"""`casereviews worker`: run the background jobs (core.jobs, ADR 0036).

The database backend's own worker (django-tasks-db's `db_worker`), with our defaults: no
reloading, and every queue. Run one beside the web server (`make run` does); run more, on this
machine or others sharing the PostgreSQL database and CASEREVIEWS_FILES_DIR, to do more at once.
`--batch` runs what is queued, then stops.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run the background jobs: big imports and exports (Ctrl+C stops it)"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, queue_name="*")
