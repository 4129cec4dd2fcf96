"""Restricted reviews: only named members see them anywhere; every view is audited."""

from __future__ import annotations

import pytest

from casereviews.core.models import AuditLog
from casereviews.reviews import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(world, review):
    services.set_access(world.business_unit, review, restricted=True, members=[world.reviewer])
    return review


def test_business_unit_restricts_a_review_and_stays_a_member(world, client_for, review):
    client = client_for(world.business_unit)
    response = client.post(
        f"/reviews/{review.pk}/access/",
        {"restricted": "on", "members": [str(world.subgroup_member.pk)]},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.restricted
    assert set(review.restricted_members.all()) == {world.business_unit, world.subgroup_member}
    entry = AuditLog.objects.get(action="update", object_id=str(review.pk))
    assert entry.changes["restricted"] == [False, True]
    assert sorted(entry.changes["restricted_members"][1]) == sorted(
        [str(world.business_unit.pk), str(world.subgroup_member.pk)]
    )


@pytest.mark.parametrize("role", ["subgroup_member", "other_subgroup_member", "practitioner"])
def test_non_member_gets_not_found_on_every_page(world, client_for, restricted, role):
    client = client_for(getattr(world, role))
    for path in ["", "edit/", "access/", "delays/new/"]:
        assert client.get(f"/reviews/{restricted.pk}/{path}").status_code == 404, path


def test_business_unit_who_is_not_a_member_does_not_see_it(world, client_for, restricted):
    services.set_access(world.reviewer, restricted, restricted=True, members=[world.reviewer])
    client = client_for(world.business_unit)
    assert client.get(f"/reviews/{restricted.pk}/").status_code == 404
    assert "Ref057" not in client.get("/reviews/").content.decode()


def test_non_member_register_and_dashboard_do_not_list_it(world, client_for, restricted):
    restricted.initiated_on = restricted.initiated_on.replace(year=2026, month=4, day=20)
    restricted.save()  # at risk on 1 October 2026: it would be on the dashboard
    client = client_for(world.subgroup_member)
    assert "Ref057" not in client.get("/reviews/").content.decode()
    assert "Ref057" not in client.get("/").content.decode()
    assert "Ref057" not in client.get("/reviews/?status=underway").content.decode()


def test_member_sees_it_and_each_view_is_audited(world, client_for, restricted):
    client = client_for(world.reviewer)
    for _ in range(2):
        response = client.get(f"/reviews/{restricted.pk}/")
        assert response.status_code == 200
        assert "This review is restricted" in response.content.decode()
    views = AuditLog.objects.filter(action="view", object_id=str(restricted.pk))
    assert views.count() == 2
    assert {v.actor for v in views} == {world.reviewer}
    assert "Ref057" in client.get("/reviews/").content.decode()


def test_views_of_unrestricted_reviews_are_not_audited(world, client_for, review):
    client_for(world.business_unit).get(f"/reviews/{review.pk}/")
    assert not AuditLog.objects.filter(action="view").exists()


def test_lifting_the_restriction_clears_members(world, client_for, restricted):
    services.set_access(world.business_unit, restricted, restricted=True, members=[])
    response = client_for(world.business_unit).post(f"/reviews/{restricted.pk}/access/", {})
    assert response.status_code == 302
    restricted.refresh_from_db()
    assert not restricted.restricted
    assert not restricted.restricted_members.exists()
    assert client_for(world.subgroup_member).get(f"/reviews/{restricted.pk}/").status_code == 200
