"""The dashboard's "What falls due" panel loads only the first few of each kind: the same first
items, count and overdue count as the whole list (due_for, which the emails send), with many
actions due on the same days, clocks running and missed, reviews overdue and at risk and
briefings waiting to be shared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.actions.models import Action, Rag, Recommendation
from casereviews.briefings.models import Briefing, BriefingKind, BriefingStatus, Dissemination
from casereviews.referrals.models import Referral
from casereviews.reminders.selectors import due_for, first_due_for
from tests.factories import ReviewFactory
from tests.reminders.conftest import TODAY


def _bulk(world, plan, size, batch="A"):
    """`size` open actions due on a few days around today (many on the same day), referrals
    whose clocks started on each of the last `size` days, reviews initiated on each of `size`
    days around the at-risk and overdue edges, and `size` published briefings."""
    rec = Recommendation.objects.get(review=plan["review"])
    agencies = (world.police, world.health)
    Action.objects.bulk_create(
        Action(
            partnership=world.partnership,
            recommendation=rec,
            agency=agencies[n % 2],
            description="An action.",
            lead_role="Lead",
            due_on=TODAY + dt.timedelta(days=(n % 9) * 3 - 12),
            status=(Rag.RED, Rag.AMBER, Rag.GREEN)[n % 3],
        )
        for n in range(size * 4)
    )
    Referral.objects.bulk_create(
        Referral(
            partnership=world.partnership,
            source_agency=agencies[n % 2],
            received_on=TODAY - dt.timedelta(days=n % 5),
            la_aware_on=TODAY - dt.timedelta(days=n),
            notified_on=TODAY - dt.timedelta(days=n) if n % 2 else None,
            child_pseudonym=f"Child {batch}{n:03d}",
            age_years=4,
            gender="female",
            summary="A summary.",
        )
        for n in range(size)
    )
    for n in range(size):
        review = ReviewFactory(
            partnership=world.partnership,
            ref=f"Bulk{batch}{n:03d}",
            initiated_on=dt.date(2026, 5, 20) + dt.timedelta(days=n * 2),
        )
        briefing = Briefing.objects.create(
            partnership=world.partnership,
            review=review,
            kind=BriefingKind.SEVEN_MINUTE,
            title=f"Briefing {n}",
            status=BriefingStatus.PUBLISHED,
            published_on=TODAY - dt.timedelta(days=n * 3 % 50),
        )
        if n % 3 == 0:
            Dissemination.objects.create(
                briefing=briefing,
                agency=agencies[n % 2],
                method="team_meeting",
                shared_on=TODAY,
                staff_reached=3,
            )


@pytest.mark.parametrize("size", [3, 30])
def test_the_first_few_count_and_overdue_as_in_the_whole_list(world, plan, referral, size):
    _bulk(world, plan, size)
    for user in (world.business_unit, world.subgroup_member, world.reviewer):
        everything = due_for(user, TODAY)
        assert {i.kind for i in everything} >= (
            {"action", "referral_clock", "briefing"} if user != world.reviewer else set()
        )
        for first in (1, 3, 8, 25, len(everything) + 1):
            found = first_due_for(user, TODAY, first)
            assert found.items == everything[:first], (user, first)
            assert found.count == len(everything)
            assert found.overdue == sum(i.overdue for i in everything)


def _panel_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_actions_referrals_and_briefings(
    world, plan, referral, client_for
):
    client = client_for(world.business_unit)
    _bulk(world, plan, 3)
    few = _panel_queries(client)
    _bulk(world, plan, 30, batch="B")
    assert _panel_queries(client) == few
    page = client.get("/").content.decode()
    assert "most urgent of" in page  # the referral clocks: 20 of more
    panel = page.split("What falls due")[1]
    assert panel.count('class="govuk-table__row"') == 1 + 8  # a head and the first 8
    # every kind counted under it, with the page that has them all: the overdue actions and the
    # briefings waiting to be shared among them, though older referral clocks come first
    everything = due_for(world.business_unit, TODAY)
    actions = [i for i in everything if i.kind == "action"]
    briefings = [i for i in everything if i.kind == "briefing"]
    overdue_actions = sum(i.overdue for i in actions)
    assert (
        f'<a class="govuk-link" href="/actions/escalation/">{len(actions)} actions, '
        f"{overdue_actions} overdue</a>" in panel
    )
    assert f'href="/briefings/sharing/">{len(briefings)} briefings to share' in panel


def test_agency_lead_is_pointed_to_their_overdue_actions_on_the_plan(
    world, plan, referral, client_for
):
    _bulk(world, plan, 30)
    panel = client_for(world.subgroup_member).get("/").content.decode().split("What falls due")[1]
    assert 'href="/actions/?due=overdue">' in panel
    assert "/actions/escalation/" not in panel and "/briefings/sharing/" not in panel
    assert "briefings to share" in panel
