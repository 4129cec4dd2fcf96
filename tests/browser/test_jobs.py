"""A big tracker import in the browser: the job's page waits, then, with no reload, shows the
result once the worker has run it (casereviews-init.js refetches the page); axe checks both."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.actions.models import Action
from tests.actions.fixtures_import import good_rows, xlsx_bytes
from tests.core.run_jobs import run_worker
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"


def test_a_big_import_runs_as_a_job_and_its_page_updates_itself(
    browser_page, world, client, settings
):
    settings.JOBS_IMPORT_ROWS = 3
    ReviewFactory(partnership=world.partnership, ref="Ref057")
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/actions/import/")
    page.set_input_files(
        "input[type=file]",
        {"name": "tracker.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(good_rows())},
    )
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("button", name="Check the rows").click()
    expect(
        page.get_by_role("heading", name="Check and import the rows in the background")
    ).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Check and import the rows").click()

    expect(page.get_by_role("heading", name="Import of an action tracker")).to_be_visible()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    browser_page.check_accessibility()
    url = page.url

    run_worker()

    expect(page.get_by_text("4 actions imported from tracker.xlsx")).to_be_visible(timeout=15_000)
    assert page.url == url  # the page updated itself
    assert Action.objects.count() == 4
    browser_page.check_accessibility()
    page.get_by_role("button", name="See the imported actions").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    browser_page.goto("/jobs/")
    expect(page.get_by_role("link", name="Import of an action tracker")).to_be_visible()
