"""An agency lead and the business unit import trackers through the browser; axe checks every
step, including the error states."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.actions.models import Action, ImportBatch
from tests.actions.fixtures_import import REC_1, good_rows, xlsx_bytes
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"


def _upload(page, name: str, content: bytes) -> None:
    page.set_input_files("input[type=file]", {"name": name, "mimeType": XLSX, "buffer": content})
    page.get_by_role("button", name="Upload and continue").click()


def test_business_unit_imports_a_tracker_after_correcting_it(browser_page, world, client):
    ReviewFactory(partnership=world.partnership, ref="Ref057")
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)

    browser_page.goto("/actions/import/")
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()

    hostile = [*good_rows()[:3], ["Ref057", REC_1, "<script>alert(1)</script>", "Fire Service",
                                  "Chief", "next spring", "Purple", None, None]]  # fmt: skip
    _upload(page, "tracker.xlsx", xlsx_bytes(hostile, extra_sheets={"Notes": [["Notes"]]}))
    expect(page.get_by_role("heading", name="Which sheet holds the actions?")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Tracker").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Match your columns to ours")).to_be_visible()
    browser_page.check_accessibility()
    page.select_option("select[name='due_on']", value="")
    page.get_by_role("button", name="Check the rows").click()
    expect(
        page.get_by_role("link", name="Choose the column that holds the due date")
    ).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("link", name="Change the heading row").click()
    expect(page.get_by_role("heading", name="Which row has the column headings?")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Continue").click()
    page.select_option("select[name='due_on']", label="Target date")
    page.get_by_role("button", name="Check the rows").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Row 5, Lead agency:")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script>")).to_have_count(0)  # a row with errors
    browser_page.check_accessibility()
    assert not Action.objects.exists()

    page.get_by_role("link", name="Upload a corrected file").click()
    _upload(page, "tracker.xlsx", xlsx_bytes(good_rows()))
    page.get_by_role("button", name="Check the rows").click()
    expect(page.get_by_role("heading", name="Ready to import 4 actions")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Import 4 actions").click()
    expect(page.get_by_text("Import complete")).to_be_visible()
    browser_page.check_accessibility()
    assert Action.objects.count() == 4
    assert ImportBatch.objects.get().rows == 4


def test_agency_lead_sees_other_agencies_rows_named(browser_page, world, client):
    ReviewFactory(partnership=world.partnership, ref="Ref057")
    page = browser_page.page
    browser_page.sign_in_as(world.subgroup_member, client)
    browser_page.goto("/actions/import/")
    expect(page.get_by_text("you can import actions of Northshire Police only")).to_be_visible()
    _upload(page, "tracker.xlsx", xlsx_bytes(good_rows()))
    page.get_by_role("button", name="Check the rows").click()
    expect(page.get_by_text("Northshire Health is not your agency").first).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Cancel the import").click()
    expect(page.get_by_text("The import was cancelled")).to_be_visible()
    browser_page.check_accessibility()
    assert not Action.objects.exists()
