"""In the browser, with axe on every page: the business unit rewords a question (version 2 of
the set) and reopens a completed self-assessment with a reason; the agency lead completes it
again, raises an improvement action into the action plan and follows the plan back to it; a
practitioner's home leads to the agency's self-assessment."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casereviews.actions.models import Action
from casereviews.audits.self_assessment import selectors, services
from casereviews.audits.self_assessment.models import IssueSet

pytestmark = pytest.mark.django_db(transaction=True)


def test_version_reopen_raise_and_home(browser_page, world, client):
    lead = world.subgroup_member
    assessment = services.start(
        lead, world.partnership, {"agency": world.police, "period": "2016-17"}
    )
    answers = {a.question_id: {"rating": "amber"} for a in selectors.answers_of(assessment)}
    first = selectors.answers_of(assessment)[0]
    answers[first.question_id] |= {
        "action": "Brief every team on early help",
        "action_owner": "Lead",
    }
    services.save_answers(lead, assessment, answers, assessment.version)
    services.complete(lead, assessment)
    page = browser_page.page

    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/self-assessments/sets/")
    page.get_by_role("link", name="Change issue 3 or its questions").click()
    browser_page.check_accessibility()
    page.get_by_label("Question 3.2", exact=True).fill("")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("link", name="Enter question 3.2, or tick the box")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Question 3.2", exact=True).fill("Is every bruise on a baby referred?")
    page.get_by_role("button", name="Save as a new version").click()
    expect(
        page.get_by_text("Version 2 of the set is stored: Question 3.2 reworded")
    ).to_be_visible()
    page.get_by_text("Versions of this set (2)").click()
    browser_page.check_accessibility()
    assert IssueSet.objects.filter(version=2).exists()

    browser_page.goto(f"/self-assessments/{assessment.pk}/")
    expect(page.get_by_text("The set has changed since (now version 2)")).to_be_visible()
    page.get_by_role("link", name="Reopen this self-assessment").click()
    page.get_by_role("button", name="Reopen the self-assessment").click()
    expect(
        page.get_by_role("link", name="Enter why the self-assessment is being reopened")
    ).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Why are you reopening it?").fill("The police found more evidence")
    page.get_by_role("button", name="Reopen the self-assessment").click()
    expect(page.get_by_text("The self-assessment is open again")).to_be_visible()
    browser_page.check_accessibility()

    page.context.clear_cookies()
    browser_page.sign_in_as(lead, client)
    browser_page.goto(f"/self-assessments/{assessment.pk}/answers/")
    page.get_by_role("button", name="Save and complete the self-assessment").click()
    page.wait_for_url(f"**/self-assessments/{assessment.pk}/", timeout=60_000)
    page.get_by_role("link", name="Raise into the action plan (question 1.1)").click()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Add to the action plan").click()
    expect(page.get_by_role("link", name="Enter the due date")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Add to the action plan").click()
    expect(
        page.get_by_text("The improvement action is in the partnership's action plan")
    ).to_be_visible()
    action = Action.objects.get()
    browser_page.goto("/actions/")
    page.get_by_role(
        "link", name="Self-assessment 2016-17 (Northshire Police), question 1.1"
    ).click()
    page.wait_for_url(f"**/self-assessments/{assessment.pk}/#question-{first.question_id}")
    expect(page.get_by_role("link", name="Red, due 31 March 2027")).to_be_visible()
    browser_page.check_accessibility()
    assert action.description == "Brief every team on early help"

    page.context.clear_cookies()
    from tests.factories import UserFactory

    officer = UserFactory(
        username="pc", partnership=world.partnership, agency=world.police, role="practitioner"
    )
    browser_page.sign_in_as(officer, client)
    browser_page.goto("/")
    expect(page.get_by_role("heading", name="Your agency's self-assessments")).to_be_visible()
    page.get_by_role("link", name="2016-17: Northshire Police, Whole agency").click()
    expect(page.get_by_text("In the action plan")).to_be_visible()
    browser_page.check_accessibility()
