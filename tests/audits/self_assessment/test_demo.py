"""The demo self-assessments: the police, twice a year apart, the later better on the issues it
worked on, with one improvement action raised into the action plan; the hospital's safeguarding
children team this year (the demo practitioner's agency); loading twice adds nothing."""

from __future__ import annotations

import pytest

from casereviews.actions.models import Action
from casereviews.audits.self_assessment import demo, presenters, selectors
from casereviews.audits.self_assessment.models import SelfAssessment
from casereviews.portal.demo.loader import LEARNING_SEEDS, load_demo

pytestmark = pytest.mark.django_db


def test_demo_self_assessment_twice_a_year_apart():
    load_demo()
    demo.seed()
    demo.seed()
    rows = list(SelfAssessment.objects.filter(agency__name="Northshire Police").order_by("period"))
    assert len(rows) == 2
    earlier, later = rows
    assert {r.started_by.username for r in rows} == {"agency.lead"}
    assert {r.status for r in rows} == {"completed"}
    assert int(later.period[:4]) == int(earlier.period[:4]) + 1
    assert selectors.previous_of(later) == earlier
    blocks = presenters.issue_blocks(selectors.answers_of(later), selectors.answers_of(earlier))
    changes = {r.answer.question.code: r.change for b in blocks for r in b.rows}
    assert changes["5.1"] == "better" and changes["13.1"] == "worse" and changes["1.1"] == "same"
    assert "casereviews.audits.self_assessment.demo.seed" in LEARNING_SEEDS


def test_demo_raises_one_improvement_action_and_assesses_the_hospital():
    load_demo()
    demo.seed()
    demo.seed()
    raised = Action.objects.get(origin__startswith="Self-assessment ")
    assert raised.agency.name == "Northshire Police" and raised.recommendation is None
    assert "question 6.2" in raised.origin and raised.created_by.username == "agency.lead"
    hospital = SelfAssessment.objects.get(agency__name="Northshire General Hospital")
    assert hospital.team == "Safeguarding children team" and hospital.status == "completed"
    assert SelfAssessment.objects.count() == 3
