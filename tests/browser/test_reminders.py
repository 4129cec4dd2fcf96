"""Reminders in the browser: the dashboard's "What falls due" panel and the reminder emails
page, axe on each, the choice saved and shown again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casereviews.actions import services as action_services
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def overdue_action(world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref057")
    rec = action_services.create_recommendation(world.business_unit, review, text="Think family.")
    return action_services.create_action(
        world.business_unit,
        rec,
        agency=world.police,
        description="Brief response officers.",
        lead_role="Detective Inspector",
        due_on=timezone.localdate() - dt.timedelta(days=9),
    )


def test_business_unit_sees_what_falls_due_and_chooses_the_daily_email(
    browser_page, world, client, overdue_action
):
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/")
    expect(page.get_by_role("heading", name="What falls due")).to_be_visible()
    expect(page.get_by_text(f"Ref057 recommendation 1, action {overdue_action.pk}")).to_be_visible()
    page.get_by_role("link", name="Choose which reminder emails you get").click()
    page.wait_for_url("**/accounts/reminders/")
    browser_page.check_accessibility()
    page.get_by_label("Send me a daily email as well").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your reminder emails are saved")).to_be_visible()
    browser_page.check_accessibility()
    expect(page.get_by_label("Send me a daily email as well")).to_be_checked()
    expect(page.get_by_label("Send me a weekly email of what falls due for me")).to_be_checked()
