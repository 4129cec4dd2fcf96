"""A practitioner's home page leads to their own case audits, their agency's self-assessments
(with ratings and change since last time) and the published learning; every link on it is one
they may follow, and nothing of another agency or partnership shows."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from casereviews.audits import services as audit_services
from casereviews.audits.self_assessment import services as sa_services
from casereviews.briefings.models import Briefing
from tests.audits.self_assessment.conftest import rate_all, start_for
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a [^>]*href="(/[^"#]*)')


@pytest.fixture
def officer(world):
    return UserFactory(
        username="pc", partnership=world.partnership, agency=world.police, role="practitioner"
    )


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def _police_years(world):
    last_year = start_for(world, period="2015-16")
    rate_all(world.subgroup_member, last_year, "red")
    sa_services.complete(world.subgroup_member, last_year)
    this_year = start_for(world, period="2016-17")
    rate_all(world.subgroup_member, this_year, "amber", **{"1.1": "green", "1.2": "red"})
    sa_services.complete(world.subgroup_member, this_year)
    return this_year


def test_the_home_shows_their_agencys_self_assessments_with_the_change(client_for, world, officer):
    this_year = _police_years(world)
    start_for(world, period="2016-17", user=world.other_subgroup_member, agency=world.health)
    page = _home(client_for(officer))
    assert "Your agency's self-assessments" in page
    detail = reverse("audits:self_assessment:detail", args=[this_year.pk])
    assert f'href="{detail}"' in page
    assert "2016-17: Northshire Police, Whole agency" in page
    assert "1 red, 51 amber, 1 green; since 2015-16: 52 better, 0 worse" in page
    assert "Northshire Health" not in page  # another agency's assessment


def test_the_home_leads_to_their_own_case_audits_only(client_for, world, officer):
    mine = audit_services.start_audit(
        officer,
        world.partnership,
        {
            "case_reference": "POL-77",
            "child": "Child P",
            "purpose": "case_supervision",
            "agency": world.police,
            "team": "",
            "audit_date": dt.date.today() - dt.timedelta(days=1),
            "supervisor": None,
        },
    )
    audit_services.start_audit(
        world.practitioner,
        world.partnership,
        {
            "case_reference": "HOSP-88",
            "child": "Child H",
            "purpose": "case_supervision",
            "agency": world.health,
            "team": "",
            "audit_date": dt.date.today() - dt.timedelta(days=1),
            "supervisor": None,
        },
    )
    page = _home(client_for(officer))
    assert "POL-77 (Child P)" in page and reverse("audits:detail", args=[mine.pk]) in page
    assert "HOSP-88" not in page
    assert reverse("audits:summary") in page and reverse("audits:start") in page


def test_the_home_shows_the_published_learning(client_for, world, officer):
    review = ReviewFactory(
        partnership=world.partnership,
        ref="Ref064",
        status="published",
        summary="Neglect of a baby",
        published_on=dt.date(2025, 7, 1),
    )
    ReviewFactory(partnership=world.partnership, ref="Ref065", summary="Not yet published")
    Briefing.objects.create(
        partnership=world.partnership,
        review=review,
        kind="seven_minute",
        title="Seeing the baby",
        status="published",
        published_on=dt.date(2025, 8, 1),
    )
    Briefing.objects.create(
        partnership=world.partnership, review=review, kind="seven_minute", title="A draft briefing"
    )
    ReviewFactory(
        partnership=world.other_partnership,
        ref="Ref099",
        status="published",
        published_on=dt.date(2025, 7, 1),
    )
    page = _home(client_for(officer))
    assert "Published learning" in page and "Seeing the baby" in page
    assert "A draft briefing" not in page
    assert "Ref064: Neglect of a baby" in page and "1 briefing" in page
    assert "Ref065" not in page and "Ref099" not in page
    assert reverse("briefings:list") in page


def test_empty_home(client_for, world):
    page = _home(client_for(world.practitioner))
    assert "Northshire Health has not assessed itself against the practice issues yet" in page
    assert "No reviews have been published yet" in page
    assert "No briefing has been published yet" in page


def test_every_link_on_the_home_can_be_followed(client_for, world, officer):
    this_year = _police_years(world)
    client = client_for(officer)
    links = set(HREF.findall(client.get("/").content.decode()))
    assert reverse("audits:self_assessment:detail", args=[this_year.pk]) in links
    follower = Client()
    follower.force_login(officer)
    for href in sorted(links):
        assert follower.get(href).status_code == 200, href


def test_other_roles_keep_their_dashboard(client_for, world):
    page = _home(client_for(world.subgroup_member))
    assert "What needs attention this week" in page
    assert "Your agency's self-assessments" not in page
