"""The list pages that page and sort in the database (core.paging): referrals, escalation and
the sharing tracker. Page 2 is right, sorting works, a hostile query string gives page 1 and
the number of queries does not grow with the rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.actions import services as actions
from casereviews.actions import views_plan
from casereviews.briefings.models import Briefing, BriefingKind, BriefingStatus
from casereviews.briefings.sharing import views as sharing_views
from casereviews.referrals import views as referral_views
from tests.factories import DecisionFactory, ReferralFactory, ReviewFactory

pytestmark = pytest.mark.django_db

HOSTILE = "?sort=1);DROP TABLE x;--&order=%00&page=%C2%B2"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0), tick=False):
        yield


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- referrals ---------------------------------------------------------------------------


def _referrals(world, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        referral = ReferralFactory(
            partnership=world.partnership,
            source_agency=world.police,
            child_pseudonym=f"Child {n:03d}",
            received_on=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        )
        DecisionFactory(
            referral=referral,
            meeting_on=dt.date(2026, 10, 20),
            outcome="nfa" if n % 2 else "case_mapping",
        )


def _children(html: str) -> list[str]:
    return re.findall(r">(Child \d+)<span", html)


def test_referrals_page_two_newest_first_and_counts_of_all(world, client_for, monkeypatch):
    monkeypatch.setattr(referral_views, "REFERRALS_PER_PAGE", 4)
    _referrals(world, 10)
    html = client_for(world.business_unit).get("/referrals/?page=2").content.decode()
    assert _children(html) == ["Child 005", "Child 004", "Child 003", "Child 002"]
    assert "10 referrals" in html and "page 2 of 3" in html
    # The outcome counts are of every referral, not the page's.
    counts = html.split('id="outcome-counts"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"Total</th>\s*<td[^>]*>10<", counts)
    assert re.search(r"No further action</th>\s*<td[^>]*>5<", counts)


def test_referrals_outcome_filter_in_the_database(world, client_for):
    _referrals(world, 6)
    html = client_for(world.business_unit).get("/referrals/?outcome=nfa").content.decode()
    assert _children(html) == ["Child 005", "Child 003", "Child 001"]


def test_referrals_sort_by_child_and_hostile_values(world, client_for, monkeypatch):
    monkeypatch.setattr(referral_views, "REFERRALS_PER_PAGE", 4)
    _referrals(world, 10)
    client = client_for(world.business_unit)
    html = client.get("/referrals/?sort=child&order=asc&page=3").content.decode()
    assert _children(html) == ["Child 008", "Child 009"]
    response = client.get("/referrals/" + HOSTILE)
    assert response.status_code == 200
    assert _children(response.content.decode())[0] == "Child 009"  # page 1, newest first


def test_referrals_queries_do_not_grow(world, client_for):
    client = client_for(world.business_unit)
    _referrals(world, 3)
    few = _queries(client, "/referrals/")
    _referrals(world, 40, start=100)
    assert _queries(client, "/referrals/") == few


# --- escalation ----------------------------------------------------------------------------


def _overdue(world, count: int, agency=None, start: int = 0) -> None:
    review = ReviewFactory(partnership=world.partnership)
    rec = actions.create_recommendation(world.business_unit, review, text="Share information")
    for n in range(start, start + count):
        actions.create_action(
            world.business_unit,
            rec,
            agency=agency or world.police,
            description=f"Overdue action {n:03d}",
            lead_role="Lead",
            due_on=dt.date(2026, 11, 1) - dt.timedelta(days=n),
        )


def _actions(html: str) -> list[str]:
    return re.findall(r">Overdue action (\d+)</a>", html)


def test_escalation_page_two_keeps_agencies_counts(world, client_for, monkeypatch):
    monkeypatch.setattr(views_plan, "ESCALATION_PER_PAGE", 4)
    _overdue(world, 6)
    _overdue(world, 2, agency=world.health, start=50)
    html = client_for(world.business_unit).get("/actions/escalation/?page=2").content.decode()
    # Police (6) first, the longest overdue first: page 2 holds police's last two, then health.
    assert _actions(html) == ["001", "000", "051", "050"]
    assert "Northshire Police: 6 overdue" in html and "2 of them on this page" in html
    assert "Northshire Health: 2 overdue" in html
    assert "8 overdue actions" in html and "page 2 of 2" in html


def test_escalation_sort_by_review_and_hostile(world, client_for):
    _overdue(world, 3)
    client = client_for(world.business_unit)
    assert client.get("/actions/escalation/?sort=review&order=desc").status_code == 200
    response = client.get("/actions/escalation/" + HOSTILE)
    assert response.status_code == 200
    assert _actions(response.content.decode()) == ["002", "001", "000"]


def test_escalation_queries_do_not_grow(world, client_for):
    client = client_for(world.business_unit)
    _overdue(world, 3)
    few = _queries(client, "/actions/escalation/")
    _overdue(world, 40, agency=world.health, start=10)
    assert _queries(client, "/actions/escalation/") == few


# --- sharing tracker -----------------------------------------------------------------------


def _briefings(world, count: int, start: int = 0) -> None:
    review = ReviewFactory(partnership=world.partnership)
    for n in range(start, start + count):
        Briefing.objects.create(
            partnership=world.partnership,
            review=review,
            kind=BriefingKind.SEVEN_MINUTE,
            title=f"Briefing {n:03d}",
            sections={"background": "Background."},
            status=BriefingStatus.PUBLISHED,
            published_on=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        )


def _titles(html: str) -> list[str]:
    return re.findall(r">Briefing (\d+)</a>", html)


def test_tracker_page_two_longest_waiting_first(world, client_for, monkeypatch):
    monkeypatch.setattr(sharing_views, "TRACKER_PER_PAGE", 3)
    _briefings(world, 7)
    client = client_for(world.business_unit)
    html = client.get("/briefings/sharing/?page=2").content.decode()
    assert _titles(html) == ["003", "004", "005"]
    assert "7 published briefings" in html and "page 2 of 3" in html
    html = client.get("/briefings/sharing/?sort=briefing&order=desc&page=3").content.decode()
    assert _titles(html) == ["000"]
    response = client.get("/briefings/sharing/" + HOSTILE)
    assert response.status_code == 200 and _titles(response.content.decode())[0] == "000"


def test_tracker_queries_do_not_grow(world, client_for):
    client = client_for(world.business_unit)
    _briefings(world, 3)
    few = _queries(client, "/briefings/sharing/")
    _briefings(world, 40, start=10)
    assert _queries(client, "/briefings/sharing/") == few
