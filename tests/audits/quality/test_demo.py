"""The demo quality ratings: two reviews, one rated on all 18 markers, one part-way by its
lead reviewer; loading twice adds nothing."""

from __future__ import annotations

import pytest

from casereviews.audits.quality import demo
from casereviews.audits.quality.models import QualityRating
from casereviews.portal.demo.loader import LEARNING_SEEDS, load_demo

pytestmark = pytest.mark.django_db


def test_demo_quality_ratings():
    load_demo()
    demo.seed()
    demo.seed()
    by_review: dict[str, list[QualityRating]] = {}
    for row in QualityRating.objects.select_related("review", "rated_by"):
        by_review.setdefault(row.review.ref, []).append(row)
    assert {ref: len(rows) for ref, rows in by_review.items()} == {"Ref021": 18, "Ref053": 8}
    assert {r.rated_by.username for r in by_review["Ref021"]} == {"business.unit"}
    assert {r.rated_by.username for r in by_review["Ref053"]} == {"reviewer"}
    assert "casereviews.audits.quality.demo.seed" in LEARNING_SEEDS
