"""A big export of the composite plan as a background job (core.jobs): the same file, the same
audit entry, made by the worker and kept for the person who asked for it to download. The file
is written straight to disk from the actions read chunk by chunk (exports.plan_rows)."""

from __future__ import annotations

from django.utils import timezone

from casereviews.actions import exports, selectors
from casereviews.actions.forms import PlanFilterForm
from casereviews.core import jobs

KIND = "Export of the action plan"


def start(actor, *, fmt: str, query: dict[str, str]):
    return jobs.enqueue(actor, export_plan, kind=f"{KIND} ({fmt.upper()})", fmt=fmt, query=query)


@jobs.job_task
def export_plan(progress: jobs.Progress, *, fmt: str, query: dict[str, str]) -> jobs.Outcome:
    actor = progress.user
    form = PlanFilterForm(actor, query)  # the choices offered now: a stale filter is ignored
    today = timezone.localdate()
    actions = selectors.plan_actions(actor, **form.filters())
    count = actions.count()
    progress.step(f"Writing {count:,} actions to the file")
    rows = exports.plan_rows(actions, today)
    stored = jobs.keep_file(lambda out: exports.write(fmt, rows, out), fmt)
    exports.record_export(
        actor, fmt=fmt, count=count, filters=form.query(), partnership=actor.partnership
    )
    return jobs.Outcome(
        message=f"The action plan's {count:,} actions are ready to download",
        file=stored,
        filename=exports.filename(fmt, today),
    )
