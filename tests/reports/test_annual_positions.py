"""The annual report's RAG position of each action on a day, worked out in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casereviews.actions.models import Action, ActionUpdate, Rag, Recommendation
from casereviews.reports.annual import data
from tests.factories import AgencyFactory, ReviewFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2017, 3, 31)


@pytest.fixture(params=["rag_positions", "_positions_by_lookups", "_positions_in_one_pass"])
def rag_positions(request):
    """The report's own choice for this database, and both ways on either database: each is
    the one the report takes on one of them, so both must give the same counts."""
    return getattr(data, request.param)


def _action(world, recommendation, description: str, status: str, created: dt.date) -> Action:
    action = Action.objects.create(
        partnership=world.partnership,
        recommendation=recommendation,
        agency=AgencyFactory(partnership=world.partnership),
        description=description,
        lead_role="Lead",
        due_on=dt.date(2018, 1, 1),
        status=status,
    )
    at = timezone.make_aware(dt.datetime.combine(created, dt.time(12)))
    Action.objects.filter(pk=action.pk).update(created_at=at)
    return action


def _change(action: Action, on: dt.date, before: str, after: str) -> None:
    ActionUpdate.objects.create(
        action=action, kind="status", written_on=on, status_from=before, status_to=after
    )


def test_each_actions_position_follows_its_history(world, rag_positions):
    review = ReviewFactory(partnership=world.partnership, ref="Ref021")
    rec = Recommendation.objects.create(review=review, number=1, text="Ask about the father.")
    made = dt.date(2016, 6, 1)
    unchanged = _action(world, rec, "unchanged", Rag.AMBER, made)
    changed_before = _action(world, rec, "changed before", Rag.GREEN, made)
    _change(changed_before, dt.date(2016, 9, 1), Rag.RED, Rag.AMBER)
    _change(changed_before, dt.date(2017, 5, 1), Rag.AMBER, Rag.GREEN)  # after the day
    changed_after = _action(world, rec, "changed after", Rag.BLUE, made)
    _change(changed_after, dt.date(2017, 6, 1), Rag.RED, Rag.BLUE)
    added_later = _action(world, rec, "added later", Rag.RED, dt.date(2017, 4, 10))
    # An imported tracker's row: added after the day, its history written before it.
    imported = _action(world, rec, "imported", Rag.GREEN, dt.date(2017, 4, 10))
    _change(imported, dt.date(2017, 1, 5), Rag.RED, Rag.AMBER)
    note_only = _action(world, rec, "a note, no change", Rag.RED, dt.date(2017, 4, 10))
    ActionUpdate.objects.create(action=note_only, kind="progress", written_on=DAY, text="Begun.")

    reader = data.Reader(world.partnership)
    days = [DAY, dt.date(2017, 7, 1)]

    def positions(action):
        """The counts for this one action alone."""
        return rag_positions(lambda qs: reader(qs).filter(pk=action.pk), days)

    assert positions(unchanged) == {(False, (Rag.AMBER, Rag.AMBER)): 1}
    assert positions(changed_before) == {(False, (Rag.AMBER, Rag.GREEN)): 1}
    assert positions(changed_after) == {(False, (Rag.RED, Rag.BLUE)): 1}
    assert positions(added_later) == {(False, (None, Rag.RED)): 1}
    assert positions(imported) == {(False, (Rag.AMBER, Rag.AMBER)): 1}
    assert positions(note_only) == {(False, (Rag.RED, Rag.RED)): 1}
    # all six together: counted, not listed
    assert rag_positions(reader, days) == {
        (False, (Rag.AMBER, Rag.AMBER)): 2,
        (False, (Rag.AMBER, Rag.GREEN)): 1,
        (False, (Rag.RED, Rag.BLUE)): 1,
        (False, (None, Rag.RED)): 1,
        (False, (Rag.RED, Rag.RED)): 1,
    }


def test_changes_on_one_day_follow_the_order_they_were_written(world, rag_positions):
    """Two changes written on one day: the later one (by id, compared as a number, not as
    text: 1,000,000,000 after 999,999,999) says where the action stood that day, and the
    earlier one's 'from' where it stood before."""
    review = ReviewFactory(partnership=world.partnership, ref="Ref022")
    rec = Recommendation.objects.create(review=review, number=1, text="Record the plan.")
    action = _action(world, rec, "twice in a day", Rag.GREEN, dt.date(2016, 6, 1))
    for pk, before, after in [(999_999_999, Rag.RED, Rag.AMBER), (10**9, Rag.AMBER, Rag.GREEN)]:
        ActionUpdate.objects.create(
            pk=pk,
            action=action,
            kind="status",
            written_on=DAY,
            status_from=before,
            status_to=after,
        )
    reader = data.Reader(world.partnership)
    days = [DAY - dt.timedelta(days=1), DAY]
    assert rag_positions(reader, days) == {(False, (Rag.RED, Rag.GREEN)): 1}
