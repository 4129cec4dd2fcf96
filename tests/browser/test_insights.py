"""Themes across reviews in the browser: the business unit reads the figures beside a national
corpus, follows a theme to its learning loop; axe checks both pages."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from casereviews.core import audit
from casereviews.insights.services import load_national
from tests.insights.conftest import hand_made_report, small  # noqa: F401 - the small world

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("CASEREVIEWS_SCREENSHOTS")  # a folder: save the pages there to look at


def test_prevalence_page_and_learning_loop(browser_page, world, small, client, tmp_path):  # noqa: F811
    load_national(hand_made_report(tmp_path), name="National sample", actor=audit.DEMO_LOADER)
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)

    browser_page.goto("/")
    page.get_by_role("link", name="Themes", exact=True).click()
    expect(page.get_by_role("heading", name="Themes across reviews", level=1)).to_be_visible()
    browser_page.check_accessibility()
    chart = "Theme prevalence: the share of reviews raising each theme"
    expect(page.get_by_role("img", name=chart)).to_be_visible()
    expect(page.get_by_text("National sample")).to_be_visible()
    # Local reviews, %, findings, reports; then the national documents and %.
    expect(page.get_by_role("row", name="Domestic abuse 3 75% 3 0 6 60%")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/insights-overview.png", full_page=True)

    page.get_by_label("Reporting year", exact=True).select_option("2025-26")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Themes across reviews: 2025-26")).to_be_visible()
    browser_page.check_accessibility()

    browser_page.goto("/insights/")
    page.get_by_role("link", name="Fathers and male carers").first.click()
    expect(page.get_by_role("heading", name="Fathers and male carers", level=1)).to_be_visible()
    expect(page.get_by_text("Raised in 2 reviews and answered by 1 action")).to_be_visible()
    browser_page.check_accessibility()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/insights-theme.png", full_page=True)
