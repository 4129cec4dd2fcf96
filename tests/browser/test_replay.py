"""A form sent twice saves once: record a referral, go back, send it again (ADR 0021)."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from casereviews.referrals.models import Referral
from tests.browser.test_review_journey import fill_date

pytestmark = pytest.mark.django_db(transaction=True)


def fill_referral(page, pseudonym: str, locality: str) -> None:
    fill_date(page, "received_on", 9, 11, 2026)
    page.select_option("select[name='source_agency']", label="Northshire Police")
    page.check("input[name='is_serious_incident_notification'][value='no']")
    page.fill("input[name='child_pseudonym']", pseudonym)
    page.fill("input[name='age_years']", "3")
    page.check("input[name='gender'][value='female']")
    page.fill("input[name='locality']", locality)
    page.select_option("select[name='harm_category']", value="neglect")
    page.fill("textarea[name='summary']", "Neglect of a young child known to health services.")


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=True)
def test_back_and_send_again_records_one_referral(browser_page, world, client):
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/referrals/new/")

    fill_referral(page, "Child Q", "Kettering")
    page.get_by_role("button", name="Record referral").click()
    page.wait_for_url("**/referrals/*/")
    first = page.url
    expect(page.get_by_text("Referral recorded")).to_be_visible()

    # Back to the form: the browser fetches it again (signed-in pages are not cached) and puts
    # the entries back; the user sends it again.
    page.go_back()
    page.wait_for_url("**/referrals/new/")
    expect(page.locator("input[name='child_pseudonym']")).to_have_value("Child Q")
    browser_page.check_accessibility()
    page.get_by_role("button", name="Record referral").click()
    page.wait_for_url(first)
    expect(page.get_by_text("This was already saved")).to_be_visible()
    browser_page.check_accessibility()
    assert Referral.objects.count() == 1

    # A double click sends the same token twice: still one referral.
    browser_page.goto("/referrals/new/")
    fill_referral(page, "Child R", "Corby")
    page.get_by_role("button", name="Record referral").dblclick()
    page.wait_for_url("**/referrals/*/")
    expect(page.get_by_text("Child R").first).to_be_visible()
    assert Referral.objects.filter(child_pseudonym="Child R").count() == 1
