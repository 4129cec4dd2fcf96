"""The demo self-assessment: the police, twice a year apart, the later better on the issues
it worked on; loading twice adds nothing."""

from __future__ import annotations

import pytest

from casereviews.audits.self_assessment import demo, presenters, selectors
from casereviews.audits.self_assessment.models import SelfAssessment
from casereviews.portal.demo.loader import LEARNING_SEEDS, load_demo

pytestmark = pytest.mark.django_db


def test_demo_self_assessment_twice_a_year_apart():
    load_demo()
    demo.seed()
    demo.seed()
    rows = list(SelfAssessment.objects.order_by("period"))
    assert len(rows) == 2
    earlier, later = rows
    assert {r.agency.name for r in rows} == {"Northshire Police"}
    assert {r.started_by.username for r in rows} == {"agency.lead"}
    assert {r.status for r in rows} == {"completed"}
    assert int(later.period[:4]) == int(earlier.period[:4]) + 1
    assert selectors.previous_of(later) == earlier
    blocks = presenters.issue_blocks(selectors.answers_of(later), selectors.answers_of(earlier))
    changes = {r.answer.question.code: r.change for b in blocks for r in b.rows}
    assert changes["5.1"] == "better" and changes["13.1"] == "worse" and changes["1.1"] == "same"
    assert "casereviews.audits.self_assessment.demo.seed" in LEARNING_SEEDS
