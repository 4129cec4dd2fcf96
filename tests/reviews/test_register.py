"""The register: who sees what, filters, sorting, counts and the empty state."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviews(world, review, unassigned, published):
    """Ref057 on track (2026), Ref058 overdue (2025, Corby), Ref040 published on time (2025)."""
    ReviewFactory(
        partnership=world.partnership,
        ref="Ref059",
        review_type="thematic",
        status="agreed",
        location="Kettering",
        agreed_on=dt.date(2026, 9, 1),
        initiated_on=None,
    )
    return [review, unassigned, published]


def _refs(html: str) -> list[str]:
    """The Refs in the register table, in the order shown."""
    body = html.split("<tbody", 1)[1] if "<tbody" in html else ""
    return re.findall(r">(Ref\d+)</a></th>", body)


def _get(client, query: str = "") -> str:
    response = client.get(f"/reviews/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_board_member_sees_all_with_count_and_timeliness(world, client_for, reviews):
    html = _get(client_for(world.subgroup_member))
    assert _refs(html) == ["Ref040", "Ref057", "Ref058", "Ref059"]
    assert "4 reviews" in html
    for text in ["On track", "Overdue", "Published on time", "Not initiated"]:
        assert text in html


def test_reviewer_sees_only_assigned(world, client_for, reviews):
    html = _get(client_for(world.reviewer))
    assert _refs(html) == ["Ref057"]
    assert "1 review<" in html


def test_practitioner_sees_only_published(world, client_for, reviews):
    assert _refs(_get(client_for(world.practitioner))) == ["Ref040"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=underway", ["Ref057", "Ref058"]),
        ("?review_type=case_mapping", ["Ref058"]),
        ("?year=2025", ["Ref040", "Ref058"]),
        ("?year=2026", ["Ref057", "Ref059"]),
        ("?locality=Corby", ["Ref058"]),
        ("?status=underway&year=2026", ["Ref057"]),
        ("?status=nonsense", ["Ref040", "Ref057", "Ref058", "Ref059"]),
    ],
)
def test_filters(world, client_for, reviews, query, expected):
    assert _refs(_get(client_for(world.business_unit), query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?sort=ref&order=desc", ["Ref059", "Ref058", "Ref057", "Ref040"]),
        ("?sort=initiated", ["Ref040", "Ref058", "Ref057", "Ref059"]),
        ("?sort=target&order=desc", ["Ref059", "Ref057", "Ref058", "Ref040"]),
        ("?sort=timeliness", ["Ref058", "Ref057", "Ref059", "Ref040"]),
        ("?sort=type", ["Ref058", "Ref040", "Ref057", "Ref059"]),
    ],
)
def test_sorting(world, client_for, reviews, query, expected):
    assert _refs(_get(client_for(world.business_unit), query)) == expected


def test_sorted_column_has_aria_sort_and_links_keep_filters(world, client_for, reviews):
    html = _get(client_for(world.business_unit), "?status=underway&sort=initiated&order=asc")
    assert html.count("aria-sort=") == 1
    assert re.search(
        r'aria-sort="ascending">\s*<a class="govuk-link" '
        r'href="\?status=underway&amp;sort=initiated&amp;order=desc"',
        html,
    )
    assert "?status=underway&amp;sort=ref&amp;order=asc" in html


def test_filter_selects_offer_years_and_localities_in_use(world, client_for, reviews):
    html = _get(client_for(world.business_unit))
    assert '<option value="2025"' in html
    assert '<option value="Corby"' in html
    assert '<label class="govuk-label" for="id_locality">' in html


def test_empty_states(world, client_for, reviews):
    client = client_for(world.business_unit)
    html = _get(client, "?locality=Corby&status=agreed")
    assert "0 reviews" in html
    assert "No reviews match these filters" in html
    html = _get(client_for(world.outsider))
    assert "There are no reviews for you to see yet" in html
