"""The referral list by reporting year and outcome, with counts by outcome, gender and age."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import DecisionFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(world):
    def make(name, meeting_on, outcome, **kw):
        referral = ReferralFactory(
            partnership=world.partnership,
            source_agency=world.police,
            child_pseudonym=name,
            received_on=meeting_on - dt.timedelta(days=14),
            **kw,
        )
        DecisionFactory(referral=referral, meeting_on=meeting_on, outcome=outcome)
        return referral

    make("Child A", dt.date(2016, 4, 21), "single_agency", gender="female", age_years=14)
    make("Child B", dt.date(2017, 3, 16), "case_mapping")
    converted = make("Child C", dt.date(2016, 11, 17), "scr")
    DecisionFactory(referral=converted, meeting_on=dt.date(2017, 3, 16), outcome="thematic")
    make("Child D", dt.date(2017, 4, 20), "scr")  # 2017-18
    return world


def test_reporting_year_filter_and_counts_by_outcome(client_for, referrals):
    client = client_for(referrals.business_unit)
    html = client.get("/referrals/?reporting_year=2016-17").content.decode()
    assert "Child A" in html and "Child B" in html and "Child C" in html
    assert "Child D" not in html
    assert "Referrals considered 1 April 2016 to 31 March 2017, by outcome" in html
    counts = html[html.index('id="outcome-counts"') :]
    assert (
        '>Thematic learning review</th><td class="govuk-table__cell govuk-table__cell--numeric">1<'
        in counts
    )
    assert '>Total</th><td class="govuk-table__cell govuk-table__cell--numeric">3<' in counts
    assert "Female" in html and "14 years" in html or "14 yrs" in html


def test_outcome_filter(client_for, referrals):
    html = (
        client_for(referrals.business_unit)
        .get("/referrals/?reporting_year=2016-17&outcome=thematic")
        .content.decode()
    )
    assert "Child C" in html and "Child A" not in html


def test_an_unknown_year_is_ignored_not_an_error(client_for, referrals):
    response = client_for(referrals.business_unit).get("/referrals/?reporting_year=2017-16")
    assert response.status_code == 200
    assert "Child D" in response.content.decode()
