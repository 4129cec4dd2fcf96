"""A big tracker import as a background job (core.jobs): the same checks and the same
all-or-nothing write as in the request, with the rows counted on the job's page.

The job takes over the kept upload from the person's session and throws it away when it ends,
imported or not. Failing, it writes nothing; its message says why, and when rows fail the
checks it leaves the list of them (row, column, problem) for the person who started it.
"""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from casereviews.actions.importing import services
from casereviews.actions.importing.read import TrackerUnreadable
from casereviews.core import files, jobs
from casereviews.core.spreadsheets import safe_cell

KIND = "Import of an action tracker"


def start(actor, state: services.ImportState):
    """Queue the import of the state's upload; the Job to follow."""
    return jobs.enqueue(
        actor,
        import_tracker,
        kind=KIND,
        kept_files=[state.stored_name],
        state=state.to_session(),
    )


@jobs.job_task
def import_tracker(progress: jobs.Progress, *, state: dict) -> jobs.Outcome:
    actor = progress.user
    kept = services.ImportState(**state)
    name = kept.original_name
    try:
        if not files.stored_path(kept.stored_name).exists():
            raise jobs.JobFailed(
                f"Nothing was imported: the uploaded file {name} is no longer kept. Upload it again"
            )
        progress.step(f"Checking the rows of {name}", total=kept.rows or 0, unit="rows")
        batch = services.run_import(actor, kept, progress)
    except TrackerUnreadable as exc:
        raise jobs.JobFailed(f"Nothing was imported: {name} {exc}") from exc
    except services.ImportNotPossible as exc:
        raise _rows_to_correct(name, exc.preview) from exc
    except services.ImportFailed as exc:
        raise jobs.JobFailed(str(exc)) from exc
    finally:
        services.discard_upload(kept.stored_name)
    return jobs.Outcome(
        message=f"{batch.rows:,} actions imported from {name}",
        url=reverse("actions_import:done", kwargs={"batch_id": batch.pk}),
        label="See the imported actions",
    )


def _rows_to_correct(name: str, preview) -> jobs.JobFailed:
    problems = list(preview.file_problems)
    if preview.error_count:
        rows = len(preview.bad_rows)
        problems.append(
            f"{rows:,} row{'s' if rows != 1 else ''} did not pass the checks "
            f"({preview.error_count:,} problem{'s' if preview.error_count != 1 else ''})"
        )
    if not problems:
        problems.append("there are no rows to import")
    message = f"Nothing was imported from {name}: " + "; ".join(problems)
    if not preview.errors:
        return jobs.JobFailed(message)
    shown = len(preview.errors)
    more = f" (the first {shown:,})" if shown < preview.error_count else ""
    outcome = jobs.Outcome(
        file=jobs.keep_file(_error_csv(preview.errors), "csv"),
        filename="rows-to-correct.csv",
    )
    return jobs.JobFailed(
        f"{message}. Download the rows to correct{more}, correct them in your file, then "
        "upload it again",
        outcome,
    )


def _error_csv(errors) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Row", "Column", "Problem"])
    for error in errors:
        writer.writerow([error.row, safe_cell(error.column), safe_cell(error.message)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
