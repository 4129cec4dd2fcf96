"""A big review report read and tagged as a background job (core.jobs, as the tracker import):
the same reading, themes, search entry and all-or-nothing save as in the request.

The upload is kept first, in the request; the job owns it from then on. Failing (no text
layer, a damaged file, the person no longer allowed), it removes the file and saves nothing;
its message says why. Done, its page links to the report's page.
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.core import files, jobs
from casereviews.learning import reports, selectors

# Not the file's name nor the review's reference: the business unit sees every job of the
# partnership, a restricted review's included.
KIND = "Reading a review's report and finding its themes"


def start(actor, review, stored: files.StoredUpload):
    """Queue the reading of the kept upload; the Job to follow."""
    return jobs.enqueue(
        actor,
        analyse_report,
        kind=KIND,
        kept_files=[stored.stored_name],
        review_id=review.pk,
        stored=dataclasses.asdict(stored),
    )


@jobs.job_task
def analyse_report(progress: jobs.Progress, *, review_id: int, stored: dict) -> jobs.Outcome:
    actor = progress.user
    kept = files.StoredUpload(**stored)
    name = kept.original_name
    try:
        review = selectors.get_review(actor, review_id)
        if not actor.is_active or not actor.has_perm(Permission.CHANGE_FINDINGS, review):
            raise Http404
    except Http404 as exc:
        files.discard(kept.stored_name)
        raise jobs.JobFailed(
            f"Nothing was kept: you may no longer add reports to this review ({name})"
        ) from exc
    if not files.stored_path(kept.stored_name).exists():
        raise jobs.JobFailed(f"Nothing was kept: the uploaded file {name} is no longer there")
    try:
        report = reports.analyse(actor, review, kept, progress)
    except ValidationError as exc:
        raise jobs.JobFailed(" ".join(exc.message_dict.get("file", exc.messages))) from exc
    progress.release_files()  # the report's own file now
    count = report.tags.count()
    return jobs.Outcome(
        message=(
            f"{name} has been read: the theme engine suggests {count} "
            f"theme{'s' if count != 1 else ''}. Confirm or reject each one"
        ),
        url=reverse("learning:report", args=[report.pk]),
        label="See the report's themes",
    )
