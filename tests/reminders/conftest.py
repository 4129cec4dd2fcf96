"""The reminder tests' world: actions, a restricted review, a referral and a briefing of the
world's partnership, on Tuesday 1 December 2026."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from casereviews.actions import services as action_services
from casereviews.briefings.models import Briefing, BriefingKind, BriefingStatus
from tests.factories import ReferralFactory, ReviewFactory

TODAY = dt.date(2026, 12, 1)

# Child details planted in the records: none of them may reach a reminder.
CHILD_DETAILS = [
    "Child Q",
    "Extreme neglect and cruelty",
    "Scalds to a toddler",
    "Brief every response officer",
    "fathers' details",
    "Lessons from Child Q",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0), tick=False):
        yield


@pytest.fixture(autouse=True)
def _emails_and_site(world, settings):
    settings.CASEREVIEWS_SITE_URL = "http://testserver"
    for user in (
        world.business_unit,
        world.subgroup_member,
        world.other_subgroup_member,
        world.reviewer,
        world.practitioner,
        world.outsider,
    ):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def _action(bu, rec, agency, due_on, description="Brief every response officer on children."):
    return action_services.create_action(
        bu, rec, agency=agency, description=description, lead_role="Named lead", due_on=due_on
    )


@pytest.fixture
def plan(world):
    """Ref057: a police action overdue, one due in 10 days, one due in 30 days; a health action
    overdue. Ref099 (restricted to the business unit): a police action overdue."""
    bu = world.business_unit
    review = ReviewFactory(
        partnership=world.partnership, ref="Ref057", summary="Scalds to a toddler"
    )
    rec = action_services.create_recommendation(bu, review, text="Think family (Child Q).")
    restricted = ReviewFactory(partnership=world.partnership, ref="Ref099", restricted=True)
    restricted.restricted_members.add(bu)
    secret_rec = action_services.create_recommendation(bu, restricted, text="Child Q's school.")
    return {
        "overdue": _action(bu, rec, world.police, TODAY - dt.timedelta(days=20)),
        "soon": _action(bu, rec, world.police, TODAY + dt.timedelta(days=10)),
        "later": _action(bu, rec, world.police, TODAY + dt.timedelta(days=30)),
        "health": _action(
            bu, rec, world.health, TODAY - dt.timedelta(days=5), "Audit fathers' details."
        ),
        "restricted": _action(bu, secret_rec, world.police, TODAY - dt.timedelta(days=3)),
        "review": review,
        "restricted_review": restricted,
    }


@pytest.fixture
def other_partnership_action(world):
    from casereviews.accounts.models import Agency

    agency = Agency.objects.create(partnership=world.other_partnership, name="Southshire Police")
    review = ReviewFactory(partnership=world.other_partnership, ref="Ref777")
    rec = action_services.create_recommendation(world.outsider, review, text="Their own.")
    return _action(world.outsider, rec, agency, TODAY - dt.timedelta(days=40))


@pytest.fixture
def referral(world):
    """Notification missed: the local authority knew on 2 November and has not notified."""
    return ReferralFactory(
        partnership=world.partnership,
        source_agency=world.police,
        child_pseudonym="Child Q",
        la_aware_on=dt.date(2026, 11, 2),
        received_on=dt.date(2026, 11, 2),
        summary="Scalds to a toddler",
    )


@pytest.fixture
def briefing(world, plan):
    return Briefing.objects.create(
        partnership=world.partnership,
        review=plan["review"],
        kind=BriefingKind.SEVEN_MINUTE,
        title="Lessons from Child Q",
        sections={"background": "Child Q"},
        status=BriefingStatus.PUBLISHED,
        published_on=TODAY - dt.timedelta(days=40),
    )
