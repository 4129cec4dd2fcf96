"""Background jobs: long work (a big import, a big export) run by a worker, not in a request.

The queue is Django's tasks framework (the `django-tasks` backport with the `django-tasks-db`
database backend, docs/adr/0036): a task row in the same database, picked up by
`casereviews worker`. On top of it, a `Job` is what the person sees: who started it, what it
is, queued / running / done / failed, how far it has got, and where the result is.

An app defines its work as a function of a `Progress` and keyword arguments, and makes it a
job task once:

    @jobs.job_task
    def import_tracker(progress: jobs.Progress, *, state: dict) -> jobs.Outcome: ...

then starts it from a view with `jobs.enqueue(user, import_tracker, kind=..., state=...)` and
sends the person to `jobs:status`. `JobFailed("why")` ends a job as failed with that message
(words for the person: what happened, never the records' contents); any other exception fails
it with a general message and leaves the traceback to the log.
"""

from casereviews.core.jobs.services import (
    JobFailed,
    Outcome,
    Progress,
    enqueue,
    job_task,
    keep_file,
)

__all__ = ["JobFailed", "Outcome", "Progress", "enqueue", "job_task", "keep_file"]
