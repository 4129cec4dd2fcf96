"""Who may see and rate a review's quality markers, for each role, and each predicate alone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from casereviews.accounts import permissions as p
from casereviews.accounts.roles import Permission

pytestmark = pytest.mark.django_db

NAMES = ["business_unit", "subgroup_member", "reviewer", "practitioner", "outsider"]


def who_may(world, permission, obj=None, **extra) -> set[str]:
    users = {name: getattr(world, name) for name in NAMES} | extra
    return {name for name, user in users.items() if user.has_perm(permission, obj)}


def test_the_board_and_the_reviews_own_reviewers_see_the_ratings(world, review, lead_reviewer):
    seen = who_may(world, Permission.VIEW_REVIEW_QUALITY, review, lead=lead_reviewer)
    # Not the practitioner, not another partnership's business unit.
    assert seen == {"business_unit", "subgroup_member", "reviewer", "lead"}
    assert not AnonymousUser().has_perm(Permission.VIEW_REVIEW_QUALITY, review)


def test_only_the_business_unit_and_the_lead_reviewer_rate(world, review, lead_reviewer):
    rating = who_may(world, Permission.RATE_REVIEW_QUALITY, review, lead=lead_reviewer)
    # The other (assigned) reviewer and the agency lead see but do not rate.
    assert rating == {"business_unit", "lead"}


def test_a_restricted_review_is_rated_and_seen_by_its_members_only(
    world, restricted_review, lead_reviewer
):
    assert who_may(
        world, Permission.VIEW_REVIEW_QUALITY, restricted_review, lead=lead_reviewer
    ) == {"business_unit", "lead"}
    # The agency lead is a board member but not named on the restricted review.
    assert not world.subgroup_member.has_perm(Permission.RATE_REVIEW_QUALITY, restricted_review)


def test_the_partnership_summary_is_for_the_board(world, lead_reviewer):
    assert who_may(world, Permission.VIEW_QUALITY_SUMMARY, lead=lead_reviewer) == {
        "business_unit",
        "subgroup_member",
        "outsider",  # their own partnership's summary, never ours (selectors are scoped)
    }


def test_leads_review_names_only_the_lead_reviewer(world, review, lead_reviewer):
    assert p.leads_review(lead_reviewer, review)
    assert not p.leads_review(world.reviewer, review)
    assert not p.leads_review(world.business_unit, review)
    review.lead_reviewer = None
    assert not p.leads_review(lead_reviewer, review)
    assert not p.leads_review(lead_reviewer, None)


def test_can_view_review_quality_checks_partnership_restriction_and_role(
    world, review, restricted_review
):
    assert p.can_view_review_quality(world.subgroup_member, review)
    assert not p.can_view_review_quality(world.subgroup_member, restricted_review)
    assert not p.can_view_review_quality(world.outsider, review)
    assert not p.can_view_review_quality(world.practitioner, review)
