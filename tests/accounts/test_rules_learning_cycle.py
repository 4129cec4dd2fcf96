"""The rules of issue 4 (findings, actions, briefings, dissemination, newsletters), each
predicate for each role, in and out of the partnership, with restricted reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.accounts import permissions as p
from casereviews.accounts.roles import Permission
from casereviews.actions.models import Action, Recommendation
from casereviews.briefings.models import Briefing, Newsletter
from casereviews.learning.models import Finding
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

ROLES = ["business_unit", "subgroup_member", "other_subgroup_member", "reviewer", "practitioner"]


def who_may(world, permission, obj=None) -> set[str]:
    users = {name: getattr(world, name) for name in [*ROLES, "outsider"]}
    return {name for name, user in users.items() if user.has_perm(permission, obj)}


@pytest.fixture
def review(world):
    return ReviewFactory(partnership=world.partnership, lead_reviewer=world.reviewer)


@pytest.fixture
def unassigned_review(world):
    return ReviewFactory(partnership=world.partnership)


def _action(review, agency) -> Action:
    recommendation = Recommendation.objects.create(review=review, number=1, text="Think family")
    return Action.objects.create(
        partnership=review.partnership,
        recommendation=recommendation,
        agency=agency,
        description="Audit 20 cases",
        lead_role="Named nurse",
        due_on=dt.date(2027, 1, 31),
    )


def _briefing(review, status="draft") -> Briefing:
    return Briefing.objects.create(
        partnership=review.partnership,
        review=review,
        kind="seven_minute",
        title="Seven minutes on neglect",
        status=status,
        published_on=dt.date(2026, 11, 1) if status == "published" else None,
    )


def test_review_of_finds_the_review_of_any_record(world, review):
    finding = Finding.objects.create(review=review, number=1, text="x")
    action = _action(review, world.police)
    briefing = _briefing(review)
    assert p.review_of(review) == review
    assert p.review_of(finding) == review
    assert p.review_of(action) == review
    assert p.review_of(briefing) == review
    assert p.review_of(None) is None


def test_findings_are_seen_as_the_review_is_and_changed_by_its_authors(world, review):
    finding_rights = who_may(world, Permission.CHANGE_FINDINGS, review)
    assert finding_rights == {"business_unit", "reviewer"}
    assert who_may(world, Permission.VIEW_FINDINGS, review) == {
        "business_unit",
        "subgroup_member",
        "other_subgroup_member",
        "reviewer",
    }


def test_a_reviewer_not_assigned_cannot_write_findings(world, unassigned_review):
    assert "reviewer" not in who_may(world, Permission.CHANGE_FINDINGS, unassigned_review)
    assert "reviewer" not in who_may(world, Permission.CHANGE_RECOMMENDATIONS, unassigned_review)


def test_an_agency_lead_updates_only_their_own_agencys_actions(world, review):
    police_action = _action(review, world.police)
    assert who_may(world, Permission.UPDATE_ACTION, police_action) == {
        "business_unit",
        "subgroup_member",
    }
    assert who_may(world, Permission.VIEW_ACTION, police_action) == {
        "business_unit",
        "subgroup_member",
        "other_subgroup_member",
    }


def test_actions_of_a_restricted_review_are_only_for_its_members(world, review):
    action = _action(review, world.police)
    review.restricted = True
    review.save()
    assert who_may(world, Permission.VIEW_ACTION, action) == set()
    review.restricted_members.add(world.subgroup_member)
    assert who_may(world, Permission.VIEW_ACTION, action) == {"subgroup_member"}
    assert who_may(world, Permission.UPDATE_ACTION, action) == {"subgroup_member"}


def test_plan_wide_action_rights_by_role(world):
    assert who_may(world, Permission.VIEW_ACTION_PLAN) == {
        "business_unit",
        "subgroup_member",
        "other_subgroup_member",
        "outsider",  # of their own partnership's plan
    }
    assert who_may(world, Permission.VIEW_ESCALATION) == {"business_unit", "outsider"}
    assert who_may(world, Permission.IMPORT_ACTIONS) == {
        "business_unit",
        "subgroup_member",
        "other_subgroup_member",
        "outsider",
    }
    world.subgroup_member.agency = None
    assert not p.has_agency(world.subgroup_member)
    assert not world.subgroup_member.has_perm(Permission.ADD_ACTION)


def test_a_draft_briefing_is_for_its_authors_and_the_board(world, review):
    draft = _briefing(review)
    assert who_may(world, Permission.VIEW_BRIEFING, draft) == {
        "business_unit",
        "subgroup_member",
        "other_subgroup_member",
        "reviewer",
    }
    assert who_may(world, Permission.CHANGE_BRIEFING, draft) == {"business_unit", "reviewer"}
    assert who_may(world, Permission.PUBLISH_BRIEFING, draft) == {"business_unit"}
    assert who_may(world, Permission.RECORD_DISSEMINATION, draft) == set()


def test_a_published_briefing_is_for_everyone_of_the_partnership_and_no_longer_changes(
    world, review
):
    published = _briefing(review, status="published")
    assert who_may(world, Permission.VIEW_BRIEFING, published) == set(ROLES)
    assert who_may(world, Permission.CHANGE_BRIEFING, published) == set()
    assert who_may(world, Permission.PUBLISH_BRIEFING, published) == set()
    assert who_may(world, Permission.RECORD_DISSEMINATION, published) == {
        "business_unit",
        "subgroup_member",
        "other_subgroup_member",
    }


def test_a_draft_briefing_of_a_restricted_review_is_only_for_its_members(world, review):
    draft = _briefing(review)
    review.restricted = True
    review.save()
    assert who_may(world, Permission.VIEW_BRIEFING, draft) == set()
    review.restricted_members.add(world.business_unit)
    assert who_may(world, Permission.VIEW_BRIEFING, draft) == {"business_unit"}


def test_newsletters(world):
    draft = Newsletter.objects.create(
        partnership=world.partnership, title="Spring", issue_date=dt.date(2027, 3, 1)
    )
    assert who_may(world, Permission.VIEW_NEWSLETTER, draft) == {"business_unit"}
    draft.status = "published"
    assert who_may(world, Permission.VIEW_NEWSLETTER, draft) == set(ROLES)
    assert who_may(world, Permission.MANAGE_NEWSLETTERS) == {"business_unit", "outsider"}
    assert who_may(world, Permission.TRACK_DISSEMINATION) == {"business_unit", "outsider"}
