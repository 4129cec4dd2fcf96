"""Who may do what with a self-assessment: the owning agency's lead, a practitioner of that
agency (reads, no right to change), another agency's lead, the business unit, a reviewer,
another partnership and nobody signed in. Each predicate on its own first."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from casereviews.accounts import permissions as p
from casereviews.accounts.roles import Permission
from casereviews.audits.self_assessment import services
from tests.factories import UserFactory

from .conftest import rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_officer(world):
    return UserFactory(
        username="pc", partnership=world.partnership, agency=world.police, role="practitioner"
    )


def who_may(world, permission, obj=None, **extra) -> set[str]:
    names = ["business_unit", "subgroup_member", "other_subgroup_member", "reviewer", "outsider"]
    users = {name: getattr(world, name) for name in names} | extra
    return {name for name, user in users.items() if user.has_perm(permission, obj)}


def test_of_own_agency(world, draft):
    assert p.of_own_agency(world.subgroup_member, draft)
    assert not p.of_own_agency(world.other_subgroup_member, draft)
    assert not p.of_own_agency(world.business_unit, draft)  # no agency of their own
    assert not p.of_own_agency(world.subgroup_member, None)


def test_self_assessment_is_draft(world, draft):
    assert p.self_assessment_is_draft(world.subgroup_member, draft)
    rate_all(world.subgroup_member, draft)
    services.complete(world.subgroup_member, draft)
    assert not p.self_assessment_is_draft(world.subgroup_member, draft)
    assert not p.self_assessment_is_draft(world.subgroup_member, None)


def test_self_assessment_is_completed(world, draft):
    assert not p.self_assessment_is_completed(world.business_unit, draft)
    rate_all(world.subgroup_member, draft)
    services.complete(world.subgroup_member, draft)
    assert p.self_assessment_is_completed(world.business_unit, draft)
    assert not p.self_assessment_is_completed(world.business_unit, None)


def test_who_uses_and_starts_self_assessments(world, police_officer):
    users = {"police_officer": police_officer}
    assert who_may(world, Permission.VIEW_SELF_ASSESSMENTS, **users) == {
        "business_unit", "subgroup_member", "other_subgroup_member", "police_officer", "outsider",
    }  # fmt: skip
    assert who_may(world, Permission.START_SELF_ASSESSMENT, **users) == {
        "business_unit", "subgroup_member", "other_subgroup_member", "outsider",
    }  # fmt: skip
    assert not AnonymousUser().has_perm(Permission.VIEW_SELF_ASSESSMENTS)


def test_an_assessment_is_seen_by_its_agency_and_the_business_unit(world, draft, police_officer):
    seen = who_may(world, Permission.VIEW_SELF_ASSESSMENT, draft, police_officer=police_officer)
    # Not health's lead (another agency), not the reviewer, not another partnership.
    assert seen == {"business_unit", "subgroup_member", "police_officer"}
    assert not AnonymousUser().has_perm(Permission.VIEW_SELF_ASSESSMENT, draft)


def test_only_the_owning_lead_and_the_business_unit_answer_a_draft(world, draft, police_officer):
    extra = {"police_officer": police_officer}
    changers = who_may(world, Permission.CHANGE_SELF_ASSESSMENT, draft, **extra)
    assert changers == {"business_unit", "subgroup_member"}
    assert not AnonymousUser().has_perm(Permission.CHANGE_SELF_ASSESSMENT, draft)
    rate_all(world.subgroup_member, draft)
    services.complete(world.subgroup_member, draft)
    assert who_may(world, Permission.CHANGE_SELF_ASSESSMENT, draft, **extra) == set()


def test_sets_and_the_picture_are_the_business_units(world, police_officer):
    for permission in (Permission.MANAGE_ISSUE_SETS, Permission.VIEW_SELF_ASSESSMENT_PICTURE):
        assert who_may(world, permission, police_officer=police_officer) == {
            "business_unit",
            "outsider",  # their own partnership's business unit: their own sets, not ours
        }
        assert not AnonymousUser().has_perm(permission)
