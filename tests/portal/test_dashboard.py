"""The dashboard: what needs attention this week, for each role."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.reviews import services
from tests.factories import ReferralFactory, ReviewFactory
from tests.sql import starting_with, statements_of_get

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 10, 1, 10, 0), tick=False):  # a Thursday
        yield


@pytest.fixture
def referrals(world):
    def make(name, **dates):
        return ReferralFactory(
            partnership=world.partnership,
            source_agency=world.police,
            child_pseudonym=name,
            **dates,
        )

    return {
        # notification due Monday 5 October 2026: 2 working days left
        "due": make("Child Due", la_aware_on=dt.date(2026, 9, 28)),
        # rapid review due 15 working days after 1 September: missed
        "missed": make(
            "Child Missed", la_aware_on=dt.date(2026, 8, 27), notified_on=dt.date(2026, 9, 1)
        ),
        # rapid review due 22 October: more than 5 working days away
        "later": make(
            "Child Later", la_aware_on=dt.date(2026, 9, 30), notified_on=dt.date(2026, 10, 1)
        ),
        # both clocks done
        "done": make(
            "Child Done",
            la_aware_on=dt.date(2026, 8, 3),
            notified_on=dt.date(2026, 8, 5),
            rapid_review_on=dt.date(2026, 8, 20),
        ),
        "theirs": ReferralFactory(
            partnership=world.other_partnership,
            child_pseudonym="Child Theirs",
            la_aware_on=dt.date(2026, 9, 28),
        ),
    }


@pytest.fixture
def reviews(world):
    def make(ref, initiated, **extra):
        return ReviewFactory(
            partnership=world.partnership,
            ref=ref,
            agreed_on=initiated,
            initiated_on=initiated,
            **extra,
        )

    at_risk = make("Ref061", dt.date(2026, 4, 20))  # target 20 October 2026
    overdue = make("Ref062", dt.date(2026, 3, 2))  # target 2 September 2026
    make("Ref063", dt.date(2026, 7, 1))  # on track
    make(
        "Ref064",
        dt.date(2025, 1, 6),
        status="published",
        completed_on=dt.date(2025, 6, 1),
        published_on=dt.date(2025, 7, 1),
    )
    ReviewFactory(
        partnership=world.other_partnership, ref="Ref099", initiated_on=dt.date(2026, 3, 2)
    )
    return {"at_risk": at_risk, "overdue": overdue}


def _dashboard(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_board_member_sees_clocks_due_or_missed(world, client_for, referrals):
    html = _dashboard(client_for(world.subgroup_member))
    assert "Child Due" in html
    assert "2 working days left" in html
    assert "Child Missed" in html
    assert "Missed by" in html
    assert "Child Later" not in html
    assert "Child Done" not in html
    assert "Child Theirs" not in html
    assert html.index("Child Missed") < html.index("Child Due")  # missed first
    # The heading says how far ahead it looks ("What falls due" below counts every clock).
    assert "Referral clocks due within 5 working days, or missed</h2>" in html


def test_reviews_at_risk_or_overdue_with_links(world, client_for, reviews):
    html = _dashboard(client_for(world.business_unit))
    assert "Ref061" in html and "At risk" in html
    assert "Ref062" in html and "Overdue" in html
    assert f'href="/reviews/{reviews["at_risk"].pk}/"' in html
    assert "Ref063" not in html
    assert "Ref064" not in html
    assert "Ref099" not in html
    assert html.index("Ref062") < html.index("Ref061")  # overdue first


def test_empty_states(world, client_for):
    html = _dashboard(client_for(world.business_unit))
    assert "No referral clock is due in the next 5 working days" in html
    assert "No review is at risk of missing its publication target or overdue" in html


def test_reviewer_sees_only_assigned_reviews_and_no_referrals(
    world, client_for, referrals, reviews
):
    reviews["overdue"].reviewers.add(world.reviewer)
    html = _dashboard(client_for(world.reviewer))
    assert "Ref062" in html
    assert "Ref061" not in html
    assert "Child Due" not in html
    assert "Referral clocks" not in html


def test_practitioner_sees_published_reviews_only(world, client_for, referrals, reviews):
    html = _dashboard(client_for(world.practitioner))
    assert "Published reviews" in html
    assert "Ref064" in html
    assert "Ref061" not in html
    assert "Child Due" not in html


def test_practitioner_empty_state(world, client_for):
    assert "No reviews have been published yet" in _dashboard(client_for(world.practitioner))


def test_restricted_review_not_listed_for_non_members(world, client_for, reviews):
    services.set_access(
        world.business_unit, reviews["overdue"], restricted=True, members=[world.business_unit]
    )
    assert "Ref062" not in _dashboard(client_for(world.subgroup_member))
    assert "Ref062" in _dashboard(client_for(world.business_unit))


def test_other_partnership_sees_only_its_own(world, client_for, referrals, reviews):
    html = _dashboard(client_for(world.outsider))
    assert "Child Theirs" in html
    assert "Ref099" in html
    assert "Ref062" not in html
    assert "Child Due" not in html


def _overdue_reviews(world, count, start=0):
    for n in range(start, start + count):
        ReviewFactory(
            partnership=world.partnership,
            ref=f"Bulk{n:03d}",
            initiated_on=dt.date(2026, 1, 1) + dt.timedelta(days=n % 60),
        )


def _queries_for_dashboard(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        _dashboard(client)
    return len(queries)


def test_reviews_needing_attention_chosen_by_the_database(world, client_for, reviews):
    """The dashboard's query count stays the same with 3 or 40 more reviews; the 20 most
    urgent are listed, the longest overdue first, and the register has the rest."""
    client = client_for(world.business_unit)
    _overdue_reviews(world, 3)
    few = _queries_for_dashboard(client)
    html = _dashboard(client)
    assert all(f"Bulk{n:03d}" in html for n in range(3))
    assert "most urgent" not in html
    _overdue_reviews(world, 37, start=3)
    many = _queries_for_dashboard(client)
    assert many == few
    html = _dashboard(client)
    # initiated 1 January + n days: the first 20 by target; Ref062 (2 March) and Ref061 (at
    # risk) come later
    assert all(f"Bulk{n:03d}" in html for n in range(20))
    assert not any(f"Bulk{n:03d}" in html for n in range(20, 40))
    assert "Ref062" not in html and "Ref061" not in html and "Ref063" not in html
    assert html.index("Bulk000") < html.index("Bulk019")
    assert "These are the 20 most urgent of 42 reviews at risk or overdue" in html
    assert 'href="/reviews/?sort=timeliness&amp;order=asc">See all 42 in the register' in html


def test_the_dashboard_counts_the_agencies_expected_to_share_once(world, client_for):
    """ "What falls due" and the sharing counts behind it share one count of the partnership's
    active agencies per view (it was counted twice)."""
    statements, _ = statements_of_get(client_for(world.business_unit), "/")
    counts = starting_with(statements, 'SELECT COUNT(*) AS "__count" FROM "accounts_agency"')
    assert len(counts) == 1
