"""The API's pages in a real browser: a person makes a token (accessible, shown once) and the
documentation page renders Swagger UI from our own static files without breaking the CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_csp import watch_for_violations
from tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_make_a_token_then_read_the_docs(browser_page, client):
    partnership = PartnershipFactory(name="Northshire Safeguarding Partnership", slug="north")
    user = UserFactory(username="bu", partnership=partnership, role="business_unit")
    page = browser_page.page
    violations = watch_for_violations(page)
    browser_page.sign_in_as(user, client)

    browser_page.goto("/accounts/api-tokens/")
    page.get_by_label("Name of the token").fill("Case system sync")
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_text("Copy it now: it is not shown again.")).to_be_visible()
    token = page.get_by_test_id("new-token").inner_text()
    assert token.startswith("crv_")
    browser_page.check_accessibility()

    page.goto(browser_page.base_url + "/api/v1/docs/")
    expect(page.get_by_text("Case reviews API").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/reviews/").first).to_be_visible()
    assert violations == [], violations
