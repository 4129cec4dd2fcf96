"""The multi-agency chronology end to end in the browser (issue 14): the business unit starts it
and asks two agencies, the police's lead imports theirs from Excel, the health lead types
theirs, and the reviewer reads the integrated chronology, its timeline and gaps, and downloads
the anonymised Word version (read back). axe checks every step."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from casereviews.chronology.models import ChronologyEntry
from tests.chronology.conftest import workbook
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POLICE_ROWS = [
    [dt.datetime(2021, 2, 14), "22:40", "Police log 0211/21",
     "Called to the home; Mrs Jane Smith, a neighbour, had reported shouting.",
     "Child F, mother, officer", "Shared", "Northshire Health"],
    ["?/03/2021", "", "Police log 0300/21", "Welfare check; Child F not seen.", "mother",
     "Not shared", ""],
]  # fmt: skip


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"


def _date(page, name: str, value: dt.date) -> None:
    for part, number in (("day", value.day), ("month", value.month), ("year", value.year)):
        page.fill(f"input[name='{name}-{part}']", str(number))


def test_requests_import_typing_and_the_anonymised_word(browser_page, world, client):
    review = ReviewFactory(
        partnership=world.partnership, ref="Ref053", lead_reviewer=world.reviewer
    )
    page = browser_page.page

    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto(f"/reviews/{review.pk}/chronology/")
    page.get_by_role("link", name="Start the chronology").click()
    page.get_by_label("The child's pseudonym").fill("Child F")
    _date(page, "scope_from", dt.date(2020, 1, 1))
    _date(page, "scope_to", dt.date(2023, 12, 31))
    _date(page, "child_born_on", dt.date(2019, 5, 1))
    page.get_by_role("button", name="Start the chronology").click()
    expect(page.get_by_role("heading", name="Ask agencies for their chronologies")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Send the requests").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Northshire Police").check()
    page.get_by_label("Northshire Health").check()
    _date(page, "due_on", dt.date(2027, 1, 8))
    page.get_by_role("button", name="Send the requests").click()
    expect(page.get_by_text("2 agencies are asked for their chronology")).to_be_visible()
    expect(page.get_by_text("Awaiting")).to_have_count(2)
    browser_page.check_accessibility()

    browser_page.sign_in_as(world.subgroup_member, client)
    browser_page.goto(f"/reviews/{review.pk}/chronology/")
    page.get_by_role("link", name="Northshire Police's chronology").first.click()
    browser_page.check_accessibility()
    page.get_by_role("link", name="Import from a spreadsheet").click()
    browser_page.check_accessibility()
    page.set_input_files(
        "input[type=file]",
        {"name": "police.xlsx", "mimeType": XLSX, "buffer": workbook(POLICE_ROWS)},
    )
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", name="Match your columns to ours")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Check the rows").click()
    expect(page.get_by_role("heading", name="Ready to import 2 entries")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Import 2 entries").click()
    expect(page.get_by_text("2 entries imported from police.xlsx")).to_be_visible()
    page.get_by_role("button", name="Send the chronology to the panel").click()
    expect(page.get_by_text("sent to the review panel")).to_be_visible()
    browser_page.check_accessibility()

    browser_page.sign_in_as(world.other_subgroup_member, client)
    browser_page.goto(f"/reviews/{review.pk}/chronology/")
    page.get_by_role("link", name="Northshire Health's chronology").first.click()
    expect(page.get_by_text("Police log 0211/21")).to_have_count(0)  # not the police's
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Date", exact=True).fill("01/01/2030")
    page.get_by_role("button", name="Add the entry").click()
    expect(page.get_by_role("link", name="The date 01/01/2030 is in the future")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the source of information")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Date", exact=True).fill("c. 10/02/2021")
    page.get_by_label("Source of information").fill("ED record")
    page.get_by_label("What happened").fill("Burn to the hand, two days old.")
    page.get_by_label("This is a significant event").check()
    page.get_by_label("The child was seen").check()
    page.get_by_role("button", name="Add the entry").click()
    expect(page.get_by_text("Uncertain date")).to_be_visible()
    browser_page.check_accessibility()
    assert ChronologyEntry.objects.count() == 3

    browser_page.sign_in_as(world.reviewer, client)
    browser_page.goto(f"/reviews/{review.pk}/chronology/")
    page.get_by_role("link", name="The integrated chronology").click()
    expect(page.get_by_text("3 of 3 entries, merged and in date order")).to_be_visible()
    expect(page.get_by_text("Jane Smith", exact=False)).to_have_count(1)
    browser_page.check_accessibility()
    page.get_by_role("link", name="What agencies knew and shared").first.click()
    expect(page.locator("svg.app-timeline")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Gaps in what agencies knew and shared")
    ).to_be_visible()
    expect(page.get_by_text("Police, 14/02/2021", exact=False)).to_have_count(0)
    expect(page.get_by_text("not known to Northshire Police", exact=False).first).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("link", name="Back to the integrated chronology").click()
    page.get_by_role("link", name="Show the anonymised view").click()
    expect(page.get_by_text("Jane Smith", exact=False)).to_have_count(0)
    browser_page.check_accessibility()
    with page.expect_download() as download:
        page.get_by_role("link", name="Word", exact=True).click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Date", "Time", "Agency"]
    assert [r.cells[2].text for r in table.rows[1:]] == [
        "Northshire Health",
        "Northshire Police",
        "Northshire Police",
    ]
    text = "\n".join(c.text for r in table.rows for c in r.cells)
    assert "Jane Smith" not in text and "Burn to the hand" in text
