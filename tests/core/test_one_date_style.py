"""One date style across the product: "1 October 2026" in prose and tables, never 01/10/2026
(the dashboard named referrals by their __str__, which used the numeric style)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from casereviews.actions.models import ActionUpdate
from casereviews.subgroup.models import Meeting
from tests.factories import DecisionFactory, DelayFactory, ReferralFactory, ReviewFactory

pytestmark = pytest.mark.django_db
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


@pytest.fixture
def referral(world):
    referral = ReferralFactory(
        partnership=world.partnership,
        source_agency=world.police,
        child_pseudonym="Child Due",
        la_aware_on=dt.date(2026, 9, 28),
    )
    DecisionFactory(referral=referral)
    return referral


def test_records_name_their_dates_in_words(world, referral):
    assert str(referral) == "Referral for Child Due received 1 October 2026"
    assert str(referral.decisions.get()) == "Case mapping exercise (20 October 2026)"
    review = ReviewFactory(partnership=world.partnership, ref="Ref061")
    delay = DelayFactory(review=review, noted_on=dt.date(2017, 5, 18), reason="criminal")
    assert str(delay).startswith("Ref061 delay 18 May 2017: ")
    assert str(ActionUpdate(kind="progress", written_on=dt.date(2026, 10, 1))).endswith(
        "on 1 October 2026"
    )
    assert str(Meeting(held_on=dt.date(2017, 6, 8))) == "Sub-group meeting of 8 June 2017"


@time_machine.travel(dt.datetime(2026, 10, 1, 10, 0), tick=False)
def test_the_dashboard_and_referral_pages_write_dates_in_words(world, client_for, referral):
    client = client_for(world.business_unit)
    dashboard = client.get("/").content.decode()
    assert "Child Due" in dashboard and "received 1 October 2026" in dashboard
    for path in ("/", "/referrals/", f"/referrals/{referral.pk}/"):
        html = client.get(path).content.decode()
        assert not NUMERIC_DATE.findall(html), path
