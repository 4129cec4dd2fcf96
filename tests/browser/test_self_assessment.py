"""A self-assessment in the browser, as the police agency lead: from Case audits to a new year's
self-assessment, save part-way, complete (through the missing-rating error), see the change
since last year; then the business unit's partnership picture. axe checks every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.audits.self_assessment import selectors, services
from casereviews.audits.self_assessment.models import SelfAssessment

pytestmark = pytest.mark.django_db(transaction=True)


def test_self_assess_against_the_practice_issues(browser_page, world, client):
    lead = world.subgroup_member
    last_year = services.start(
        lead, world.partnership, {"agency": world.police, "period": "2015-16"}
    )
    answers = {a.question_id: {"rating": "amber"} for a in selectors.answers_of(last_year)}
    services.save_answers(lead, last_year, answers, last_year.version)
    services.complete(lead, last_year)

    page = browser_page.page
    browser_page.sign_in_as(lead, client)
    browser_page.goto("/case-audits/")
    page.get_by_role("link", name="Self-assessments against the practice issues").click()
    page.get_by_role("button", name="Start a self-assessment").click()
    browser_page.check_accessibility()
    page.fill("input[name='period']", "2016")
    page.get_by_role("button", name="Start the self-assessment").click()
    expect(page.get_by_role("link", name="Enter the reporting year as two years")).to_be_visible()
    browser_page.check_accessibility()
    page.fill("input[name='period']", "2016-17")
    page.get_by_role("button", name="Start the self-assessment").click()
    page.wait_for_url("**/answers/", timeout=60_000)
    expect(page.get_by_text("Last time (2015-16)").first).to_be_visible()
    browser_page.check_accessibility()
    assessment = SelfAssessment.objects.get(period="2016-17")

    greens = page.locator("input[type='radio'][value='green']")
    greens.nth(0).check()
    page.fill("textarea[name$='-evidence'] >> nth=0", "Protocol known to every team we asked.")
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_url(f"**/self-assessments/{assessment.pk}/", timeout=60_000)
    expect(page.get_by_text("1 of")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("button", name="Answer the questions").click()
    for i in range(1, greens.count() - 1):
        greens.nth(i).check()
    page.get_by_role("button", name="Save and complete the self-assessment").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Question 14.4")).to_be_visible()
    browser_page.check_accessibility()
    page.locator("input[type='radio'][value='red']").last.check()
    page.get_by_role("button", name="Save and complete the self-assessment").click()
    page.wait_for_url(f"**/self-assessments/{assessment.pk}/", timeout=60_000)
    expect(page.get_by_text("The self-assessment is completed.")).to_be_visible()
    expect(page.get_by_text("52 better, 0 the same, 1 worse")).to_be_visible()
    browser_page.check_accessibility()

    page.context.clear_cookies()
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/self-assessments/partnership/")
    expect(page.get_by_role("img", name="Ratings by practice issue and agency")).to_be_visible()
    expect(page.get_by_role("table", name="Latest ratings by issue and agency")).to_be_visible()
    browser_page.check_accessibility()
