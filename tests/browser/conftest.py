"""Browser tests: Playwright drives the system Chromium against a live server; axe checks
WCAG 2.2 AA on every page a test visits (the `browser_page.goto` helper does it each time).

Signing in for tests other than the sign-in test copies a session cookie into the browser, as
the NHS breast screening service's system tests do: faster than the form, same result.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Radios and checkboxes that reveal a conditional question (see check_accessibility).
REVEAL_INPUTS = (
    "input.govuk-radios__input[aria-controls^='conditional-'], "
    "input.govuk-checkboxes__input[aria-controls^='conditional-']"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# a thread with a running loop unless told it is safe, which it is here (no real async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CASEREVIEWS_BROWSER_REQUIRED"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian package chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AxeViolations(AssertionError):
    pass


class BrowserPage:
    """A Playwright page bound to the live server, which checks accessibility on each visit."""

    def __init__(self, page, base_url: str):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.checked: list[str] = []

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        status = response.status if response is not None else None
        assert status is not None and status < 400, f"{path}: {status}"
        self.check_accessibility()

    def check_accessibility(self) -> None:
        """Every WCAG 2.2 AA rule on the whole page, with one documented exception.

        GOV.UK Frontend puts aria-expanded on a radio or checkbox that reveals a conditional
        question; axe reports it (aria-allowed-attr). The Design System keeps it on purpose,
        because screen readers announce it (alphagov/govuk-frontend#979, a known issue). On a
        page with such a reveal, aria-allowed-attr runs on everything except those inputs.
        """
        self.page.wait_for_load_state("load")
        self.checked.append(self.page.url)
        if not self.page.locator(REVEAL_INPUTS).count():
            self._raise_for(self._axe_run(options={"runOnly": {"type": "tag", "values": AXE_TAGS}}))
            return
        self._raise_for(
            self._axe_run(
                options={
                    "runOnly": {"type": "tag", "values": AXE_TAGS},
                    "rules": {"aria-allowed-attr": {"enabled": False}},
                },
            )
        )
        self._raise_for(
            self.axe.run(
                self.page,
                context={"exclude": [[REVEAL_INPUTS]]},
                options={"runOnly": {"type": "rule", "values": ["aria-allowed-attr"]}},
            )
        )

    def _axe_run(self, options: dict):
        """axe on the page; once more if a click's navigation replaced the document under it
        ("Cannot read properties of null (reading 'documentElement')": seen one CI run in three)."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            return self.axe.run(self.page, options=options)
        except PlaywrightError as exc:
            if "documentElement" not in str(exc):
                raise
            self.page.wait_for_load_state("load")
            return self.axe.run(self.page, options=options)

    def _raise_for(self, results) -> None:
        if results.violations_count:
            raise AxeViolations(f"{self.page.url}\n{results.generate_report()}")

    def sign_in_as(self, user, client) -> None:
        """Copy a Django session for `user` into the browser."""
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": self.base_url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )


@pytest.fixture
def browser_page(chromium_browser, live_server) -> Iterator[BrowserPage]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Assertions wait as long as actions do (their own default is 5 s): CI runs the two
    # databases' suites side by side on two cores, and a loaded machine answers slowly.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    yield BrowserPage(page, live_server.url)
    context.close()
