"""Who may convene, read, link to and record a joint audit: the business unit, a linked author,
a linked supervisor, an unlinked practitioner, an agency lead, another partnership and nobody."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from casereviews.accounts.roles import Permission
from casereviews.audits.joint import services
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
