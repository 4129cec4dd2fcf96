"""The Content-Security-Policy blocks nothing of ours: on pages of every kind the browser
reports no CSP violation, and GOV.UK Frontend's scripts (loaded from our static files) run."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from casereviews.accounts.models import User
from casereviews.learning.models import Finding
from casereviews.reviews.models import Review

pytestmark = pytest.mark.django_db(transaction=True)


def watch_for_violations(page) -> list[str]:
    """Every console message or page error that says the policy refused something."""
    seen: list[str] = []
    page.on(
        "console",
        lambda msg: (
            seen.append(msg.text)
            if "Refused to" in msg.text or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_no_page_breaks_the_policy_and_govuk_frontend_runs(browser_page, client):
    call_command("demo", verbosity=0)
    page = browser_page.page
    violations = watch_for_violations(page)

    browser_page.goto("/accounts/sign-in/")
    # The inline js-enabled line ran (it carries the nonce), and so did initAll from our
    # static file: the password input's "Show" button exists only once its script has run.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    expect(page.get_by_role("button", name="Show password")).to_be_visible()

    browser_page.sign_in_as(User.objects.get(username="business.unit"), client)
    review = Review.objects.get(partnership__slug="northshire", ref="Ref053")
    finding = Finding.objects.filter(review=review).first()
    for path in [
        "/",
        "/reviews/",
        f"/reviews/{review.pk}/",
        reverse("learning:findings", args=[review.pk]),
        reverse("learning:finding_history", args=[finding.pk]),
        "/referrals/new/",
        "/accounts/users/",
        "/audit-log/",
    ]:
        browser_page.goto(path)
    # A conditional reveal is GOV.UK Frontend's JavaScript at work on a form.
    page.locator("main form button[type=submit]").last.click()
    assert violations == [], violations
    assert len(browser_page.checked) == 9
