"""The register pages and sorts in the database: page 2 is right, a hostile query string gives
a page rather than an error, and the number of queries does not grow with the reviews."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.reviews import views
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _refs(html: str) -> list[str]:
    body = html.split("<tbody", 1)[1] if "<tbody" in html else ""
    return re.findall(r">(Ref\d+)</a></th>", body)


def _reviews(world, count: int, start: int = 100) -> None:
    for n in range(count):
        ReviewFactory(
            partnership=world.partnership,
            ref=f"Ref{start + n:03d}",
            initiated_on=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        )


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "REGISTER_PER_PAGE", 3)


def test_page_two_shows_the_next_reviews(world, client_for, small_pages):
    _reviews(world, 7)
    client = client_for(world.business_unit)
    html = client.get("/reviews/?page=2").content.decode()
    assert _refs(html) == ["Ref103", "Ref104", "Ref105"]
    assert "7 reviews" in html and "page 2 of 3" in html
    assert 'class="govuk-pagination' in html
    assert "?sort=ref&amp;order=asc&amp;page=3" in html  # the next page keeps the sort


def test_sorted_then_paged(world, client_for, small_pages):
    _reviews(world, 7)
    html = client_for(world.business_unit).get("/reviews/?sort=initiated&order=desc&page=2")
    assert _refs(html.content.decode()) == ["Ref103", "Ref102", "Ref101"]


def test_filters_are_kept_in_the_page_links(world, client_for, small_pages):
    _reviews(world, 7)
    html = client_for(world.business_unit).get("/reviews/?status=underway").content.decode()
    assert "status=underway&amp;sort=ref&amp;order=asc&amp;page=2" in html


@pytest.mark.parametrize(
    "query",
    [
        "?sort=summary;DROP TABLE reviews_review&order=sideways",
        "?sort=__class__&page=abc",
        "?page=-4",
        "?page=0",
        "?page=1e9",
        "?sort=ref&order=desc%27--",
    ],
)
def test_hostile_sort_or_page_gives_page_one(world, client_for, small_pages, query):
    _reviews(world, 7)
    response = client_for(world.business_unit).get("/reviews/" + query)
    assert response.status_code == 200
    assert _refs(response.content.decode()) == ["Ref100", "Ref101", "Ref102"]


def test_a_page_past_the_end_shows_the_last(world, client_for, small_pages):
    _reviews(world, 7)
    html = client_for(world.business_unit).get("/reviews/?page=999").content.decode()
    assert _refs(html) == ["Ref106"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("sort", ["ref", "timeliness", "type"])
def test_queries_do_not_grow_with_the_reviews(world, client_for, sort):
    client = client_for(world.business_unit)
    _reviews(world, 3)
    few = _queries(client, f"/reviews/?sort={sort}")
    _reviews(world, 60, start=200)
    many = _queries(client, f"/reviews/?sort={sort}")
    assert many == few
    assert few <= 12


def test_timeliness_sort_orders_overdue_first_in_the_database(world, client_for):
    # Today (real clock): one overdue (initiated long ago), one on track, one published.
    today = dt.date.today()
    ReviewFactory(partnership=world.partnership, ref="Ref301", initiated_on=today)
    ReviewFactory(
        partnership=world.partnership, ref="Ref302", initiated_on=today - dt.timedelta(days=400)
    )
    ReviewFactory(
        partnership=world.partnership,
        ref="Ref303",
        initiated_on=today - dt.timedelta(days=400),
        published_on=today - dt.timedelta(days=300),
        status="published",
    )
    html = client_for(world.business_unit).get("/reviews/?sort=timeliness").content.decode()
    assert _refs(html) == ["Ref302", "Ref301", "Ref303"]
