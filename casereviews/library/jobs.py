"""Writing the learning library's index again for one partnership, as a background job
(core.jobs): what `casereviews library rebuild` does for every partnership, started by the
business unit from the library page (or `casereviews library rebuild --background --as USER`).
All or nothing: the old entries stay until the new ones are written."""

from __future__ import annotations

from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.core import jobs
from casereviews.library import indexing

KIND = "Rebuilding the learning library's search index"
# The business unit (or a platform admin) manages the partnership's records and accounts.
MAY_REBUILD = Permission.MANAGE_ACCOUNTS


def may_rebuild(user) -> bool:
    return bool(user.is_active and user.partnership_id and user.has_perm(MAY_REBUILD))


def start(actor):
    return jobs.enqueue(actor, rebuild_index, kind=KIND)


@jobs.job_task
def rebuild_index(progress: jobs.Progress) -> jobs.Outcome:
    actor = progress.user
    if not may_rebuild(actor):
        raise jobs.JobFailed("Nothing was changed: you may no longer rebuild the library's index")
    kinds = len(indexing.BUILDERS)
    progress.step("Writing the index again", total=kinds, unit="kinds of record")
    done = 0

    def told(kind: str, written: int) -> None:
        nonlocal done
        done += 1
        progress.advance(done)

    counts = indexing.rebuild(told, partnership_id=actor.partnership_id)
    total = sum(counts.values())
    return jobs.Outcome(
        message=f"The library's index was written again: {total:,} entries",
        url=reverse("library:search"),
        label="Go to the learning library",
    )
