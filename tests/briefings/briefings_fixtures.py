"""Fixtures of the briefing tests (loaded with `pytest_plugins`; names start "bf_" because
plugin fixtures are global and the dissemination tests have their own `review` and `briefing`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.actions.models import Action, ActionUpdate, Rag, Recommendation, UpdateKind
from casereviews.briefings import services
from casereviews.briefings.models import BriefingKind
from casereviews.learning.models import Finding, TagSource, TagState, ThemeTag
from tests.briefings.briefing_data import SEVEN_MINUTE, SIX_STEP
from tests.factories import ReviewFactory


@pytest.fixture
def bf_review(world):
    """A review assigned to world.reviewer, with findings, themes, recommendations, actions."""
    review = ReviewFactory(
        partnership=world.partnership, ref="Ref053", summary="Extreme neglect and cruelty"
    )
    review.reviewers.add(world.reviewer)
    one = Finding.objects.create(
        review=review,
        number=1,
        title="Agencies assumed others held the concern",
        text="Each agency saw part of the picture and assumed another was acting on it.",
    )
    two = Finding.objects.create(
        review=review,
        number=2,
        title="",
        text="The child was not seen alone. His wishes were not recorded.",
    )
    for finding, theme, state in (
        (one, "information-sharing", TagState.ACCEPTED),
        (one, "neglect", TagState.ACCEPTED),
        (two, "voice-of-child", TagState.ACCEPTED),
        (two, "domestic-abuse", TagState.REJECTED),
        (two, "substance-misuse", TagState.SUGGESTED),
    ):
        ThemeTag.objects.create(
            finding=finding, theme_id=theme, source=TagSource.ENGINE, state=state
        )
    recommendation = Recommendation.objects.create(
        review=review, number=1, text="Use the Graded Care Profile when neglect is a concern."
    )
    Recommendation.objects.create(
        review=review, number=2, text="See children alone and record their words."
    )
    blue = Action.objects.create(
        partnership=world.partnership,
        recommendation=recommendation,
        agency=world.health,
        description="Train health visitors in the Graded Care Profile",
        lead_role="Named Nurse",
        due_on=dt.date(2026, 6, 1),
        status=Rag.BLUE,
        completed_on=dt.date(2026, 5, 20),
    )
    ActionUpdate.objects.create(
        action=blue,
        kind=UpdateKind.EVIDENCE,
        written_on=dt.date(2026, 7, 1),
        text="An audit of 40 cases found the profile used in 36.",
    )
    Action.objects.create(
        partnership=world.partnership,
        recommendation=recommendation,
        agency=world.police,
        description="Brief response officers on neglect",
        lead_role="Detective Inspector",
        due_on=dt.date(2026, 4, 1),
        status=Rag.GREEN,
        completed_on=dt.date(2026, 3, 28),
    )
    Action.objects.create(
        partnership=world.partnership,
        recommendation=recommendation,
        agency=world.police,
        description="Audit neglect referrals",
        lead_role="Detective Inspector",
        due_on=dt.date(2026, 12, 1),
        status=Rag.AMBER,
    )
    return review


@pytest.fixture
def bf_unassigned(world):
    """A review of the partnership world.reviewer is not assigned to."""
    return ReviewFactory(partnership=world.partnership, ref="Ref058")


@pytest.fixture
def bf_draft(world, bf_review):
    return services.create_briefing(
        world.business_unit,
        bf_review,
        BriefingKind.SEVEN_MINUTE,
        title="Seeing the whole picture",
        sections=SEVEN_MINUTE,
    )


@pytest.fixture
def bf_published(world, bf_review):
    briefing = services.create_briefing(
        world.business_unit,
        bf_review,
        BriefingKind.SIX_STEP,
        title="Exploitation hidden in plain sight",
        sections=SIX_STEP,
    )
    return services.publish(world.business_unit, briefing, briefing.version)


@pytest.fixture
def bf_theirs(world):
    """A published briefing of the other partnership."""
    review = ReviewFactory(partnership=world.other_partnership, ref="Ref001")
    Finding.objects.create(review=review, number=1, title="", text="Fathers were not seen.")
    briefing = services.create_briefing(
        world.outsider, review, BriefingKind.SIX_STEP, title="Theirs", sections=SIX_STEP
    )
    return services.publish(world.outsider, briefing, briefing.version)
