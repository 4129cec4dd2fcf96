"""Sign-in (F17) in the real browser, with axe on every page: two-factor set-up and sign-in
with codes from the key the page shows, single sign-on through a local OpenID Connect
provider, the password reset and the business unit's reset pages."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.accounts.oidc_provider import serve_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def app_code(key_text: str) -> str:
    """The code an authenticator app shows for the key typed into it."""
    key = key_text.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_sign_in(browser_page, username: str) -> None:
    browser_page.goto("/accounts/sign-in/")
    page = browser_page.page
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_set_up_then_sign_in_with_a_recovery_code(browser_page, world, settings):
    settings.CASEREVIEWS_REQUIRE_TWO_FACTOR = True
    page = browser_page.page
    password_sign_in(browser_page, "bu")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    key = page.locator("#two-factor-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(app_code(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    browser_page.check_accessibility()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.wait_for_url(browser_page.base_url + "/")
    browser_page.goto("/accounts/two-factor/")
    expect(page.get_by_text("Required")).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()

    password_sign_in(browser_page, "bu")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Code from your authenticator app").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(browser_page.base_url + "/")
    browser_page.goto(f"/accounts/users/{world.practitioner.pk}/two-factor/")
    browser_page.goto(f"/accounts/users/{world.business_unit.pk}/two-factor/")


def test_single_sign_on_in_the_browser(browser_page, world, monkeypatch):
    provider, running = serve_for(world.partnership, monkeypatch, browser_page.base_url)
    try:
        world.subgroup_member.email = "lead@northshire.example"
        world.subgroup_member.save()
        provider.person = {"sub": "1", "email": "lead@northshire.example", "email_verified": True}
        page = browser_page.page
        browser_page.goto("/accounts/sign-in/")
        page.get_by_role("button", name="Sign in with Microsoft Entra ID").click()
        page.wait_for_url(browser_page.base_url + "/")
        expect(page.get_by_text("Signed in as")).to_be_visible()
        browser_page.check_accessibility()
        page.get_by_role("button", name="Sign out").first.click()

        provider.person = {"sub": "2", "email": "new@northshire.example", "email_verified": True}
        browser_page.goto("/accounts/sign-in/")
        page.get_by_role("button", name="Sign in with Microsoft Entra ID").click()
        expect(page.get_by_role("heading", name="You cannot sign in with")).to_be_visible()
        browser_page.check_accessibility()
    finally:
        running.stop()


def test_password_reset_pages(browser_page, world):
    page = browser_page.page
    browser_page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Email address").fill("nobody@northshire.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    browser_page.check_accessibility()
    browser_page.goto("/accounts/sign-in/reset/MQ/not-a-token/")
    expect(page.get_by_role("heading", name="This link has expired")).to_be_visible()


def test_choosing_a_new_password_from_a_link(browser_page, world):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = world.subgroup_member
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)  # what the email's link carries
    page = browser_page.page
    browser_page.goto(f"/accounts/sign-in/reset/{uid}/{token}/")
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("New password", exact=True).fill("another-long-passphrase-93")
    page.get_by_label("Confirm the new password").fill("another-long-passphrase-93")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("heading", name="Your password has been changed")).to_be_visible()
    browser_page.check_accessibility()
