"""The referral list: what a board member sees at a glance."""

import datetime as dt

import pytest

from tests.factories import DecisionFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_list_shows_clocks_and_the_current_decision(client_for, world, referral):
    referral.notified_on = dt.date(2026, 10, 2)
    referral.save()
    DecisionFactory(referral=referral, meeting_on=dt.date(2026, 10, 10), outcome="nfa")
    DecisionFactory(referral=referral, meeting_on=dt.date(2026, 10, 20), outcome="thematic")
    ReferralFactory(
        partnership=world.partnership,
        source_agency=world.health,
        child_pseudonym="Child M",
        is_serious_incident_notification=False,
        la_aware_on=dt.date(2026, 11, 16),
        received_on=dt.date(2026, 11, 18),
    )
    html = client_for(world.business_unit).get("/referrals/").content.decode()
    assert "<caption" in html and 'scope="col"' in html
    # Child K: aware Mon 28 Sep, notified Fri 2 Oct (due Mon 5 Oct): met.
    assert "Met on 2 October 2026" in html
    # Rapid review due 15 working days after 2 Oct: Fri 23 Oct, not done: late 26 Oct - 20 Nov.
    assert "Missed by 20 working days" in html
    assert "Thematic learning review" in html
    # Child M: aware Mon 16 Nov -> due Mon 23 Nov, today Fri 20 Nov: 1 working day left.
    assert "Due 23 November 2026 (1 working day left)" in html
    assert "Not yet decided" in html
    assert "Northshire Health" in html
    assert html.index("Child M") < html.index("Child K")  # newest first


def test_empty_list(client_for, world):
    html = client_for(world.business_unit).get("/referrals/").content.decode()
    assert "No referrals have been recorded yet." in html
    assert "Record a referral" in html
    lead = client_for(world.subgroup_member).get("/referrals/").content.decode()
    assert "Record a referral" not in lead
