"""Quality markers in the browser: the lead reviewer opens a review, follows its "Quality
markers" row, rates half of the set-up stage, comes back to it, then the agency lead sees where
the partnership's reviews are weakest. axe checks every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.audits.quality import selectors
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_rate_a_review_part_way_and_see_the_partnership_picture(browser_page, world, client):
    lead = UserFactory(
        username="qm-lead",
        first_name="Jo",
        last_name="Rivers",
        partnership=world.partnership,
        agency=None,
        role="reviewer",
    )
    review = ReviewFactory(partnership=world.partnership, ref="Ref057", lead_reviewer=lead)
    page = browser_page.page
    browser_page.sign_in_as(lead, client)

    browser_page.goto(f"/reviews/{review.pk}/")
    expect(page.get_by_text("0 of 18 markers rated")).to_be_visible()
    page.get_by_role("link", name="Open quality markers of Ref057").click()
    page.wait_for_url(f"**/reviews/{review.pk}/quality/")
    expect(page.get_by_role("heading", name="Quality markers")).to_be_visible()
    expect(page.get_by_text("Agreed: 1 June 2026").first).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("button", name="Rate setting the review up").click()
    page.wait_for_url("**/quality/setup/")
    browser_page.check_accessibility()
    page.get_by_role("group", name="Rating for marker 1").get_by_label("Met", exact=True).check()
    page.fill("textarea[name='referral-evidence']", "Referred within two days.")
    page.get_by_role("group", name="Rating for marker 4").get_by_label("Not met").check()
    page.fill("textarea[name='informing_family-evidence']", "Family heard from the police.")
    page.get_by_role("button", name="Save ratings").click()
    page.wait_for_url(f"**/reviews/{review.pk}/quality/")
    expect(page.get_by_text("2 of 18")).to_be_visible()
    expect(page.get_by_text("Family heard from the police.")).to_be_visible()
    browser_page.check_accessibility()
    assert selectors.ratings_of(review)["informing_family"].rating == "not_met"

    # Back later: what was saved is in the form.
    page.get_by_role("button", name="Rate setting the review up").click()
    expect(page.locator("textarea[name='referral-evidence']")).to_have_value(
        "Referred within two days."
    )

    page.context.clear_cookies()
    browser_page.sign_in_as(world.subgroup_member, client)
    browser_page.goto(f"/reviews/{review.pk}/quality/")
    page.get_by_role("link", name="See where the partnership's reviews are weakest").click()
    page.wait_for_url("**/quality-markers/")
    expect(page.get_by_role("img", name="Reviews rating each marker")).to_be_visible()
    first_row = page.locator("#weakest tbody tr").first
    expect(first_row).to_contain_text("4. Informing the family")
    browser_page.check_accessibility()
