"""Every page of the demo partnership, as each role sees it, with zero axe violations; forms
also in their error state (submitted empty)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from casereviews.accounts.models import Agency, User
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)
    return {u.username: u for u in User.objects.all()}


def business_unit_pages() -> list[str]:
    referral = Referral.objects.filter(partnership__slug="northshire").first()
    review = Review.objects.get(partnership__slug="northshire", ref="Ref053")
    agency = Agency.objects.filter(partnership__slug="northshire").first()
    user = User.objects.get(username="reviewer")
    return [
        "/",
        "/referrals/",
        "/referrals/new/",
        f"/referrals/{referral.pk}/",
        f"/referrals/{referral.pk}/edit/",
        f"/referrals/{referral.pk}/decision/",
        "/reviews/",
        "/reviews/?status=underway&type=scr&sort=-target",
        f"/reviews/{review.pk}/",
        f"/reviews/{review.pk}/edit/",
        f"/reviews/{review.pk}/access/",
        f"/reviews/{review.pk}/delays/new/",
        "/reports/briefing-paper/",
        "/audit-log/",
        "/accounts/users/",
        "/accounts/users/add/",
        f"/accounts/users/{user.pk}/",
        f"/accounts/users/{user.pk}/password/",
        "/accounts/agencies/",
        "/accounts/agencies/add/",
        f"/accounts/agencies/{agency.pk}/",
    ]


FORMS = [
    "/referrals/new/",
    "/accounts/users/add/",
    "/accounts/agencies/add/",
]


def test_every_business_unit_page_is_accessible(browser_page, demo, client):
    browser_page.sign_in_as(demo["business.unit"], client)
    for path in business_unit_pages():
        browser_page.goto(path)
    page = browser_page.page
    for path in FORMS:
        browser_page.goto(path)
        page.locator("main form button[type=submit], main form button:not([type])").last.click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        browser_page.check_accessibility()


@pytest.mark.parametrize("username", ["agency.lead", "reviewer", "practitioner"])
def test_other_roles_pages_are_accessible(browser_page, demo, client, username):
    browser_page.sign_in_as(demo[username], client)
    browser_page.goto("/")
    browser_page.goto("/reviews/")
    visible = browser_page.page.locator("main table a[href^='/reviews/']")
    if visible.count():
        visible.first.click()
        browser_page.check_accessibility()
    if username == "agency.lead":
        browser_page.goto("/referrals/")
        browser_page.goto("/reports/briefing-paper/")
