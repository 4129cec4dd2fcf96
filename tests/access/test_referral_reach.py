"""A restricted review's referral is its members' alone: the rules and the decision service say
so themselves, not only the selectors (issue 16, point 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from casereviews.accounts.roles import Permission
from casereviews.referrals import services
from casereviews.referrals.models import Decision
from casereviews.reviews import services as reviews
from tests.factories import ReferralFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

DECISION = {"meeting_on": dt.date(2026, 10, 20), "outcome": "thematic", "rationale": "Broader."}


@pytest.fixture
def referral(world):
    """A police referral whose review is restricted to the business unit and the police lead."""
    referral = ReferralFactory(partnership=world.partnership, source_agency=world.police)
    review = ReviewFactory(partnership=world.partnership, referral=referral, review_type="scr")
    reviews.set_access(
        world.business_unit, review, restricted=True, members=[world.subgroup_member]
    )
    return referral


@pytest.fixture
def outsiders(world):
    """Business unit and a police lead of our partnership who are not members."""
    return [
        UserFactory(username="bu2", partnership=world.partnership, role="business_unit"),
        UserFactory(
            username="lead3",
            partnership=world.partnership,
            agency=world.police,
            role="subgroup_member",
        ),
    ]


@pytest.mark.parametrize(
    "permission",
    [Permission.VIEW_REFERRALS, Permission.CHANGE_REFERRAL, Permission.RECORD_DECISION],
)
def test_only_members_may_see_change_or_decide(world, referral, outsiders, permission):
    allowed = {
        Permission.VIEW_REFERRALS: [world.business_unit, world.subgroup_member],
        Permission.CHANGE_REFERRAL: [world.business_unit, world.subgroup_member],
        Permission.RECORD_DECISION: [world.business_unit],
    }[permission]
    for user in allowed:
        assert user.has_perm(permission, referral), user.username
    for user in [*outsiders, world.outsider, world.reviewer, world.practitioner]:
        assert not user.has_perm(permission, referral), user.username


def test_the_list_permission_is_unchanged_without_a_record(world, outsiders):
    assert outsiders[0].has_perm(Permission.VIEW_REFERRALS)
    assert outsiders[0].has_perm(Permission.RECORD_DECISION)


def test_the_decision_service_refuses_a_non_member(world, referral, outsiders):
    for user in [*outsiders, world.outsider]:
        with pytest.raises(PermissionDenied):
            services.record_decision(user, referral, DECISION)
    assert not Decision.objects.filter(referral=referral).exists()
    assert referral.reviews.get().review_type == "scr"
    services.record_decision(world.business_unit, referral, DECISION)
    assert referral.reviews.get().review_type == "thematic"


def test_the_edit_service_refuses_a_non_member(world, referral, outsiders):
    with pytest.raises(PermissionDenied):
        services.update_referral(outsiders[1], referral, {"summary": "Changed"})
    referral.refresh_from_db()
    assert referral.summary != "Changed"
