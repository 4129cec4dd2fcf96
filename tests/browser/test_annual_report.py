"""The business unit produces the demo's 2016-17 annual report in the browser: chooses the year,
reads seed 002's tables, writes a narrative draft, has the Word and PDF documents prepared by
a background job and downloads them, and
records a sub-group meeting. axe checks every page on the way."""

from __future__ import annotations

import pypdfium2
import pytest
from django.core.management import call_command
from docx import Document
from playwright.sync_api import expect

from casereviews.accounts.models import User
from tests.core.run_jobs import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_business_unit_produces_the_2016_17_report(
    browser_page, transactional_db, client, tmp_path
):
    call_command("demo", verbosity=0)
    page = browser_page.page
    browser_page.sign_in_as(User.objects.get(username="business.unit"), client)

    browser_page.goto("/")
    page.get_by_role("link", name="Annual report").click()
    browser_page.check_accessibility()
    page.fill("input[name='year']", "2017-16")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("the second year must follow the first").first).to_be_visible()
    browser_page.check_accessibility()

    page.fill("input[name='year']", "2016-17")
    page.get_by_role("button", name="Show the report").click()
    expect(
        page.get_by_role("heading", name="Review sub-group annual report 2016-17")
    ).to_be_visible()
    referrals = page.locator("#table-referrals")
    expect(referrals.get_by_role("row").last).to_contain_text("Total")
    expect(referrals.get_by_role("row").last).to_contain_text("10")
    expect(page.locator("#table-new_scr")).to_contain_text("Ref057")
    expect(page.locator("#table-earlier_case_mapping")).to_contain_text("Ref044")
    browser_page.check_accessibility()
    page.screenshot(path=str(tmp_path / "annual.png"), full_page=True)

    page.get_by_role("link", name="Edit the narrative of 5. Challenges").click()
    browser_page.check_accessibility()
    page.fill("textarea[name='text']", "Timeliness stays our challenge.\n\nAuthors are scarce.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Authors are scarce.")).to_be_visible()

    # The documents are made by a background job; its page gives the download.
    page.get_by_role("button", name="Prepare the Word document (.docx)").click()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    browser_page.check_accessibility()
    run_worker()
    page.reload()
    with page.expect_download() as word:
        page.get_by_role("button", name="Download annual-report-2016-17.docx").click()
    document = Document(str(word.value.path()))
    assert "Authors are scarce." in [p.text for p in document.paragraphs]
    browser_page.goto("/reports/annual/?year=2016-17")
    page.get_by_role("button", name="Prepare the PDF").click()
    run_worker()
    page.reload()
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download annual-report-2016-17.pdf").click()
    text = "".join(
        p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf.value.path())
    )
    assert "Ref053" in text

    page.get_by_role("link", name="Sub-group").click()
    page.get_by_role("button", name="Record a meeting").click()
    page.get_by_label("Held").check()
    page.fill("input[name='held_on-day']", "8")
    page.fill("input[name='held_on-month']", "6")
    page.fill("input[name='held_on-year']", "2017")
    page.get_by_label("Northshire Police").fill("2")
    page.get_by_label("Action plan").check()
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_role("heading", name="Sub-group meeting of 8 June 2017")).to_be_visible()
    browser_page.check_accessibility()
