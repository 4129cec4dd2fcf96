"""The self-assessment pages as each user meets them: start, save part-way, complete (through
the missing-rating error, nothing lost), last year beside this year, the partnership picture,
adding a set, and the pages other agencies and partnerships cannot open."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from casereviews.audits.self_assessment import selectors, services
from casereviews.audits.self_assessment.models import SelfAssessment

from .conftest import rate_all, start_for

pytestmark = pytest.mark.django_db


def _fill_url(assessment) -> str:
    return reverse("audits:self_assessment:fill", args=[assessment.pk])


def _post(assessment, rating_for: dict[int, str], **extra) -> dict[str, str]:
    data = {"version": str(assessment.version), **extra}
    for answer in selectors.answers_of(assessment):
        prefix = f"q{answer.question_id}"
        data[f"{prefix}-rating"] = rating_for.get(answer.question_id, "")
        data[f"{prefix}-evidence"] = f"Evidence {answer.question.code}"
    return data


def test_the_agency_lead_starts_one_for_their_agency(client_for, world):
    client = client_for(world.subgroup_member)
    page = client.get(reverse("audits:self_assessment:start")).content.decode()
    assert "Northshire Police" in page and "Northshire Health" not in page
    response = client.post(
        reverse("audits:self_assessment:start"),
        {"issue_set": "", "agency": str(world.police.pk), "team": "", "period": "2016-17"},
    )
    assessment = SelfAssessment.objects.get()
    assert response.url == _fill_url(assessment)
    page = client.get(response.url).content.decode()
    assert "Question 1.1: Do staff in every agency know" in page
    assert "Save and complete the self-assessment" in page


def test_a_wrong_year_is_shown_on_the_form(client_for, world):
    response = client_for(world.subgroup_member).post(
        reverse("audits:self_assessment:start"),
        {"issue_set": "", "agency": str(world.police.pk), "team": "", "period": "2016/17"},
    )
    assert response.status_code == 200
    assert "for example 2016-17" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_save_part_way_then_complete_lists_the_missing_questions(client_for, world, draft):
    client = client_for(world.subgroup_member)
    answers = selectors.answers_of(draft)
    first = answers[0].question_id
    saved = client.post(_fill_url(draft), _post(draft, {first: "red"}, save="1"))
    assert saved.status_code == 302
    draft.refresh_from_db()
    # Complete with all but the last question rated: refused, naming it; entries kept.
    ratings = {a.question_id: "green" for a in answers[:-1]}
    refused = client.post(_fill_url(draft), _post(draft, ratings, complete="1"))
    page = html.unescape(refused.content.decode())
    assert refused.status_code == 200
    last = answers[-1].question
    assert f"Question {last.code} ({last.issue.title}): select red, amber or green" in page
    assert "Your entries are saved as a draft" in page
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert selectors.answers_of(draft)[1].rating == "green"
    ratings[last.pk] = "amber"
    done = client.post(_fill_url(draft), _post(draft, ratings, complete="1"))
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "completed"


def test_the_page_shows_last_year_and_the_change(client_for, world):
    last_year = start_for(world, period="2015-16")
    rate_all(world.subgroup_member, last_year, "amber", **{"1.1": "red"})
    services.complete(world.subgroup_member, last_year)
    this_year = start_for(world, period="2016-17")
    rate_all(world.subgroup_member, this_year, "amber", **{"1.1": "green", "1.2": "red"})
    client = client_for(world.subgroup_member)
    page = client.get(reverse("audits:self_assessment:detail", args=[this_year.pk])).content
    text = re.sub(r"\s+", " ", page.decode())
    assert "2015-16</a>: 1 better" in text and "1 worse" in text
    assert "Better" in text and "Worse" in text
    filling = client.get(_fill_url(this_year)).content.decode()
    assert "Last time (2015-16)" in filling


def test_the_business_unit_sees_the_partnership_picture(client_for, world):
    police = start_for(world, period="2016-17")
    rate_all(world.subgroup_member, police, "green", **{"3.2": "red"})
    services.complete(world.subgroup_member, police)
    health = start_for(
        world, period="2016-17", user=world.other_subgroup_member, agency=world.health
    )
    rate_all(world.other_subgroup_member, health, "amber")
    services.complete(world.other_subgroup_member, health)
    response = client_for(world.business_unit).get(reverse("audits:self_assessment:picture"))
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "<svg" in text and "Ratings by practice issue and agency" in text
    assert "Northshire Police</a> (2016-17)" in text and "Northshire Health</a> (2016-17)" in text
    # Issue 3 is red for the police (one red question), amber for health.
    row = text.split("3. Not making a referral after bruising")[-1].split("</tr>")[0]
    assert "<strong>Red</strong>" in row and "<strong>Amber</strong>" in row
    assert "1 red" in row


def test_the_business_unit_adds_a_set(client_for, world):
    client = client_for(world.business_unit)
    bad = client.post(reverse("audits:self_assessment:add_set"), {"name": "Local", "issues": "x"})
    assert "at least one question" in bad.content.decode()
    text = "Fathers\n- Do we know who they are?\n- Are they invited?"
    ok = client.post(reverse("audits:self_assessment:add_set"), {"name": "Local", "issues": text})
    page = client.get(ok.url).content.decode()
    assert "Do we know who they are?" in page


def test_who_opens_what(client_for, world, draft):
    detail = reverse("audits:self_assessment:detail", args=[draft.pk])
    assert client_for(world.other_subgroup_member).get(detail).status_code == 403
    assert client_for(world.other_subgroup_member).get(_fill_url(draft)).status_code == 403
    assert client_for(world.outsider).get(detail).status_code == 404
    assert (
        client_for(world.practitioner).get(reverse("audits:self_assessment:picture")).status_code
        == 403
    )
    listing = client_for(world.other_subgroup_member).get(reverse("audits:self_assessment:list"))
    assert "There is no self-assessment yet" in listing.content.decode()
    assert "Northshire Police" in client_for(world.subgroup_member).get(detail).content.decode()


def test_nobody_signed_in_is_sent_to_sign_in(client, draft):
    response = client.get(reverse("audits:self_assessment:detail", args=[draft.pk]))
    assert response.status_code == 302 and "sign-in" in response.url
