"""The register by reporting year (open at any time from 1 April to 31 March), with gender and
age columns; planned dates beside actual ones on the edit form."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import ReviewFactory
from tests.reviews.conftest import edit_data

pytestmark = pytest.mark.django_db


def test_register_filters_by_reporting_year_and_shows_gender_and_age(client_for, world):
    ReviewFactory(
        partnership=world.partnership,
        ref="Ref021",
        review_type="scr",
        gender="female",
        age_years=None,
        age_weeks=6,
        agreed_on=dt.date(2015, 4, 20),
        completed_on=dt.date(2016, 10, 20),
        published_on=dt.date(2017, 1, 26),
    )
    ReviewFactory(
        partnership=world.partnership,
        ref="Ref047",
        review_type="case_mapping",
        agreed_on=dt.date(2015, 9, 17),
        completed_on=dt.date(2016, 2, 18),
    )
    ReviewFactory(partnership=world.partnership, ref="Ref060", agreed_on=dt.date(2017, 5, 1))
    html = client_for(world.business_unit).get("/reviews/?reporting_year=2016-17").content.decode()
    assert "Ref021" in html and "Ref047" not in html and "Ref060" not in html
    assert "Reporting year" in html and "Female" in html and "6 wks" in html


def test_planned_dates_may_be_in_the_future_but_not_before_initiation(client_for, world):
    review = ReviewFactory(
        partnership=world.partnership,
        ref="Ref050",
        review_type="case_mapping",
        initiated_on=dt.date(2026, 1, 10),
        agreed_on=dt.date(2026, 1, 5),
    )
    client = client_for(world.business_unit)
    response = client.post(
        f"/reviews/{review.pk}/edit/",
        edit_data(review, planned_learning_event_on=dt.date(2027, 6, 15)),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.planned_learning_event_on == dt.date(2027, 6, 15)
    assert "(planned 15 June 2027)" in client.get(f"/reviews/{review.pk}/").content.decode()
    response = client.post(
        f"/reviews/{review.pk}/edit/",
        edit_data(review, planned_learning_event_on=dt.date(2025, 6, 15)),
    )
    assert (
        "The planned practitioner learning event date must be on or after the initiation date"
        in (response.content.decode())
    )


def test_publication_handling_needs_a_published_date(client_for, world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref021", review_type="scr")
    response = client_for(world.business_unit).post(
        f"/reviews/{review.pk}/edit/", edit_data(review, publication_handling="one_to_one")
    )
    assert "Enter the published date before saying how the publication was handled" in (
        response.content.decode()
    )
