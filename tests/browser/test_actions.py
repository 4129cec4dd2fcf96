"""The action plan in a browser: from a recommendation to an action turned Blue with its
evidence, then the composite plan and the escalation view. axe checks every page, forms in
their error state included."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from casereviews.actions import services
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, name: str, day: int, month: int, year: int) -> None:
    page.fill(f"input[name='{name}-day']", str(day))
    page.fill(f"input[name='{name}-month']", str(month))
    page.fill(f"input[name='{name}-year']", str(year))


def pdf_file(tmp_path):
    from casereviews.core.pdf import render_pdf

    path = tmp_path / "dip-sample-audit.pdf"
    path.write_bytes(render_pdf("<h1>Dip sample audit</h1><p>38 of 40 recorded.</p>"))
    return path


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=True)
def test_recommendation_to_blue_then_plan_and_escalation(
    browser_page, world, client, settings, tmp_path
):
    settings.FILES_ROOT = tmp_path / "files"
    review = ReviewFactory(partnership=world.partnership, ref="Ref057")
    # An overdue action of another agency, for the escalation view.
    earlier = services.create_recommendation(world.business_unit, review, text="Earlier one")
    services.create_action(
        world.business_unit,
        earlier,
        agency=world.health,
        description="Named Nurse to audit health visitor records for fathers' details.",
        lead_role="Named Nurse",
        due_on=dt.date(2026, 10, 1),
    )
    page = browser_page.page
    browser_page.sign_in_as(world.business_unit, client)

    browser_page.goto(f"/reviews/{review.pk}/recommendations/")
    page.get_by_role("button", name="Add a recommendation").click()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    page.fill("textarea[name='text']", "Police should record every child present at incidents.")
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.get_by_role("heading", name="Recommendation 2")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("link", name="Add an action to recommendation 2").click()
    browser_page.check_accessibility()
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()
    page.select_option("select[name='agency']", label="Northshire Police")
    page.fill("textarea[name='description']", "Brief every response officer on recording.")
    page.fill("input[name='lead_role']", "Detective Inspector, Public Protection")
    fill_date(page, "due_on", 31, 12, 2026)
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_url("**/actions/*/")
    browser_page.check_accessibility()

    # Blue without evidence: refused, the form in its error state.
    page.get_by_label("Status change").check()
    page.get_by_label("Blue").check()
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("An action can only be Blue with evidence").first).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_label("Evidence of impact").check()
    page.fill("textarea[name='text']", "Dip sample: children recorded at 38 of 40 incidents.")
    page.get_by_label("Blue").check()
    page.set_input_files("input[name='files']", str(pdf_file(tmp_path)))
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("Your update has been added")).to_be_visible()
    expect(page.get_by_text("Red to Blue")).to_be_visible()
    expect(page.get_by_role("link", name="dip-sample-audit.pdf")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("link", name="Edit the action's details").click()
    browser_page.check_accessibility()

    browser_page.goto("/actions/")
    expect(page.get_by_text("Status of 2 actions")).to_be_visible()
    browser_page.goto("/actions/?due=overdue")
    expect(page.get_by_text("Named Nurse to audit").first).to_be_visible()
    browser_page.goto("/actions/escalation/")
    expect(page.get_by_role("heading", name="Northshire Health: 1 overdue")).to_be_visible()
