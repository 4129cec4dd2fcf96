"""Every review page as a permitted user, a same-partnership user without the right (403) and a
user of another partnership (404)."""

from __future__ import annotations

import pytest

from tests.reviews.conftest import edit_data

pytestmark = pytest.mark.django_db

PAGES = ["detail", "edit", "access", "add_delay"]


def _url(name: str, review) -> str:
    return {
        "detail": f"/reviews/{review.pk}/",
        "edit": f"/reviews/{review.pk}/edit/",
        "access": f"/reviews/{review.pk}/access/",
        "add_delay": f"/reviews/{review.pk}/delays/new/",
    }[name]


@pytest.mark.parametrize("name", PAGES)
def test_business_unit_may_open_every_page(world, client_for, review, name):
    assert client_for(world.business_unit).get(_url(name, review)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_another_partnership_gets_not_found(world, client_for, review, name):
    client = client_for(world.outsider)
    assert client.get(_url(name, review)).status_code == 404
    assert client.post(_url(name, review), {}).status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("subgroup_member", {"detail"}),
        ("reviewer", {"detail", "edit", "add_delay"}),
        ("practitioner", set()),
    ],
)
def test_same_partnership_without_the_right_is_forbidden(world, client_for, review, role, allowed):
    client = client_for(getattr(world, role))
    for name in PAGES:
        expected = 200 if name in allowed else 403
        assert client.get(_url(name, review)).status_code == expected, name


def test_reviewer_sees_and_edits_only_assigned_reviews(world, client_for, review, unassigned):
    client = client_for(world.reviewer)
    assert client.get(f"/reviews/{unassigned.pk}/").status_code == 403
    response = client.post(f"/reviews/{unassigned.pk}/edit/", edit_data(unassigned, summary="X"))
    assert response.status_code == 403
    unassigned.refresh_from_db()
    assert unassigned.summary != "X"
    response = client.post(f"/reviews/{review.pk}/edit/", edit_data(review, summary="Neglect"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.summary == "Neglect"


def test_lead_reviewer_counts_as_assigned(world, client_for, unassigned):
    unassigned.lead_reviewer = world.reviewer
    unassigned.save()
    assert client_for(world.reviewer).get(f"/reviews/{unassigned.pk}/edit/").status_code == 200


def test_practitioner_sees_only_published_reviews(world, client_for, review, published):
    client = client_for(world.practitioner)
    assert client.get(f"/reviews/{published.pk}/").status_code == 200
    assert client.get(f"/reviews/{review.pk}/").status_code == 403
    html = client.get("/reviews/").content.decode()
    assert "Ref040" in html
    assert "Ref057" not in html


def test_forbidden_post_saves_nothing(world, client_for, review):
    client = client_for(world.subgroup_member)
    response = client.post(f"/reviews/{review.pk}/edit/", edit_data(review, summary="Changed"))
    assert response.status_code == 403
    response = client.post(f"/reviews/{review.pk}/access/", {"restricted": "on"})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.summary != "Changed"
    assert review.restricted is False


def test_register_of_another_partnership_shows_none_of_ours(world, client_for, review, theirs):
    html = client_for(world.outsider).get("/reviews/").content.decode()
    assert "Ref057" not in html
    assert "Ref001" in html


def test_page_links_follow_the_rights(world, client_for, review):
    bu = client_for(world.business_unit).get(f"/reviews/{review.pk}/").content.decode()
    assert f"/reviews/{review.pk}/edit/" in bu
    assert f"/reviews/{review.pk}/access/" in bu
    lead = client_for(world.subgroup_member).get(f"/reviews/{review.pk}/").content.decode()
    assert f"/reviews/{review.pk}/edit/" not in lead
    assert "/delays/new/" not in lead
