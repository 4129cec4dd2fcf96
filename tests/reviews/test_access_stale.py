"""Changing who may see a review from a stale page is refused, like a stale edit."""

from __future__ import annotations

import re

import pytest

from casereviews.core.concurrency import StaleRecordError
from casereviews.reviews import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def version_on_page(client, review) -> str:
    html = client.get(f"/reviews/{review.pk}/access/").content.decode()
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_a_restriction_form_opened_before_a_change_is_refused_keeping_the_choices(
    world, client_for, review
):
    colleague = UserFactory(
        username="bu2",
        first_name="Priya",
        last_name="Shah",
        partnership=world.partnership,
        role="business_unit",
    )
    mine = client_for(world.business_unit)
    version = version_on_page(mine, review)
    # A colleague restricts the review to the reviewer and me while the page is open.
    services.set_access(
        colleague,
        review,
        restricted=True,
        members=[world.reviewer, world.business_unit],
        version=int(version),
    )
    response = mine.post(
        f"/reviews/{review.pk}/access/",
        {"members": [str(world.subgroup_member.pk)], "version": version},  # lift it, I thought
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This review was changed by Priya Shah on 1 October 2026 at 11:00" in html  # BST
    assert "Your changes have not been saved" in html
    assert "Saved now: restricted to" in html
    assert f'value="{world.subgroup_member.pk}" checked' in html  # my choices are kept
    review.refresh_from_db()
    assert review.restricted  # the colleague's restriction stands
    assert set(review.restricted_members.all()) == {colleague, world.reviewer, world.business_unit}

    # Saved again from the page as now shown, it is deliberate and goes through.
    again = mine.post(
        f"/reviews/{review.pk}/access/",
        {"members": [str(world.subgroup_member.pk)], "version": version_on_page(mine, review)},
    )
    assert again.status_code == 302
    review.refresh_from_db()
    assert not review.restricted


def test_an_edit_of_the_review_makes_the_restriction_form_stale(world, review):
    services.set_access(world.business_unit, review, restricted=True, members=[], version=1)
    with pytest.raises(StaleRecordError):
        services.set_access(world.business_unit, review, restricted=False, members=[], version=1)
    review.refresh_from_db()
    assert review.restricted and review.version == 2
