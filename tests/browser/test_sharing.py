"""Dissemination and newsletters in the browser: every page, axe on each, forms in their error
state, the "Other" reveal and moving items without JavaScript."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casereviews.briefings.models import Briefing, BriefingStatus, Newsletter
from casereviews.briefings.newsletters import services as services_newsletter
from casereviews.briefings.sharing import services as services_sharing
from tests.factories import AgencyFactory, ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, name: str, day: dt.date) -> None:
    page.fill(f"input[name='{name}-day']", str(day.day))
    page.fill(f"input[name='{name}-month']", str(day.month))
    page.fill(f"input[name='{name}-year']", str(day.year))


@pytest.fixture
def briefing(world):
    AgencyFactory(partnership=world.partnership, name="Northshire Education")
    review = ReviewFactory(partnership=world.partnership, ref="Ref057", status="published")
    return Briefing.objects.create(
        partnership=world.partnership,
        review=review,
        kind="seven_minute",
        title="Seeing the whole picture",
        sections={"key_points": "Look at the whole history\nHear the child"},
        status=BriefingStatus.PUBLISHED,
        published_on=timezone.localdate() - dt.timedelta(days=20),
    )


def test_agency_lead_records_sharing_with_a_mistake_first(browser_page, world, client, briefing):
    page = browser_page.page
    browser_page.sign_in_as(world.subgroup_member, client)
    browser_page.goto(f"/briefings/{briefing.pk}/sharing/")
    page.get_by_role("button", name="Record how it was shared").click()
    page.wait_for_url(f"**/briefings/{briefing.pk}/sharing/new/")
    browser_page.check_accessibility()
    expect(page.get_by_text("Northshire Police")).to_be_visible()

    # "Other" reveals its text field
    other_text = page.locator("input[name='method_other']")
    expect(other_text).to_be_hidden()
    page.get_by_label("Other", exact=True).check()
    expect(other_text).to_be_visible()
    browser_page.check_accessibility()

    # a date before publication and no text for "Other": the error summary
    fill_date(page, "shared_on", briefing.published_on - dt.timedelta(days=1))
    page.fill("input[name='staff_reached']", "0")
    page.get_by_role("button", name="Record sharing").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Enter how the briefing was shared").first).to_be_visible()
    expect(page.get_by_text("Staff reached must be 1 or more").first).to_be_visible()
    browser_page.check_accessibility()

    page.fill("input[name='method_other']", "Force intranet article")
    fill_date(page, "shared_on", timezone.localdate())
    page.fill("input[name='staff_reached']", "350")
    page.fill("textarea[name='feedback']", "Officers said it made them ask who else lives there.")
    page.get_by_role("button", name="Record sharing").click()
    page.wait_for_url(f"**/briefings/{briefing.pk}/sharing/")
    expect(page.get_by_text("Officers said it made them ask who else lives there.")).to_be_visible()
    expect(page.get_by_role("cell", name="Other: Force intranet article")).to_be_visible()
    browser_page.check_accessibility()


def test_business_unit_tracker_and_record_form(browser_page, world, client, briefing):
    services_sharing.record_dissemination(
        world.other_subgroup_member,
        briefing,
        agency=world.health,
        method="training",
        shared_on=timezone.localdate(),
        staff_reached=80,
        feedback="Thought provoking.",
    )
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/briefings/sharing/")
    expect(page.get_by_text("20 days ago")).to_be_visible()
    expect(page.get_by_text("1 of 3")).to_be_visible()
    page.get_by_label("Only briefings with agencies outstanding").check()
    page.get_by_role("button", name="Apply filter").click()
    browser_page.check_accessibility()
    browser_page.goto(f"/briefings/{briefing.pk}/sharing/")
    page.goto(browser_page.base_url + f"/briefings/{briefing.pk}/sharing/new/")
    browser_page.check_accessibility()
    page.get_by_role("button", name="Record sharing").click()  # empty: every error
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Select the agency that shared the briefing").first).to_be_visible()
    browser_page.check_accessibility()


def test_newsletter_from_draft_to_published(browser_page, world, client, briefing):
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/newsletters/")
    page.get_by_role("button", name="Start a newsletter issue").click()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Start the issue").click()  # empty: errors
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    page.fill("input[name='title']", "Learning newsletter: issue 12")
    fill_date(page, "issue_date", timezone.localdate())
    page.fill("textarea[name='introduction']", "Welcome to this issue.")
    page.get_by_role("button", name="Start the issue").click()
    page.wait_for_url("**/newsletters/*/")
    browser_page.check_accessibility()
    issue = Newsletter.objects.get()

    page.get_by_role("button", name="Add a briefing").click()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Add the briefing").click()  # none chosen
    expect(page.get_by_text("Choose the briefing to add").first).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Seeing the whole picture").check()
    page.get_by_role("button", name="Add the briefing").click()

    page.get_by_role("button", name="Add an update").click()
    browser_page.check_accessibility()
    page.fill("input[name='heading']", "Action plan progress")
    page.fill("textarea[name='body']", "Ring Mrs Jane Whitfield on 07700 900123.")
    page.get_by_role("button", name="Add the update").click()

    page.get_by_role("button", name="Add an event").click()
    page.get_by_role("button", name="Add the event").click()  # empty: errors
    expect(page.get_by_text("Enter the date of the event").first).to_be_visible()
    browser_page.check_accessibility()
    page.fill("input[name='heading']", "Learning from case reviews: training")
    fill_date(page, "event_on", timezone.localdate() + dt.timedelta(days=30))
    page.get_by_role("button", name="Add the event").click()
    page.wait_for_url(f"**/newsletters/{issue.pk}/")
    browser_page.check_accessibility()

    # move the event to the top with two presses, no JavaScript needed
    move_up = re.compile(r"^Move up\s*: Learning from case reviews: training$")
    headings = page.locator("section h2")
    page.get_by_role("button", name=move_up).click()
    expect(headings.nth(1)).to_have_text("Learning from case reviews: training")
    page.get_by_role("button", name=move_up).click()
    expect(headings.first).to_have_text("Learning from case reviews: training")

    browser_page.goto(f"/newsletters/{issue.pk}/edit/")
    item = issue.items.get(kind="update")
    browser_page.goto(f"/newsletters/{issue.pk}/items/{item.pk}/edit/")

    # publishing is blocked by what looks personal, then the text is edited
    browser_page.goto(f"/newsletters/{issue.pk}/publish/")
    expect(page.get_by_text("07700 900123")).to_be_visible()
    page.get_by_role("button", name="Publish the issue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    browser_page.goto(f"/newsletters/{issue.pk}/items/{item.pk}/edit/")
    page.fill("textarea[name='body']", "Ask the business unit about the action plan.")
    page.get_by_role("button", name="Save").click()
    browser_page.goto(f"/newsletters/{issue.pk}/publish/")
    page.get_by_role("button", name="Publish the issue").click()
    page.wait_for_url(f"**/newsletters/{issue.pk}/")
    expect(page.get_by_text("is published")).to_be_visible()
    browser_page.check_accessibility()


def test_practitioner_reads_the_published_issue(browser_page, world, client, briefing):
    issue = services_newsletter.create_newsletter(
        world.business_unit, title="Issue 12", issue_date=timezone.localdate()
    )
    services_newsletter.add_item(world.business_unit, issue, kind="briefing", briefing=briefing)
    services_newsletter.publish(world.business_unit, issue)
    page = browser_page.page
    browser_page.sign_in_as(world.practitioner, client)
    browser_page.goto("/newsletters/")
    page.get_by_role("link", name="Issue 12").click()
    page.wait_for_url(f"**/newsletters/{issue.pk}/")
    browser_page.check_accessibility()
    expect(page.get_by_text("Hear the child")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Move"))).to_have_count(0)
