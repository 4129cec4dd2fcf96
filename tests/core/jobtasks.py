"""Job tasks for the tests of core.jobs (importable by name, as the worker needs)."""

from __future__ import annotations

from casereviews.core import jobs


@jobs.job_task
def count_to(progress: jobs.Progress, *, upto: int) -> jobs.Outcome:
    progress.step("Counting", total=upto, unit="numbers")
    for n in range(1, upto + 1):
        progress.advance(n)
    return jobs.Outcome(
        message=f"Counted to {upto}",
        file=jobs.keep_file(b"1,2,3\r\n", "csv"),
        filename="counted.csv",
    )


@jobs.job_task
def refuse(progress: jobs.Progress) -> None:
    raise jobs.JobFailed("Nothing was done: the file has no rows")


@jobs.job_task
def break_down(progress: jobs.Progress, *, name: str) -> None:
    raise ValueError(f"Child {name}, 12 Acacia Road")  # a message that quotes a record
