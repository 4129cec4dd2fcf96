"""The demo briefings: two published, one draft with an open and a dismissed warning; twice
adds nothing."""

from __future__ import annotations

from casereviews.briefings import demo_briefings
from casereviews.briefings.models import Briefing
from casereviews.learning import demo_learning
from casereviews.portal.demo.loader import load_demo


def test_demo_briefings(db):
    load_demo()
    demo_learning.seed()  # a briefing of a review with no findings is not published
    demo_briefings.seed()
    demo_briefings.seed()
    rows = sorted(Briefing.objects.values_list("review__ref", "kind", "status"))
    assert rows == [
        ("Ref050", "six_step", "published"),
        ("Ref053", "seven_minute", "published"),
        ("Ref054", "seven_minute", "draft"),
    ]
    draft = Briefing.objects.get(status="draft")
    states = sorted(draft.warnings.values_list("state", "kind", "reason"))
    assert states == [
        ("dismissed", "name", demo_briefings.DISMISSED_REASON),
        ("open", "school", ""),
    ]
    for briefing in Briefing.objects.filter(status="published"):
        assert not briefing.warnings.exists()  # the demo's published text passes the check
        assert briefing.published_by.username == "business.unit"
