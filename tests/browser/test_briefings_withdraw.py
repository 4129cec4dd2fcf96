"""Withdrawing a published briefing and publishing a corrected version, in the browser; axe
checks every page on the way (the withdraw page and its error, the draft correction, the
confirmation on publishing, the corrected briefing as a practitioner reads it)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.briefings import services
from casereviews.briefings.models import Briefing, BriefingKind
from casereviews.learning.models import Finding
from tests.briefings.briefing_data import SIX_STEP
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRM = "I have read this briefing and it names no child, family member or professional"


@pytest.fixture
def published(world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref061")
    Finding.objects.create(review=review, number=1, title="", text="The child was not seen.")
    briefing = services.create_briefing(
        world.business_unit,
        review,
        BriefingKind.SIX_STEP,
        title="Missing from home",
        sections=SIX_STEP,
    )
    return services.publish(world.business_unit, briefing, briefing.version)


def test_withdraw_then_publish_a_correction(browser_page, world, client, published):
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto(f"/briefings/{published.pk}/")
    page.get_by_role("button", name="Withdraw this briefing").click()
    page.wait_for_url(f"**/briefings/{published.pk}/withdraw/")
    browser_page.check_accessibility()
    page.get_by_role("button", name="Withdraw the briefing").click()  # no reason: an error
    expect(page.get_by_role("link", name="Enter why it is being withdrawn")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Why is it being withdrawn?").fill("It gave the number of missing episodes.")
    page.get_by_role("button", name="Withdraw the briefing").click()
    page.wait_for_url(f"**/briefings/{published.pk}/")
    expect(page.get_by_text("practitioners no longer see it").first).to_be_visible()
    expect(page.get_by_text("It gave the number of missing episodes.")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("button", name="Publish a corrected version").click()
    page.wait_for_url("**/briefings/*/edit/")
    browser_page.check_accessibility()
    correction = Briefing.objects.get(corrects=published)
    page.fill("textarea[name='the_case']", "Child B, aged 14, went missing several times.")
    page.get_by_role("button", name="Save the briefing").click()
    page.wait_for_url(f"**/briefings/{correction.pk}/")
    browser_page.check_accessibility()
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("button", name="Publish the briefing").click()  # not confirmed: an error
    expect(page.get_by_role("link", name="Confirm that you have read the briefing")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Publish the briefing").click()
    page.wait_for_url(f"**/briefings/{correction.pk}/")
    expect(page.get_by_text("It replaces the version it corrects")).to_be_visible()
    browser_page.check_accessibility()

    browser_page.sign_in_as(world.practitioner, client)
    browser_page.goto("/briefings/")
    expect(page.get_by_role("link", name="Missing from home")).to_have_count(1)
    page.get_by_role("link", name="Missing from home").click()
    page.wait_for_url(f"**/briefings/{correction.pk}/")
    expect(page.get_by_text("Corrected on").first).to_be_visible()
    expect(page.get_by_text("went missing several times")).to_be_visible()
    browser_page.check_accessibility()
    response = page.goto(browser_page.base_url + f"/briefings/{published.pk}/")
    assert response is not None and response.status == 404
