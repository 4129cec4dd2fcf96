"""A 50,000-row tracker: imported whole by a background job (the worker, in-process here; the
real worker process is in tests/core/test_worker_process.py), and, where a partnership sets
the background threshold above it, previewed in the request with only the first problems
shown. Generated here (never committed): openpyxl in write-only mode."""

from __future__ import annotations

import datetime as dt
import os
import time

import lxml.html
import pytest

from casereviews.actions.models import Action, ActionUpdate, ImportBatch, Recommendation
from casereviews.core.models import Job
from tests.actions.fixtures_import import HEADINGS, csv_bytes, preview_of, xlsx_bytes
from tests.core.run_jobs import run_worker
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

ROWS = int(os.environ.get("IMPORT_BIG_ROWS", "50000"))


def _rows(refs: list[str], bad_every: int = 0):
    for i in range(ROWS):
        agency = "Northshire Police" if i % 2 else "Health"
        yield [
            refs[i % len(refs)],
            f"Recommendation {i % 50} of the review: agencies must share what they know.",
            f"Action {i}: brief staff on the learning from the review.",
            "Nobody at all" if bad_every and i % bad_every == 0 else agency,
            "Named Nurse",
            dt.datetime(2027, 1 + i % 12, 1 + i % 28),
            ("Red", "Amber", "Green")[i % 3],
            "Briefings under way." if i % 1000 == 0 else None,
            None,
        ]


@pytest.fixture
def reviews(world):
    world.health.short_name = "Health"
    world.health.save()
    return [
        ReviewFactory(partnership=world.partnership, ref=f"Ref{n:03d}").ref for n in range(50, 55)
    ]


def test_a_50000_row_workbook_is_imported_by_a_job(world, client_for, reviews):
    content = xlsx_bytes(_rows(reviews), write_only=True)
    client = client_for(world.business_unit)
    started = time.perf_counter()
    page = preview_of(client, "big.xlsx", content).content.decode()
    assert "Check and import the rows in the background" in page, [
        h.text_content() for h in lxml.html.fromstring(page).xpath("//h1")
    ]
    response = client.post("/actions/import/confirm/")
    request_seconds = time.perf_counter() - started
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    started = time.perf_counter()
    run_worker()
    import_seconds = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.message == f"{ROWS:,} actions imported from big.xlsx"
    assert Action.objects.count() == ROWS
    assert Recommendation.objects.count() == 50
    assert ImportBatch.objects.get().rows == ROWS
    assert ActionUpdate.objects.filter(kind="progress").count() == ROWS // 1000
    print(f"\n50,000 rows: requests {request_seconds:.1f} s, job {import_seconds:.1f} s")


def test_a_50000_row_csv_with_5000_bad_rows_shows_the_first_100(
    world, client_for, reviews, settings
):
    settings.JOBS_IMPORT_ROWS = 100_000  # checked in the request
    content = csv_bytes(_rows(reviews, bad_every=10), HEADINGS)
    client = client_for(world.business_unit)
    started = time.perf_counter()
    page = preview_of(client, "big.csv", content).content.decode()
    print(f"\n50,000-row CSV with 5,000 bad rows: preview {time.perf_counter() - started:.1f} s")
    assert "5,000 rows have 5,000 problems" in page
    assert "The first 100 problems are shown here" in page
    tree = lxml.html.fromstring(page)
    rows = tree.xpath("//div[@id='row-errors']//tbody/tr")
    assert len(rows) == 100
    assert rows[0].xpath("./td|./th")[0].text_content().strip() == "2"
    assert rows[-1].xpath("./td|./th")[0].text_content().strip() == "992"
    assert "And 4,990 more problems in the rows" in page
    assert "45,000 rows can be imported once the others are corrected" in page
    assert client.post("/actions/import/confirm/").status_code == 200
    assert not Action.objects.exists()
