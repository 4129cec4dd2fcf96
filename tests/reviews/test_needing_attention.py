"""The reviews at risk or overdue (dashboard, reminders) are chosen and ordered by the database:
the same reviews, in the same order, as the timeliness worked out in Python for each review."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from casereviews.core.clocks import Timeliness, publication_target, timeliness_of
from casereviews.reviews import selectors
from casereviews.reviews.models import DecisionOutcome, Review
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 1)


def _python_choice(reviews) -> list[str]:
    """The order the dashboard had when it sorted in Python: overdue, then at risk, each by
    publication target, ties in ref order."""
    order = [Timeliness.OVERDUE, Timeliness.AT_RISK]
    wanted = [r for r in sorted(reviews, key=lambda r: r.ref) if timeliness_of(r, TODAY) in order]
    return [
        r.ref
        for r in sorted(
            wanted,
            key=lambda r: (
                order.index(timeliness_of(r, TODAY)),
                publication_target(r.initiated_on),
            ),
        )
    ]


def test_same_reviews_and_order_as_python_across_the_boundaries(world):
    made = []
    # initiated every day from 1 January to 30 June 2026: targets 1 July to 31 December, so
    # the overdue/at-risk (target today) and at-risk/on-track (28 and 29 days away) edges
    day = dt.date(2026, 1, 1)
    n = 0
    while day <= dt.date(2026, 6, 30):
        made.append(
            ReviewFactory(
                partnership=world.partnership,
                ref=f"R{n:03d}",
                initiated_on=day,
                review_type=DecisionOutcome.CASE_MAPPING if n % 7 == 0 else DecisionOutcome.SCR,
                completed_on=day + dt.timedelta(days=30) if n % 5 == 0 else None,
                published_on=day + dt.timedelta(days=200) if n % 11 == 0 else None,
            )
        )
        day += dt.timedelta(days=1)
        n += 1
    made.append(ReviewFactory(partnership=world.partnership, ref="R999", initiated_on=None))
    with time_machine.travel(dt.datetime(2026, 10, 1, 10, 0), tick=False):
        chosen = selectors.needing_attention(selectors.visible_reviews(world.business_unit), TODAY)
        refs = [r.ref for r in chosen]
    expected = _python_choice(Review.objects.filter(pk__in=[r.pk for r in made]))
    assert refs == expected
    assert "R999" not in refs
    # the edges are there: target 1 October (today) is at risk, 29 October (28 days) too
    assert {"R090", "R118"} <= set(refs)  # 1 April and 29 April 2026
    assert "R119" not in refs  # 30 April 2026: target 30 October, on track


def test_other_partnerships_reviews_are_not_chosen(world):
    ReviewFactory(
        partnership=world.other_partnership, ref="Theirs", initiated_on=dt.date(2026, 1, 5)
    )
    ReviewFactory(partnership=world.partnership, ref="Ours", initiated_on=dt.date(2026, 1, 5))
    chosen = selectors.needing_attention(selectors.visible_reviews(world.business_unit), TODAY)
    assert [r.ref for r in chosen] == ["Ours"]


def test_publication_target_in_the_database_keeps_to_the_months_end(world):
    """The register's timeliness sort works the target out in SQL: 29, 30 and 31 August give
    28 February (29 in a leap year), as in Python, on SQLite as on PostgreSQL."""
    day = dt.date(2026, 8, 1)
    while day <= dt.date(2027, 9, 30):
        ReviewFactory(partnership=world.partnership, ref=f"T{day.isoformat()}", initiated_on=day)
        day += dt.timedelta(days=1)
    rows = Review.objects.annotate(target=selectors.PublicationTarget("initiated_on")).values_list(
        "initiated_on", "target"
    )
    assert len(rows) > 400
    for initiated, target in rows:
        assert target == publication_target(initiated), initiated
    assert publication_target(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
    assert publication_target(dt.date(2027, 8, 31)) == dt.date(2028, 2, 29)
