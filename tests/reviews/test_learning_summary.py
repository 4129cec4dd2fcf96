"""The review page says how far its learning has gone and links to each stage."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.actions.models import Action, Recommendation
from casereviews.briefings.models import Briefing
from casereviews.learning.models import Finding, ThemeTag
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def test_the_review_page_counts_findings_actions_and_briefings(world, client_for):
    review = ReviewFactory(partnership=world.partnership, ref="Ref053")
    finding = Finding.objects.create(review=review, number=1, text="Neglect was not seen.")
    ThemeTag.objects.create(finding=finding, theme_id="neglect", source="person", state="accepted")
    ThemeTag.objects.create(
        finding=finding, theme_id="domestic-abuse", source="engine", state="rejected"
    )
    recommendation = Recommendation.objects.create(review=review, number=1, text="Think family")
    for status in ("red", "green", "blue"):
        Action.objects.create(
            partnership=world.partnership,
            recommendation=recommendation,
            agency=world.police,
            description="Audit",
            lead_role="Lead",
            due_on=dt.date(2027, 1, 1),
            status=status,
        )
    Briefing.objects.create(
        partnership=world.partnership,
        review=review,
        kind="six_step",
        title="Six steps",
        status="published",
        published_on=dt.date(2026, 11, 1),
    )
    response = client_for(world.business_unit).get(f"/reviews/{review.pk}/")
    text = response.content.decode()
    assert "Learning from Ref053" in text
    assert "1 finding, 1 theme accepted" in text
    assert "1 recommendation, 3 actions (2 completed, 1 with evidence of impact)" in text
    assert "1 briefing, 1 published" in text
    assert f'href="/reviews/{review.pk}/findings/"' in text
    assert f'href="/reviews/{review.pk}/recommendations/"' in text
    assert f'href="/reviews/{review.pk}/briefings/"' in text


def test_a_review_with_no_learning_yet_says_so_in_numbers(world, client_for):
    review = ReviewFactory(partnership=world.partnership, ref="Ref054")
    text = client_for(world.business_unit).get(f"/reviews/{review.pk}/").content.decode()
    assert "0 findings, 0 themes accepted" in text
    assert "0 recommendations, 0 actions" in text
