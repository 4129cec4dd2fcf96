"""The demo findings: made through the services, with decisions of both kinds, idempotent."""

from __future__ import annotations

import pytest

from casereviews.learning import demo_learning
from casereviews.learning.models import Finding, ReviewReport, TagEvent, ThemeTag
from casereviews.portal.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_demo_findings_show_the_engine_and_people(files_root):
    load_demo()
    demo_learning.seed()
    counts = (Finding.objects.count(), ThemeTag.objects.count(), TagEvent.objects.count())
    assert counts[0] == len(demo_learning.FINDINGS)
    states = set(ThemeTag.objects.values_list("state", flat=True))
    assert {"suggested", "accepted", "rejected"} <= states
    assert ThemeTag.objects.filter(source="person").exists()
    kinds = set(TagEvent.objects.values_list("kind", flat=True))
    assert {"suggested", "accepted", "rejected", "added"} <= kinds
    for tag in ThemeTag.objects.filter(finding__isnull=False, source="engine"):
        for e in tag.evidence:
            assert tag.finding.text[e["start"] : e["end"]] == e["text"]
    for finding in Finding.objects.all():
        assert "Child" in finding.text or "children" in finding.text
    report = ReviewReport.objects.get()
    assert report.review.ref == "Ref053" and report.tags.exists()

    demo_learning.seed()
    again = (Finding.objects.count(), ThemeTag.objects.count(), TagEvent.objects.count())
    assert again == counts
    assert ReviewReport.objects.count() == 1
