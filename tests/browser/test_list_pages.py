"""The paged, sorted lists and the audit log's filters, in a browser with axe: a second page,
a sorted column, the date range's error."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from casereviews.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)
    return {u.username: u for u in User.objects.all()}


def test_audit_log_pages_filters_and_errors(browser_page, demo, client):
    browser_page.sign_in_as(demo["business.unit"], client)
    page = browser_page.page
    browser_page.goto("/audit-log/")
    page.get_by_role("navigation", name="Audit log pages").get_by_role("link", name="Next").click()
    # "page 2 of N", or past 500 entries (the log counts no further) "More than 500 entries, page 2"
    expect(page.get_by_text(re.compile(r"page 2( of \d+)?$"))).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Kind of record").select_option(label="Review")
    page.locator("#id_date_from-day").fill("20")
    page.locator("#id_date_from-month").fill("11")
    page.locator("#id_date_from-year").fill("2026")
    page.locator("#id_date_to-day").fill("1")
    page.locator("#id_date_to-month").fill("11")
    page.locator("#id_date_to-year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="The date to must be the same as or after the date from")
    ).to_be_visible()
    browser_page.check_accessibility()


def test_sorted_lists_are_accessible(browser_page, demo, client):
    browser_page.sign_in_as(demo["business.unit"], client)
    page = browser_page.page
    browser_page.goto("/referrals/")
    page.get_by_role("link", name="Child", exact=True).click()
    expect(page.locator("th[aria-sort=ascending]")).to_have_text("Child ▲")
    browser_page.check_accessibility()
    for path in (
        "/reviews/?sort=timeliness",
        "/actions/escalation/?sort=status",
        "/briefings/sharing/?sort=briefing&order=desc",
    ):
        browser_page.goto(path)
