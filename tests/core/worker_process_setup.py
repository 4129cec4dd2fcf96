"""Run by tests/core/test_worker_process.py in a process of its own, against the database
DATABASE_URL names: an agency lead, five reviews, and their 50,000-row tracker queued as an
import job, the way the journey's last step queues it. Prints the job's id and a session key
signed in as the agency lead (JSON)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereviews.config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from casereviews.actions import services as action_services  # noqa: E402
from casereviews.actions.importing import jobs as import_jobs  # noqa: E402
from casereviews.actions.importing import services  # noqa: E402
from tests.actions.fixtures_import import HEADINGS  # noqa: E402
from tests.factories import (  # noqa: E402
    AgencyFactory,
    PartnershipFactory,
    ReviewFactory,
    UserFactory,
)


def _recommendation(n: int) -> str:
    return f"Recommendation {n} of the review: agencies must share what they know."


def main(rows: int) -> None:
    partnership = PartnershipFactory(name="Northshire Safeguarding Partnership", slug="north")
    police = AgencyFactory(partnership=partnership, name="Northshire Police")
    lead = UserFactory(
        username="lead", partnership=partnership, agency=police, role="subgroup_member"
    )
    unit = UserFactory(username="bu", partnership=partnership, agency=None, role="business_unit")
    reviews = [ReviewFactory(partnership=partnership, ref=f"Ref{n:03d}") for n in range(50, 55)]
    refs = [review.ref for review in reviews]
    for n in range(50):  # the business unit writes recommendations; agency leads add actions
        action_services.create_recommendation(unit, reviews[n % 5], text=_recommendation(n))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for i in range(rows):
        writer.writerow([
            refs[i % len(refs)],
            _recommendation(i % 50),
            f"Action {i}: brief staff on the learning from the review.",
            "Northshire Police",
            "Detective Inspector",
            f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}",
            ("Red", "Amber", "Green")[i % 3],
            "",
            "",
        ])  # fmt: skip
    upload = SimpleUploadedFile("big.csv", out.getvalue().encode(), content_type="text/csv")
    state = services.keep_upload(lead, upload)
    assert services.in_background(state), "the tracker should be big enough for a job"
    job = import_jobs.start(lead, state)
    session = SessionStore()
    session[SESSION_KEY] = str(lead.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = lead.get_session_auth_hash()
    session.create()
    print(json.dumps({"job": job.pk, "session": session.session_key, "total": state.rows}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
