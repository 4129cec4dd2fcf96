"""Findings and themes in the browser: a reviewer adds a finding, decides on the engine's
suggestions, reads the history, uploads a report (first a bad one) and confirms its themes.
axe checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from casereviews.core.pdf import render_pdf
from casereviews.learning.models import ReviewReport, TagState, ThemeTag
from tests.factories import ReviewFactory
from tests.learning.conftest import NEGLECT_TEXT, REPORT_HTML, kept_files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def review(world):
    r = ReviewFactory(partnership=world.partnership, ref="Ref053")
    r.reviewers.add(world.reviewer)
    return r


def test_findings_themes_history_and_report(
    browser_page, world, client, review, tmp_path, settings
):
    settings.FILES_ROOT = tmp_path
    page = browser_page.page
    browser_page.sign_in_as(world.reviewer, client)

    browser_page.goto(f"/reviews/{review.pk}/findings/")
    expect(page.get_by_text("No findings have been recorded")).to_be_visible()
    page.get_by_role("button", name="Add a finding").click()
    browser_page.check_accessibility()

    page.get_by_role("button", name="Save the finding").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()

    page.fill("input[name='title']", "Curiosity about the household")
    page.fill("textarea[name='text']", NEGLECT_TEXT)
    page.get_by_role("button", name="Save the finding").click()
    page.wait_for_url("**/findings/#finding-1")
    expect(page.get_by_text("The theme engine suggests 5 themes")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    browser_page.check_accessibility()

    # One form decides on every suggestion: two choices made, the rest left for later.
    page.get_by_role(
        "group", name="Your decision on Neglect and poor parenting for finding 1"
    ).get_by_label("Accept").check()
    page.get_by_role(
        "group", name="Your decision on Fathers and male carers for finding 1"
    ).get_by_label("Reject").check()
    page.get_by_label("Reason, if you reject Fathers and male carers").fill(
        "The partner was assessed by probation"
    )
    browser_page.check_accessibility()
    page.get_by_role("button", name="Save the decisions on the themes of finding 1").click()
    expect(
        page.get_by_text("Finding 1: themes accepted 1, rejected 1; 3 left for later")
    ).to_be_visible()
    expect(page.get_by_text("Reason: The partner was assessed by probation")).to_be_visible()
    page.get_by_label("Add a theme to finding 1").select_option(
        label="Supervision and management oversight"
    )
    page.get_by_role("button", name="Add the theme to finding 1").click()
    expect(page.get_by_text("Added by Sam")).to_be_visible()
    browser_page.check_accessibility()

    page.get_by_role("link", name="History of the themes of finding 1").click()
    expect(page.get_by_role("heading", name="What happened, oldest first")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Suggested by the theme engine \(score \d+%\)")).first
    ).to_be_visible()
    browser_page.check_accessibility()

    browser_page.goto(f"/reviews/{review.pk}/reports/new/")
    scan = tmp_path / "upload" / "scan.pdf"
    scan.parent.mkdir()
    scan.write_bytes(render_pdf('<div style="width:300px;height:300px;background:#333"></div>'))
    page.set_input_files("input[type=file]", str(scan))
    page.get_by_role("button", name="Upload and read the report").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("scan.pdf has no text layer").first).to_be_visible()
    browser_page.check_accessibility()
    assert not ReviewReport.objects.exists()
    assert not [p for p in kept_files(tmp_path) if "reports" in p.parts]

    good = tmp_path / "upload" / "Child A SCR.pdf"
    good.write_bytes(render_pdf(REPORT_HTML))
    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Upload and read the report").click()
    page.wait_for_url("**/reports/*/")
    expect(page.get_by_role("heading", name="Awaiting confirmation")).to_be_visible()
    browser_page.check_accessibility()
    page.get_by_role("group", name="Your decision on Domestic abuse for the report").get_by_label(
        "Accept"
    ).check()
    page.get_by_role("button", name="Save the decisions").click()
    expect(page.get_by_role("heading", name="Confirmed")).to_be_visible()
    browser_page.check_accessibility()
    tag = ThemeTag.objects.get(report__isnull=False, theme_id="domestic-abuse")
    assert tag.state == TagState.ACCEPTED

    browser_page.goto(f"/themes/{ThemeTag.objects.filter(state='suggested').first().pk}/")
    browser_page.goto(f"/findings/{tag.report.review.findings.first().pk}/edit/")
    browser_page.goto(f"/findings/{tag.report.review.findings.first().pk}/themes/new/")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    browser_page.check_accessibility()


def test_read_only_findings_for_an_agency_lead(browser_page, world, client, review):
    from casereviews.learning import services

    services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    browser_page.sign_in_as(world.subgroup_member, client)
    browser_page.goto(f"/reviews/{review.pk}/findings/")
    page = browser_page.page
    expect(page.get_by_text("Suggested by the theme engine, awaiting a decision")).to_be_visible()
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
