"""Deciding on all of a finding's (or a report's) suggested themes in one form: accept, reject or
leave each for later, saved all together or not at all; the words that fired are what is marked."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.core.models import AuditLog
from casereviews.learning import services
from casereviews.learning.models import ReviewReport, TagEvent, TagState
from tests.learning.conftest import NEGLECT_TEXT, report_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(world, review):
    return services.add_finding(world.reviewer, review, title="Curiosity", text=NEGLECT_TEXT)


def _tags(finding) -> dict:
    return {t.theme_id: t for t in finding.tags.all()}


def _decide(client, finding, choices: dict, reasons: dict | None = None):
    data = {f"decision-{tag.pk}": choice for tag, choice in choices.items()}
    data |= {f"reason-{tag.pk}": reason for tag, reason in (reasons or {}).items()}
    return client.post(f"/findings/{finding.pk}/themes/decide/", data)


def test_one_form_accepts_rejects_and_leaves_the_rest(world, client_for, finding):
    tags = _tags(finding)
    assert len(tags) >= 4
    client = client_for(world.reviewer)
    page = client.get(f"/reviews/{finding.review_id}/findings/").content.decode()
    assert page.count('value="accept"') == len(tags)  # one choice per suggestion, one form
    assert page.count(f'action="/findings/{finding.pk}/themes/decide/"') == 1

    neglect, curiosity = tags["neglect"], tags["professional-curiosity"]
    fathers = tags["fathers-men"]
    response = _decide(
        client,
        finding,
        {neglect: "accept", curiosity: "accept", fathers: "reject"},
        {fathers: "The partner is not the father"},
    )
    assert response.status_code == 302
    states = {t.theme_id: t.state for t in finding.tags.all()}
    assert states["neglect"] == states["professional-curiosity"] == TagState.ACCEPTED
    assert states["fathers-men"] == TagState.REJECTED
    left = [theme for theme, state in states.items() if state == TagState.SUGGESTED]
    assert len(left) == len(tags) - 3
    fathers.refresh_from_db()
    assert fathers.reason == "The partner is not the father"
    assert fathers.decided_by == world.reviewer
    assert AuditLog.objects.filter(object_type="learning.ThemeTag", action="update").count() == 3
    page = client.get(response["Location"]).content.decode()
    assert f"Finding 1: themes accepted 2, rejected 1; {len(left)} left for later" in page


def test_nothing_chosen_is_refused_with_the_error_summary(world, client_for, finding):
    response = _decide(client_for(world.reviewer), finding, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose Accept or Reject for at least one theme: nothing was saved" in page
    assert {t.state for t in finding.tags.all()} == {TagState.SUGGESTED}


def test_one_bad_reason_saves_none_of_the_decisions(world, client_for, finding):
    tags = _tags(finding)
    neglect, fathers = tags["neglect"], tags["fathers-men"]
    response = _decide(
        client_for(world.reviewer),
        finding,
        {neglect: "accept", fathers: "reject"},
        {fathers: "x" * (services.REASON_MAX + 1)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"must be {services.REASON_MAX} characters or fewer" in page
    assert f'href="#id_reason-{fathers.pk}"' in page  # the summary links to the box
    # What the user chose is still chosen, so they fix the reason and save again.
    assert re.search(rf'id="id_decision-{neglect.pk}"[^>]*value="accept" checked', page)
    assert {t.state for t in finding.tags.all()} == {TagState.SUGGESTED}
    assert not TagEvent.objects.filter(kind__in=["accepted", "rejected"]).exists()


def test_a_theme_decided_meanwhile_by_someone_else_saves_nothing(world, client_for, finding):
    tags = _tags(finding)
    neglect, curiosity = tags["neglect"], tags["professional-curiosity"]
    services.accept_tag(world.business_unit, curiosity)  # while the reviewer had the page open
    response = _decide(
        client_for(world.reviewer),
        finding,
        {neglect: "accept", curiosity: "reject"},
        {curiosity: "Not about curiosity"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "has already been accepted by" in page and "Nothing was saved" in page
    neglect.refresh_from_db()
    assert neglect.state == TagState.SUGGESTED


def test_a_reader_without_the_right_cannot_decide(world, client_for, finding):
    neglect = _tags(finding)["neglect"]
    response = _decide(client_for(world.subgroup_member), finding, {neglect: "accept"})
    assert response.status_code in {403, 404}
    response = _decide(client_for(world.outsider), finding, {neglect: "accept"})
    assert response.status_code == 404
    neglect.refresh_from_db()
    assert neglect.state == TagState.SUGGESTED


def test_the_words_that_fired_are_marked_not_whole_sentences(world, client_for, finding):
    page = client_for(world.reviewer).get(f"/reviews/{finding.review_id}/findings/")
    marked = re.findall(r"<mark>(.*?)</mark>", page.content.decode())
    assert marked, "the evidence is marked"
    # Every sentence of this finding is evidence for some theme: marking them whole would mark
    # the whole text. The marks are the phrases, a few words each.
    assert sum(len(m) for m in marked) < len(NEGLECT_TEXT) / 3
    assert all(len(m.split()) <= 6 for m in marked)
    assert any("curiosity" in m.lower() for m in marked)


def test_a_reports_themes_are_decided_in_one_form(world, client_for, review, files_root):
    client = client_for(world.reviewer)
    upload = SimpleUploadedFile("scr.pdf", report_pdf(), content_type="application/pdf")
    client.post(f"/reviews/{review.pk}/reports/new/", {"file": upload})
    report = ReviewReport.objects.get()
    tags = {t.theme_id: t for t in report.tags.all()}
    data = {
        f"decision-{tags['domestic-abuse'].pk}": "accept",
        f"decision-{tags['voice-of-child'].pk}": "reject",
        f"reason-{tags['voice-of-child'].pk}": "Only a heading",
    }
    response = client.post(f"/reports/{report.pk}/decide/", data)
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    states = {t.theme_id: (t.state, t.reason) for t in report.tags.all()}
    assert states["domestic-abuse"] == (TagState.ACCEPTED, "")
    assert states["voice-of-child"] == (TagState.REJECTED, "Only a heading")
    page = client.get(response["Location"]).content.decode()
    assert "The report: themes accepted 1, rejected 1" in page
    assert "Reason: Only a heading" in page


def test_a_rejection_without_a_reason_saves_nothing(world, client_for, finding):
    tags = _tags(finding)
    neglect, fathers = tags["neglect"], tags["fathers-men"]
    response = _decide(client_for(world.reviewer), finding, {neglect: "accept", fathers: "reject"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give a reason for rejecting Fathers and male carers" in page
    assert f'href="#id_reason-{fathers.pk}"' in page
    assert {t.state for t in finding.tags.all()} == {TagState.SUGGESTED}
