"""Each permission predicate, for each role, in and out of the partnership."""

from __future__ import annotations

import pytest

from casereviews.accounts import permissions as p
from casereviews.accounts.roles import Permission
from tests.factories import ReferralFactory, ReviewFactory

pytestmark = pytest.mark.django_db

ROLES = ["business_unit", "subgroup_member", "reviewer", "practitioner", "outsider"]


def users(world):
    return {
        "business_unit": world.business_unit,
        "subgroup_member": world.subgroup_member,
        "reviewer": world.reviewer,
        "practitioner": world.practitioner,
        "outsider": world.outsider,
    }


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        (Permission.VIEW_REGISTER, {"business_unit", "subgroup_member", "outsider"}),
        (Permission.VIEW_REFERRALS, {"business_unit", "subgroup_member", "outsider"}),
        (Permission.ADD_REFERRAL, {"business_unit", "outsider"}),
        (Permission.RECORD_DECISION, {"business_unit", "outsider"}),
        (Permission.VIEW_BRIEFING_PAPER, {"business_unit", "subgroup_member", "outsider"}),
        (Permission.EXPORT, {"business_unit", "outsider"}),
        (Permission.VIEW_AUDIT_LOG, {"business_unit", "outsider"}),
        (Permission.MANAGE_ACCOUNTS, {"business_unit", "outsider"}),
        (Permission.VIEW_PARTNERSHIP_JOBS, {"business_unit", "outsider"}),
        # The library: everyone of a partnership; each result then obeys its own page's rule.
        (
            Permission.SEARCH_LIBRARY,
            {"business_unit", "subgroup_member", "reviewer", "practitioner", "outsider"},
        ),
    ],
)
def test_partnership_wide_permissions_by_role(world, permission, allowed):
    # Without an object these ask "may this role do this in their own partnership?": the
    # outsider is a business unit user of another partnership, so has the same role rights.
    for name, user in users(world).items():
        assert user.has_perm(permission) == (name in allowed), (permission, name)


def test_user_without_partnership_or_inactive_has_no_rights(world):
    world.business_unit.partnership = None
    assert not p.is_business_unit(world.business_unit)
    world.subgroup_member.is_active = False
    assert not p.is_subgroup_member(world.subgroup_member)


def test_change_referral_business_unit_or_own_agency_lead(world):
    own = ReferralFactory(partnership=world.partnership, source_agency=world.police)
    other_agency = ReferralFactory(partnership=world.partnership, source_agency=world.health)
    foreign = ReferralFactory(partnership=world.other_partnership)
    perm = Permission.CHANGE_REFERRAL
    assert world.business_unit.has_perm(perm, own)
    assert world.business_unit.has_perm(perm, other_agency)
    assert world.subgroup_member.has_perm(perm, own)
    assert not world.subgroup_member.has_perm(perm, other_agency)
    assert not world.reviewer.has_perm(perm, own)
    assert not world.practitioner.has_perm(perm, own)
    assert not world.business_unit.has_perm(perm, foreign)
    assert not world.outsider.has_perm(perm, own)


def test_view_review_by_role(world):
    underway = ReviewFactory(partnership=world.partnership)
    published = ReviewFactory(partnership=world.partnership, published_on="2026-10-01")
    assigned = ReviewFactory(partnership=world.partnership, lead_reviewer=world.reviewer)
    also_assigned = ReviewFactory(partnership=world.partnership)
    also_assigned.reviewers.add(world.reviewer)
    perm = Permission.VIEW_REVIEW
    assert world.business_unit.has_perm(perm, underway)
    assert world.subgroup_member.has_perm(perm, underway)
    assert not world.reviewer.has_perm(perm, underway)
    assert world.reviewer.has_perm(perm, assigned)
    assert world.reviewer.has_perm(perm, also_assigned)
    assert not world.practitioner.has_perm(perm, underway)
    assert world.practitioner.has_perm(perm, published)
    assert not world.outsider.has_perm(perm, published)


def test_restricted_review_only_named_members(world):
    review = ReviewFactory(partnership=world.partnership, restricted=True)
    review.restricted_members.add(world.subgroup_member)
    perm = Permission.VIEW_REVIEW
    assert world.subgroup_member.has_perm(perm, review)
    assert not world.business_unit.has_perm(perm, review)
    assert not world.business_unit.has_perm(Permission.RESTRICT_REVIEW, review)
    review.restricted_members.add(world.business_unit)
    assert world.business_unit.has_perm(Permission.RESTRICT_REVIEW, review)


def test_change_review_and_delays(world):
    review = ReviewFactory(partnership=world.partnership, lead_reviewer=world.reviewer)
    other = ReviewFactory(partnership=world.partnership)
    for perm in (Permission.CHANGE_REVIEW, Permission.ADD_DELAY):
        assert world.business_unit.has_perm(perm, review)
        assert world.reviewer.has_perm(perm, review)
        assert not world.reviewer.has_perm(perm, other)
        assert not world.subgroup_member.has_perm(perm, review)
        assert not world.practitioner.has_perm(perm, review)
        assert not world.outsider.has_perm(perm, review)
