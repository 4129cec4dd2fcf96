"""The case audit rules, each predicate for each role: the author, the supervisor they name, a
colleague of the same agency, an agency lead, the business unit, a reviewer, another
partnership and nobody signed in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from casereviews.accounts import permissions as p
from casereviews.accounts.roles import Permission
from casereviews.audits import services

pytestmark = pytest.mark.django_db

NAMES = [
    "business_unit",
    "subgroup_member",
    "other_subgroup_member",
    "reviewer",
    "practitioner",
    "outsider",
]


def who_may(world, permission, obj=None, **extra) -> set[str]:
    users = {name: getattr(world, name) for name in NAMES} | extra
    return {name for name, user in users.items() if user.has_perm(permission, obj)}


def test_who_uses_the_tool_and_starts_an_audit(world, manager):
    everyone = {"business_unit", "subgroup_member", "other_subgroup_member", "practitioner"}
    # The outsider is their own partnership's business unit: the tool, not our audits.
    assert who_may(world, Permission.VIEW_CASE_AUDITS) == everyone | {"outsider"}
    assert who_may(world, Permission.START_CASE_AUDIT) == everyone | {"outsider"}
    assert not AnonymousUser().has_perm(Permission.VIEW_CASE_AUDITS)


def test_a_practitioner_without_an_agency_cannot_start(world):
    world.practitioner.agency = None
    assert not world.practitioner.has_perm(Permission.START_CASE_AUDIT)


def test_an_audit_is_seen_by_its_author_supervisor_and_the_business_unit(
    world, manager, colleague, draft
):
    seen = who_may(world, Permission.VIEW_CASE_AUDIT, draft, manager=manager, colleague=colleague)
    # Not the colleague of the same agency, not the health agency lead, not another partnership.
    assert seen == {"practitioner", "manager", "business_unit"}
    assert not AnonymousUser().has_perm(Permission.VIEW_CASE_AUDIT, draft)


def test_only_the_author_fills_in_a_draft(world, manager, draft):
    assert who_may(world, Permission.CHANGE_CASE_AUDIT, draft, manager=manager) == {"practitioner"}


def test_a_completed_audit_is_signed_off_by_the_supervisor_or_business_unit(
    world, manager, colleague, completed
):
    extra = {"manager": manager, "colleague": colleague}
    assert who_may(world, Permission.SIGN_OFF_CASE_AUDIT, completed, **extra) == {
        "manager",
        "business_unit",
    }
    assert who_may(world, Permission.CHANGE_CASE_AUDIT, completed, **extra) == set()
    assert who_may(world, Permission.REOPEN_CASE_AUDIT, completed, **extra) == {
        "practitioner",
        "manager",
    }
    assert who_may(world, Permission.DOWNLOAD_CASE_AUDIT, completed, **extra) == {
        "practitioner",
        "manager",
        "business_unit",
    }


def test_a_draft_is_not_downloaded_or_signed_off(world, manager, draft):
    assert who_may(world, Permission.DOWNLOAD_CASE_AUDIT, draft, manager=manager) == set()
    assert who_may(world, Permission.SIGN_OFF_CASE_AUDIT, draft, manager=manager) == set()


def test_a_signed_off_audit_is_final(world, manager, completed):
    services.sign_off(manager, completed, "")
    extra = {"manager": manager}
    assert who_may(world, Permission.SIGN_OFF_CASE_AUDIT, completed, **extra) == set()
    assert who_may(world, Permission.REOPEN_CASE_AUDIT, completed, **extra) == set()
    assert who_may(world, Permission.DOWNLOAD_CASE_AUDIT, completed, **extra) == {
        "practitioner",
        "manager",
        "business_unit",
    }


def test_only_the_business_unit_adapts_the_framework(world):
    assert who_may(world, Permission.MANAGE_AUDIT_FRAMEWORK) == {"business_unit", "outsider"}


def test_the_predicates_on_their_own(world, manager, draft, completed):
    assert p.is_audit_author(world.practitioner, draft)
    assert not p.is_audit_author(manager, draft)
    assert p.is_audit_supervisor(manager, draft)
    assert not p.is_audit_supervisor(world.practitioner, draft)
    assert not p.is_audit_supervisor(manager, None)
    assert p.audit_is_completed(manager, completed)
    assert p.audit_is_finished(manager, completed)
    assert not p.audit_is_draft(manager, completed)
    assert p.uses_case_audits(world.subgroup_member)
    assert not p.uses_case_audits(world.reviewer)
    draft.supervisor = None
    assert not p.is_audit_supervisor(manager, draft)


def test_who_sees_what_audits_add_up_to(world):
    assert who_may(world, Permission.VIEW_CASE_AUDIT_SUMMARY) == {
        "business_unit",
        "subgroup_member",
        "other_subgroup_member",
        "practitioner",
        "outsider",
    }
    world.subgroup_member.agency = None
    assert not world.subgroup_member.has_perm(Permission.VIEW_CASE_AUDIT_SUMMARY)
