"""Briefings in the browser: from a review to a published 7-minute briefing, through the edit
form's error state and the anonymisation check. axe checks every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.briefings import services
from casereviews.briefings.models import Briefing, BriefingKind
from casereviews.learning.models import Finding
from tests.briefings.briefing_data import SIX_STEP
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bf_review(world):
    """A review with one finding (a briefing of a review with none is not published); few rows
    of other apps' tables, which would shift the ids later browser tests of the same session
    see (their tables are emptied, not their sequences)."""
    review = ReviewFactory(partnership=world.partnership, ref="Ref053")
    Finding.objects.create(review=review, number=1, title="", text="The child was not seen.")
    return review


@pytest.fixture
def bf_published(world, bf_review):
    briefing = services.create_briefing(
        world.business_unit,
        bf_review,
        BriefingKind.SIX_STEP,
        title="Exploitation hidden in plain sight",
        sections=SIX_STEP,
    )
    return services.publish(world.business_unit, briefing, briefing.version)


def test_from_review_to_published_briefing(browser_page, world, client, bf_review, bf_published):
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)

    browser_page.goto("/briefings/")
    expect(page.get_by_role("link", name=bf_published.title)).to_be_visible()
    browser_page.goto("/briefings/?kind=seven_minute")
    expect(page.get_by_text("No briefings of this kind have been published yet.")).to_be_visible()

    browser_page.goto(f"/reviews/{bf_review.pk}/briefings/")
    page.get_by_role("button", name="Write a briefing").click()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Start the draft").click()  # nothing chosen: an error
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("7-minute briefing").check()
    page.get_by_role("button", name="Start the draft").click()
    page.wait_for_url("**/briefings/*/edit/")
    browser_page.check_accessibility()
    briefing = Briefing.objects.get(review=bf_review, kind="seven_minute")

    # The edit form's error state: two key points are too few.
    page.fill("textarea[name='key_points']", "One point\nAnother point")
    page.fill(
        "textarea[name='background']",
        "Child A lived with Mother. His teacher, Mrs Jones, was worried.",
    )
    page.get_by_role("button", name="Save the briefing").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="you have entered 2")).to_be_visible()
    browser_page.check_accessibility()
    page.fill("textarea[name='key_points']", "One point\nAnother point\nA third point")
    page.fill("textarea[name='things_to_note']", "The Graded Care Profile was not used.")
    page.fill("textarea[name='why_it_matters']", "Neglect rarely arrives as one incident.")
    page.fill("textarea[name='what_to_do']", "- Use the Graded Care Profile.")
    page.get_by_role("button", name="Save the briefing").click()
    page.wait_for_url(f"**/briefings/{briefing.pk}/")
    expect(page.get_by_text("found 1 thing to look at")).to_be_visible()
    browser_page.check_accessibility()

    # The check lists the name; publishing is refused until it is resolved.
    page.get_by_role("link", name="Check and publish").click()
    expect(page.get_by_role("heading", name="1 warning to resolve")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Publish the briefing").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("1 anonymisation warning is not resolved")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Dismiss this warning").click()  # no reason: an error
    expect(page.get_by_role("link", name="Enter why this is not a personal detail")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Why is “Mrs Jones” not a personal detail?").fill(
        "Fictional teacher's name for this test."
    )
    page.get_by_role("button", name="Dismiss this warning").click()
    expect(page.get_by_role("heading", name="Nothing left to resolve")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("I have read this briefing and it names no child").check()
    page.get_by_role("button", name="Publish the briefing").click()
    page.wait_for_url(f"**/briefings/{briefing.pk}/")
    expect(page.get_by_text("is published")).to_be_visible()
    browser_page.check_accessibility()


def test_a_practitioner_reads_a_published_briefing(browser_page, world, client, bf_published):
    page = browser_page.page
    browser_page.sign_in_as(world.practitioner, client)
    browser_page.goto("/briefings/")
    page.get_by_role("link", name=bf_published.title).click()
    page.wait_for_url(f"**/briefings/{bf_published.pk}/")
    expect(page.get_by_role("heading", name="6. Questions for your team")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    browser_page.check_accessibility()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download PDF").click()
    assert info.value.suggested_filename == "Northshire-6-step-briefing-Ref053.pdf"
