"""The annual report page, its downloads and narrative drafts: who may, bad years, empty years,
restricted reviews, and the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from casereviews.core.models import AuditLog, Job
from casereviews.core.reporting_year import ReportingYear
from casereviews.reports.annual import narrative
from casereviews.reports.models import AnnualNarrative
from tests.core.run_jobs import run_worker
from tests.factories import DecisionFactory, ReferralFactory, ReviewFactory

pytestmark = pytest.mark.django_db
PAGE = "/reports/annual/"


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    return settings.FILES_ROOT


@pytest.fixture
def year_of_reviews(world):
    referral = ReferralFactory(
        partnership=world.partnership, source_agency=world.police, received_on=dt.date(2016, 12, 1)
    )
    DecisionFactory(referral=referral, meeting_on=dt.date(2016, 12, 15), outcome="scr")
    ReviewFactory(
        partnership=world.partnership,
        referral=referral,
        ref="Ref053",
        review_type="scr",
        summary="Extreme neglect and cruelty",
        location="Northampton",
        gender="male",
        age_years=12,
        agreed_on=dt.date(2017, 2, 5),
        initiated_on=dt.date(2017, 2, 5),
    )
    secret = ReviewFactory(
        partnership=world.partnership,
        ref="Ref058",
        review_type="case_mapping",
        summary="Restricted matter",
        agreed_on=dt.date(2016, 6, 1),
        restricted=True,
    )
    secret.restricted_members.set([world.business_unit])
    ReviewFactory(
        partnership=world.other_partnership,
        ref="Ref900",
        summary="Southshire case",
        agreed_on=dt.date(2016, 6, 1),
    )
    return world


def test_business_unit_sees_the_years_tables(client_for, year_of_reviews):
    html = client_for(year_of_reviews.business_unit).get(PAGE + "?year=2016-17").content.decode()
    assert "Review sub-group annual report 2016-17" in html
    assert "Extreme neglect and cruelty" in html
    assert "Restricted matter" in html  # a member of the restricted review
    assert "Southshire case" not in html
    assert "Write the narrative" in html


def test_subgroup_member_reads_but_does_not_see_restricted_or_write(client_for, year_of_reviews):
    client = client_for(year_of_reviews.subgroup_member)
    html = client.get(PAGE + "?year=2016-17").content.decode()
    assert "Extreme neglect and cruelty" in html
    assert "Restricted matter" not in html
    assert "Write the narrative" not in html
    assert client.get("/reports/annual/narrative/introduction/?year=2016-17").status_code == 403


@pytest.mark.parametrize("who", ["reviewer", "practitioner"])
def test_reviewers_and_practitioners_may_not(client_for, world, who):
    client = client_for(getattr(world, who))
    for url in (PAGE, "/reports/annual.docx", "/reports/annual.pdf", "/reports/annual.json"):
        assert client.get(url + "?year=2016-17").status_code == 403
    for url in ("/reports/annual.docx", "/reports/annual.pdf"):
        assert client.post(url + "?year=2016-17").status_code == 403
    assert not Job.objects.exists()


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-16", "2017-16 is not a reporting year: the second year must follow the first"),
        ("last year", "Enter the reporting year as two years, for example 2016-17"),
        ("2016-18", "2016-18 is not a reporting year"),
    ],
)
def test_a_bad_year_says_what_to_enter(client_for, world, text, message):
    response = client_for(world.business_unit).get(PAGE, {"year": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert "Download as Word" not in html
    assert (
        client_for(world.business_unit).get("/reports/annual.pdf", {"year": text}).status_code
        == 404
    )


def test_a_year_with_no_data_is_a_clear_valid_report(client_for, world):
    client = client_for(world.business_unit)
    html = client.get(PAGE + "?year=2031-32").content.decode()
    assert "1 April 2031 to 31 March 2032" in html
    assert "None in this year." in html
    assert "No meetings of the sub-group are recorded in this year." in html
    # no events: the evaluation says so, not "Not recorded from 0 responses"
    assert "No events were held this year, so there is nothing to evaluate." in html
    assert "0 responses" not in html and "0 of 0" not in html
    data = json.loads(client.get("/reports/annual.json?year=2031-32").content)
    totals = [
        r
        for s in data["sections"]
        for t in s["tables"]
        if t["key"] == "referrals"
        for r in t["rows"]
        if r["outcome"] == "Total"
    ]
    assert totals == [{"outcome": "Total", "count": "0"}]
    docx = _made_by_a_job(client, "/reports/annual.docx?year=2031-32")
    assert docx["Content-Disposition"].endswith('filename="annual-report-2031-32.docx"')
    document = Document(io.BytesIO(b"".join(docx.streaming_content)))
    assert document.paragraphs[0].text == "Review sub-group annual report 2031-32"
    pdf = _made_by_a_job(client, "/reports/annual.pdf?year=2031-32")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"


def _made_by_a_job(client, url):
    """The page offers a button (a GET starts nothing); the POST starts the job and goes to its
    page; once the worker has run it, that page offers the download."""
    assert "Prepare the" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert "Waiting to start" in client.get(response["Location"]).content.decode()
    assert run_worker() == 1
    job = Job.objects.get(pk=int(response["Location"].split("/")[2]))
    assert job.status == "done", job.error
    assert "Download annual-report-" in client.get(response["Location"]).content.decode()
    return client.get(f"/jobs/{job.pk}/download/")


def test_the_annual_page_offers_buttons_that_start_the_jobs(client_for, world):
    html = client_for(world.business_unit).get(PAGE + "?year=2016-17").content.decode()
    assert 'action="/reports/annual.docx?year=2016-17"' in html
    assert 'formaction="/reports/annual.pdf?year=2016-17"' in html
    assert "Prepare the Word document (.docx)" in html and "Prepare the PDF" in html


def test_only_the_starter_downloads_the_document(client_for, world):
    client = client_for(world.business_unit)
    client.post("/reports/annual.docx?year=2016-17")
    run_worker()
    job = Job.objects.get()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 200
    other = client_for(world.subgroup_member).get(f"/jobs/{job.pk}/download/")
    assert other.status_code == 404


def test_downloads_are_audited(client_for, year_of_reviews):
    client = client_for(year_of_reviews.subgroup_member)
    client.post("/reports/annual.docx?year=2016-17")
    assert not AuditLog.objects.filter(object_repr="Annual report 2016-17 (DOCX)").exists()
    run_worker()
    entry = AuditLog.objects.get(object_repr="Annual report 2016-17 (DOCX)")
    assert entry.actor_id == year_of_reviews.subgroup_member.pk


def test_narrative_saved_as_draft_audited_and_offered_next_year(client_for, world):
    client = client_for(world.business_unit)
    url = "/reports/annual/narrative/challenges/?year=2016-17"
    assert "Save the draft" in client.get(url).content.decode()
    response = client.post(
        url, {"text": "Timeliness is our challenge.\n\nAuthors are few.", "version": ""}
    )
    assert response.status_code == 302
    saved = AnnualNarrative.objects.get(reporting_year="2016-17", section="challenges")
    assert saved.text == "Timeliness is our challenge.\n\nAuthors are few."
    assert AuditLog.objects.filter(object_id=str(saved.pk), action="create").exists()
    html = client.get(PAGE + "?year=2016-17").content.decode()
    assert '<p class="govuk-body">Authors are few.</p>' in html
    # Next year: last year's text is offered as a start, not saved until saved.
    next_year = client.get("/reports/annual/narrative/challenges/?year=2017-18").content.decode()
    assert (
        "last year&#39;s text (2016-17)" in next_year or "last year's text (2016-17)" in next_year
    )
    assert "Timeliness is our challenge." in next_year
    assert not AnnualNarrative.objects.filter(reporting_year="2017-18").exists()


def test_narrative_saved_by_someone_else_meanwhile_is_not_overwritten(client_for, world):
    client = client_for(world.business_unit)
    url = "/reports/annual/narrative/outcomes/?year=2016-17"
    client.post(url, {"text": "First.", "version": ""})
    narrative.save_draft(
        world.business_unit, world.partnership, ReportingYear(2016), "outcomes", "Second.", 1
    )
    response = client.post(url, {"text": "Mine.", "version": "1"})
    assert response.status_code == 200
    assert "changed by" in response.content.decode()
    assert AnnualNarrative.objects.get(section="outcomes").text == "Second."


def test_unknown_section_is_not_found(client_for, world):
    response = client_for(world.business_unit).get("/reports/annual/narrative/gossip/?year=2016-17")
    assert response.status_code == 404


def test_command_refuses_a_bad_year_clearly(world):
    with pytest.raises(CommandError, match="2017-16 is not a reporting year"):
        call_command("report", "annual", "--year", "2017-16", "--partnership", "northshire")
