"""The demo briefings: two of seed 002's reviews published as history, the current year's
Ref098 published days ago, one draft with an open and a dismissed warning; twice adds
nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casereviews.briefings import demo_briefings
from casereviews.briefings.models import Briefing
from casereviews.learning import demo_learning
from casereviews.portal.demo import current
from casereviews.portal.demo.loader import load_demo


def test_demo_briefings(db):
    load_demo()
    demo_learning.seed()  # a briefing of a review with no findings is not published
    demo_briefings.seed()
    assert not Briefing.objects.filter(review__ref="Ref098").exists()  # no findings yet
    current.seed_learning()
    demo_briefings.seed()
    demo_briefings.seed()
    rows = sorted(Briefing.objects.values_list("review__ref", "kind", "status"))
    assert rows == [
        ("Ref050", "six_step", "published"),
        ("Ref053", "seven_minute", "published"),
        ("Ref054", "seven_minute", "draft"),
        ("Ref098", "seven_minute", "published"),
    ]
    # Seed 002's briefings weeks after their review (history); Ref098's days ago.
    published_on = dict(
        Briefing.objects.filter(status="published").values_list("review__ref", "published_on")
    )
    today = timezone.localdate()
    assert published_on["Ref098"] == today - dt.timedelta(days=10)
    assert published_on["Ref053"] == dt.date(2018, 7, 5)  # the review: 14 June 2018
    assert published_on["Ref050"].year <= 2018
    draft = Briefing.objects.get(status="draft")
    states = sorted(draft.warnings.values_list("state", "kind", "reason"))
    assert states == [
        ("dismissed", "name", demo_briefings.DISMISSED_REASON),
        ("open", "school", ""),
    ]
    for briefing in Briefing.objects.filter(status="published"):
        assert not briefing.warnings.exists()  # the demo's published text passes the check
        assert briefing.published_by.username == "business.unit"
