"""Who may convene, read, link to and record a joint audit: the business unit, a linked author,
a linked supervisor, an unlinked practitioner, an agency lead, another partnership and nobody."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from casereviews.accounts.roles import Permission
from casereviews.audits import services as audits
from casereviews.audits.joint import selectors, services
from tests.audits.test_rules import who_may

pytestmark = pytest.mark.django_db


def test_only_the_business_unit_convenes(world):
    assert who_may(world, Permission.START_JOINT_AUDIT) == {"business_unit", "outsider"}
    assert not AnonymousUser().has_perm(Permission.START_JOINT_AUDIT)


def test_linked_authors_and_supervisors_read_it_others_do_not(
    world, joint, health_audit, manager, colleague
):
    assert who_may(world, Permission.VIEW_JOINT_AUDIT, joint) == {"business_unit"}
    services.link(world.practitioner, joint, health_audit)
    readers = who_may(
        world, Permission.VIEW_JOINT_AUDIT, joint, manager=manager, colleague=colleague
    )
    # The agency lead of health, the reviewer, an unlinked colleague and the outsider do not.
    assert readers == {"business_unit", "practitioner", "manager"}
    assert not AnonymousUser().has_perm(Permission.VIEW_JOINT_AUDIT, joint)


def test_who_links_an_audit(world, joint, health_audit, officer, colleague):
    linkers = who_may(
        world, Permission.LINK_JOINT_AUDIT, joint, officer=officer, colleague=colleague
    )
    # The officer has not audited the case yet; the practitioner has.
    assert linkers == {"business_unit", "practitioner"}


def test_only_the_business_unit_records_the_discussion_while_a_draft(world, joint, health_audit):
    services.link(world.practitioner, joint, health_audit)
    assert who_may(world, Permission.RECORD_JOINT_DISCUSSION, joint) == {"business_unit"}
    joint.status = "agreed"
    assert who_may(world, Permission.RECORD_JOINT_DISCUSSION, joint) == set()
    assert who_may(world, Permission.LINK_JOINT_AUDIT, joint) == set()


def test_each_agency_sees_and_edits_only_its_own_part_until_the_discussion(
    world, joint, health_audit, police_audit, officer, manager
):
    services.link(world.business_unit, joint, health_audit)
    services.link(world.business_unit, joint, police_audit)
    # Each agency's part is its own audit: read and changed by its own people only.
    assert not officer.has_perm(Permission.VIEW_CASE_AUDIT, health_audit)
    assert not world.practitioner.has_perm(Permission.VIEW_CASE_AUDIT, police_audit)
    assert officer.has_perm(Permission.CHANGE_CASE_AUDIT, police_audit)
    assert not world.practitioner.has_perm(Permission.CHANGE_CASE_AUDIT, police_audit)
    assert not world.business_unit.has_perm(Permission.CHANGE_CASE_AUDIT, police_audit)
    # On the joint page the police officer, still drafting, sees only the police part; health,
    # whose audit is completed, sees both; the business unit sees both.
    agencies = {
        name: {v.agency for v in selectors.side_by_side(joint, user)[0].agencies}
        for name, user in {
            "officer": officer,
            "practitioner": world.practitioner,
            "manager": manager,
            "business_unit": world.business_unit,
        }.items()
    }
    both = {"Northshire Health", "Northshire Police"}
    assert agencies == {
        "officer": {"Northshire Police"},
        "practitioner": both,
        "manager": both,
        "business_unit": both,
    }
    # Nobody but the business unit writes the discussion.
    assert who_may(
        world, Permission.RECORD_JOINT_DISCUSSION, joint, officer=officer, manager=manager
    ) == {"business_unit"}
    audits.complete(officer, police_audit)
    assert {v.agency for v in selectors.side_by_side(joint, officer)[0].agencies} == both


def test_another_partnership_finds_nothing(world, joint, health_audit):
    services.link(world.practitioner, joint, health_audit)
    outsider = world.outsider
    assert not selectors.visible_joints(outsider).exists()
    with pytest.raises(Http404):
        selectors.get_joint(outsider, joint.pk)
    for permission in (
        Permission.VIEW_JOINT_AUDIT,
        Permission.LINK_JOINT_AUDIT,
        Permission.RECORD_JOINT_DISCUSSION,
        Permission.RAISE_JOINT_ACTION,
        Permission.DOWNLOAD_JOINT_AUDIT,
    ):
        assert not outsider.has_perm(permission, joint)
    joint.status = "agreed"
    assert not outsider.has_perm(Permission.DOWNLOAD_JOINT_AUDIT, joint)
    assert not outsider.has_perm(Permission.RAISE_JOINT_ACTION, joint)
