"""The dashboard's referral clocks due soon or missed are chosen and counted by the database:
the same clocks, in the same order, as the rule worked out in Python for every referral, on
ordinary days and across weekends and the Christmas bank holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.core.clocks import ClockState, referral_clocks
from casereviews.core.workdays import add_working_days
from casereviews.referrals import selectors
from casereviews.referrals.models import Referral
from casereviews.reviews.presenters import ATTENTION_WORKING_DAYS, clocks_needing_attention

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2026, 8, 20)
LAST_DAY = dt.date(2027, 1, 8)
TODAYS = [
    dt.date(2026, 10, 1),  # a Thursday
    dt.date(2026, 10, 5),  # a Monday
    dt.date(2026, 12, 24),  # Christmas Eve: bank holidays follow
    dt.date(2026, 12, 29),  # between Christmas and New Year
]


@pytest.fixture
def referrals(world):
    """A referral whose notification started every day, and one whose rapid review did, with
    received dates running backwards (so the received order is not the start order); and some
    whose clocks are done or not started."""
    rows = []
    day, n = FIRST_DAY, 0
    while day <= LAST_DAY:
        received = LAST_DAY - dt.timedelta(days=n % 17)
        common = {"partnership": world.partnership, "source_agency": world.police}
        rows.append(Referral(**common, received_on=received, la_aware_on=day))
        rows.append(Referral(**common, received_on=received, la_aware_on=day, notified_on=day))
        if n % 10 == 0:
            rows.append(
                Referral(
                    **common,
                    received_on=received,
                    la_aware_on=day,
                    notified_on=day,
                    rapid_review_on=day,
                )
            )
            rows.append(Referral(**common, received_on=received, la_aware_on=None))
        day += dt.timedelta(days=1)
        n += 1
    for number, row in enumerate(rows):
        row.child_pseudonym = f"Child {number:04d}"
        row.age_years = 4
        row.gender = "female"
        row.summary = "A summary."
    Referral.objects.bulk_create(rows)


@pytest.fixture(autouse=True, params=["chosen by the database", "few: chosen as read"])
def chooser(request, monkeypatch):
    """Both ways of choosing: the database's (many clocks running) and, for the usual handful,
    all read in one query and chosen in Python; they must agree."""
    many = request.param.startswith("chosen by")
    monkeypatch.setattr(selectors, "FEW_RUNNING", 0 if many else 100_000)
    return request.param


def _python_rule(user, today):
    """The dashboard's rule before: every referral with a clock running, worked out in Python."""
    return clocks_needing_attention(list(selectors.referrals_with_open_clocks(user)), today)


@pytest.mark.parametrize("today", TODAYS)
def test_same_clocks_and_order_as_python_for_the_first_few(world, referrals, today):
    user = world.business_unit
    expected = _python_rule(user, today)
    assert any(i["missed"] for i in expected) and not all(i["missed"] for i in expected)
    by = add_working_days(today, ATTENTION_WORKING_DAYS)
    for first in (1, 2, 5, 13, 20, len(expected) + 5):
        found = selectors.clocks_due(
            selectors.referrals_with_open_clocks(user), today, by=by, first=first
        )
        chosen = clocks_needing_attention(found.referrals, today)[:first]
        assert chosen == expected[:first]
        assert found.count == len(expected)
        assert found.missed == sum(i["missed"] for i in expected)
        # only a few referrals loaded: the first few of each clock and those due the same day
        assert len(found.referrals) < 2 * first + 10


@pytest.mark.parametrize("today", TODAYS)
def test_every_running_clock_counted_for_the_reminders(world, referrals, today):
    user = world.business_unit
    everything = selectors.clocks_due(
        selectors.referrals_with_open_clocks(user), today, by=None, first=None
    )
    running = list(selectors.referrals_with_open_clocks(user))
    assert everything.count == len(running) == len(everything.referrals)
    missed = [
        r
        for r in running
        for c in referral_clocks(r, today)
        if c.state is ClockState.MISSED and c.done is None
    ]
    assert everything.missed == len(missed)


def test_another_partnerships_clocks_are_neither_listed_nor_counted(world, referrals):
    today = TODAYS[0]
    found = selectors.clocks_due(
        selectors.referrals_with_open_clocks(world.outsider), today, by=today, first=5
    )
    assert found.count == 0 and found.referrals == []
