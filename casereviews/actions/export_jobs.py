"""A big export of the composite plan as a background job (core.jobs): the same file, the same
audit entry, made by the worker and kept for the person who asked for it to download."""

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
    progress.step("Reading the actions")
    actions = list(selectors.plan_actions(actor, **form.filters()))
    last_updates = selectors.last_update_dates([a.pk for a in actions])
    progress.step(f"Writing {len(actions):,} actions to the file")
    data = exports.export_plan(
        actor,
        actions,
        last_updates,
        fmt=fmt,
        filters=form.query(),
        today=today,
        partnership=actor.partnership,
    )
    return jobs.Outcome(
        message=f"The action plan's {len(actions):,} actions are ready to download",
        file=jobs.keep_file(data, fmt),
        filename=exports.filename(fmt, today),
    )
