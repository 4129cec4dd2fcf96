"""Case audits in the browser, as the demo-like practitioner and their manager: start an audit
(through a future-date error), save half-way, come back, finish (through the missing-judgement
error), the manager signs off, then download. axe checks every page on the way."""

from __future__ import annotations

import datetime as dt
import json

import pypdfium2
import pytest
from docx import Document
from playwright.sync_api import expect

from casereviews.audits.models import AuditStatus, CaseAudit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

JUDGEMENTS = [
    "Evident, not yet addressed",
    "Not evident",
    "Evident and addressed",
    "Not applicable",
]


@pytest.fixture
def people(world):
    manager = UserFactory(
        username="ba-manager",
        first_name="Morgan",
        last_name="Ellis",
        partnership=world.partnership,
        agency=world.health,
        role="practitioner",
    )
    return world.practitioner, manager


def _fill_date(page, prefix: str, day: dt.date) -> None:
    page.fill(f"input[name='{prefix}-day']", str(day.day))
    page.fill(f"input[name='{prefix}-month']", str(day.month))
    page.fill(f"input[name='{prefix}-year']", str(day.year))


def test_audit_a_case_save_half_way_finish_sign_off_download(browser_page, world, people, client):
    practitioner, manager = people
    page = browser_page.page
    browser_page.sign_in_as(practitioner, client)

    browser_page.goto("/")
    expect(page.get_by_role("heading", name="Your case audits")).to_be_visible()
    page.get_by_role("link", name="Start a case audit").click()
    page.wait_for_url("**/case-audits/start/")
    browser_page.check_accessibility()

    page.fill("input[name='case_reference']", "HOSP-4410")
    page.fill("input[name='child']", "Child E")
    page.get_by_label("Case supervision").check()
    page.fill("input[name='team']", "Paediatric outpatients")
    _fill_date(page, "audit_date", dt.date.today() + dt.timedelta(days=3))
    page.get_by_label("Your supervisor or manager (optional)").select_option(label="Morgan Ellis")
    page.get_by_role("button", name="Start the audit").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="The date of the audit must be today or in the past"))
    browser_page.check_accessibility()
    _fill_date(page, "audit_date", dt.date.today())
    page.get_by_role("button", name="Start the audit").click()
    page.wait_for_url("**/themes/")
    browser_page.check_accessibility()
    audit = CaseAudit.objects.get(case_reference="HOSP-4410")

    # Half-way: four themes, then save and leave.
    for number in range(1, 5):
        page.fill(f"textarea[name='t{number}-seen']", f"What I see for theme {number}.")
        page.locator(f"input[name='t{number}-judgement']").nth(number % 4).check()
    page.fill("textarea[name='t1-next_action']", "Professionals meeting.")
    page.fill("input[name='t1-action_owner']", "Named nurse")
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_url(f"**/case-audits/{audit.pk}/")
    expect(page.get_by_text("4 of 9 themes have a judgement.")).to_be_visible()
    browser_page.check_accessibility()

    # Back later, from Case audits.
    browser_page.goto("/case-audits/")
    page.get_by_role("link", name="HOSP-4410").click()
    page.get_by_role("button", name="Continue the audit").click()
    page.wait_for_url("**/themes/")
    expect(page.locator("textarea[name='t2-seen']")).to_have_value("What I see for theme 2.")
    page.fill(
        "textarea[name='t6-seen']",
        "Father drinks heavily most evenings and has not been seen by anyone.",
    )
    page.get_by_role("button", name="Save and complete the audit").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role(
            "link",
            name="Theme 9, Child's voice and family's voice: select "
            "a judgement before completing the audit",
        )
    ).to_be_visible()
    browser_page.check_accessibility()
    for number in range(5, 10):
        page.locator(f"input[name='t{number}-judgement']").nth(1).check()  # Not evident
    page.get_by_role("button", name="Save and complete the audit").click()
    page.wait_for_url(f"**/case-audits/{audit.pk}/")
    expect(page.get_by_text("The audit is completed.")).to_be_visible()
    # The engine's prompt: alcohol written under theme 6, theme 3 not marked evident.
    expect(page.get_by_role("heading", name="Worth another look")).to_be_visible()
    expect(page.get_by_text("Father drinks heavily most evenings").first).to_be_visible()
    browser_page.check_accessibility()

    # The manager signs it off.
    page.context.clear_cookies()
    browser_page.sign_in_as(manager, client)
    browser_page.goto("/case-audits/")
    expect(page.get_by_role("table", name="Waiting for your sign-off")).to_be_visible()
    browser_page.goto(f"/case-audits/{audit.pk}/")
    page.fill("textarea[name='note']", "Discussed in supervision; actions agreed.")
    page.get_by_role("button", name="Sign off the audit").click()
    expect(page.get_by_text("You have signed off the audit of HOSP-4410.")).to_be_visible()
    browser_page.check_accessibility()
    assert CaseAudit.objects.get(pk=audit.pk).status == AuditStatus.SIGNED_OFF
    # What the audits the manager supervises add up to: a chart and its table.
    browser_page.goto("/case-audits/summary/")
    expect(page.get_by_text("1 audit counted")).to_be_visible()
    expect(page.get_by_role("img", name="Audits where each theme was evident")).to_be_visible()

    # The practitioner downloads it for the case record.
    page.context.clear_cookies()
    browser_page.sign_in_as(practitioner, client)
    browser_page.goto(f"/case-audits/{audit.pk}/")
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = pypdfium2.PdfDocument(pdf_download.value.path())
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "HOSP-4410" in text and "Discussed in supervision; actions agreed." in text
    with page.expect_download() as word_download:
        page.get_by_role("button", name="Download Word").click()
    document = Document(str(word_download.value.path()))
    assert document.tables[0].rows[0].cells[1].text == "HOSP-4410"
    with page.expect_download() as json_download:
        page.get_by_role("link", name="Download JSON").click()
    data = json.loads(json_download.value.path().read_bytes())
    assert data["status"] == "signed_off" and len(data["themes"]) == 9
