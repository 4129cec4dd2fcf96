import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_with_the_form_and_reach_the_dashboard(browser_page, world):
    browser_page.goto("/accounts/sign-in/")
    page = browser_page.page
    page.get_by_label("Username").fill("bu")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_label("Username").fill("bu")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(browser_page.base_url + "/")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    browser_page.check_accessibility()
