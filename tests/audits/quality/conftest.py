"""Quality marker fixtures: a review with its own lead reviewer and a second (assigned)
reviewer, and a restricted review that names only the business unit."""

from __future__ import annotations

import pytest

from tests.factories import ReviewFactory, UserFactory


@pytest.fixture
def lead_reviewer(world):
    return UserFactory(
        username="leadreviewer", partnership=world.partnership, agency=None, role="reviewer"
    )


@pytest.fixture
def review(world, lead_reviewer):
    r = ReviewFactory(partnership=world.partnership, ref="Ref057", lead_reviewer=lead_reviewer)
    r.reviewers.add(world.reviewer)
    return r


@pytest.fixture
def restricted_review(world, lead_reviewer):
    r = ReviewFactory(
        partnership=world.partnership, ref="Ref099", restricted=True, lead_reviewer=lead_reviewer
    )
    r.restricted_members.add(world.business_unit, lead_reviewer)
    return r


def rate(**ratings: str) -> dict[str, dict[str, str]]:
    """{marker key: rating} -> the service's input, with a line of evidence for each."""
    return {
        key: {"rating": value, "evidence": f"Evidence for {key}."} for key, value in ratings.items()
    }
