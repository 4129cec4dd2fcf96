"""The business unit opens a published review's national repository summary from the review,
edits it, sees the anonymisation check warn of a name, and downloads the text to submit. axe
checks every page on the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casereviews.learning.models import Finding
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_edit_check_and_download_the_repository_summary(browser_page, world, client):
    review = ReviewFactory(
        partnership=world.partnership,
        ref="Ref050",
        summary="Death of a baby after a head injury",
        status="published",
        published_on=dt.date(2025, 9, 2),
    )
    Finding.objects.create(review=review, number=1, title="Fathers", text="Engage fathers.")
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)

    browser_page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("link", name="National repository summary of Ref050").click()
    expect(
        page.get_by_role("heading", name="2025 - Northshire Safeguarding Partnership - Child")
    ).to_be_visible()
    expect(page.get_by_text("Fathers: Engage fathers.")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("button", name="Edit the summary").click()
    browser_page.check_accessibility()
    page.get_by_label("Child").fill("Child T")
    page.get_by_label("Incident summary").fill("Child T lived with his mother and John Smith.")
    page.get_by_role("button", name="Save the summary").click()
    expect(
        page.get_by_role("heading", name="2025 - Northshire Safeguarding Partnership - Child T")
    ).to_be_visible()
    expect(page.get_by_text("1 anonymisation warning is not resolved")).to_be_visible()
    expect(page.locator("mark.app-anonymise-match")).to_have_text("John Smith")
    browser_page.check_accessibility()

    # Dismissed with a reason, the warning stays listed as dismissed.
    page.get_by_role("button", name="Dismiss this warning").click()
    expect(page.get_by_text("Enter why this is not a personal detail").first).to_be_visible()
    page.get_by_label("Why is “John Smith” not a personal detail?").fill("A charity's name")
    page.get_by_role("button", name="Dismiss this warning").click()
    expect(page.get_by_text("Reason: A charity's name")).to_be_visible()
    expect(page.get_by_text("unresolved anonymisation warning")).to_have_count(0)
    browser_page.check_accessibility()

    with page.expect_download() as text:
        page.get_by_role("link", name="Download as plain text for submitting").click()
    body = Path(text.value.path()).read_text(encoding="utf-8")
    assert body.startswith("2025 - Northshire Safeguarding Partnership - Child T\n")
