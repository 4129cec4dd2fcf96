"""The business unit's journey: record a referral, decide, open the review, see it on the
register and the briefing paper. axe checks every page on the way."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, name: str, day: int, month: int, year: int) -> None:
    page.fill(f"input[name='{name}-day']", str(day))
    page.fill(f"input[name='{name}-month']", str(month))
    page.fill(f"input[name='{name}-year']", str(year))


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=True)
def test_referral_to_register_and_briefing_paper(browser_page, world, client):
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)

    browser_page.goto("/referrals/")
    page.get_by_role("button", name="Record a referral").click()
    browser_page.check_accessibility()

    # First a mistake: awareness after receipt is refused with the error summary.
    fill_date(page, "received_on", 9, 11, 2026)
    page.select_option("select[name='source_agency']", label="Northshire Police")
    page.check("input[name='is_serious_incident_notification'][value='yes']")
    fill_date(page, "la_aware_on", 10, 11, 2026)
    page.fill("input[name='child_pseudonym']", "Child Q")
    page.fill("input[name='age_years']", "3")
    page.fill("input[name='age_months']", "4")
    page.check("input[name='gender'][value='female']")
    page.fill("input[name='locality']", "Kettering")
    page.select_option("select[name='harm_category']", value="nai")
    page.fill("textarea[name='summary']", "Serious injury to a toddler known to health services.")
    page.get_by_role("button", name="Record referral").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()

    fill_date(page, "la_aware_on", 6, 11, 2026)
    page.get_by_role("button", name="Record referral").click()
    page.wait_for_url("**/referrals/*/")
    expect(page.get_by_text("Child Q").first).to_be_visible()
    # Notification due 5 working days after 6 November 2026 (a Friday): 13 November, missed.
    expect(page.get_by_text("Missed by").first).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("button", name="Record the decision").click()
    browser_page.check_accessibility()
    fill_date(page, "meeting_on", 18, 11, 2026)
    page.get_by_label("Case mapping exercise").check()
    page.check("input[name='rapid_review'][value='yes']")
    page.fill("textarea[name='rationale']", "Multi-agency learning about information sharing.")
    ref = page.input_value("input[name='ref']")
    assert ref.startswith("Ref")
    page.get_by_role("button", name="Record decision").click()
    browser_page.check_accessibility()

    page.get_by_role("link", name=ref).first.click()
    page.wait_for_url("**/reviews/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(ref)
    browser_page.check_accessibility()

    browser_page.goto("/reviews/")
    expect(page.get_by_role("link", name=ref)).to_be_visible()

    browser_page.goto("/reports/briefing-paper/")
    expect(page.get_by_text(ref).first).to_be_visible()
    expect(page.get_by_role("heading", name="Case mapping exercises")).to_be_visible()

    browser_page.goto("/")
    browser_page.goto("/audit-log/")
    expect(page.get_by_text("Child Q").first).to_be_visible()
