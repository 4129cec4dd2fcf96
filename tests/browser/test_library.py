"""The learning library in the browser: a practitioner searches from their home, reads the
highlighted results, filters them and opens "Learning about" a theme. axe checks each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.learning import services as learning
from tests.library.test_search import library  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_practitioner_searches_the_library(browser_page, world, client, library):  # noqa: F811
    finding = library["published"].findings.get()
    learning.accept_tag(world.business_unit, finding.tags.get(theme_id="fathers-men"))
    page = browser_page.page
    browser_page.sign_in_as(world.practitioner, client)

    browser_page.goto("/")
    expect(page.get_by_role("link", name="Learning about Fathers and male carers")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Search the learning library").fill('fathers "male carers"')
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_text("2 results")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    expect(page.get_by_role("link", name="Think father")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_text("Filter the results").click()
    page.get_by_label("Type of record").select_option(label="Briefing")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 result")).to_be_visible()
    browser_page.check_accessibility()

    browser_page.goto("/library/?q=NEAR(%22")
    expect(page.get_by_text("0 results")).to_be_visible()
    browser_page.check_accessibility()

    browser_page.goto("/library/themes/fathers-men/")
    expect(page.get_by_role("heading", name="What reviews found")).to_be_visible()
    expect(page.get_by_role("link", name="Ref001 finding 1: Fathers unseen")).to_be_visible()
    browser_page.check_accessibility()
