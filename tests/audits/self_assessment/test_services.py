"""Starting, saving part-way, completing and the default set, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereviews.audits.self_assessment import presenters, selectors, services
from casereviews.audits.self_assessment.issues import DEFAULT_ISSUES
from casereviews.audits.self_assessment.models import IssueSet, SelfAssessment
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog

from .conftest import rate_all, start_for

pytestmark = pytest.mark.django_db


def test_the_default_set_holds_seed_003s_fourteen_issues_with_mapped_questions():
    assert [i.number for i in DEFAULT_ISSUES] == list(range(1, 15))
    taxonomy = {
        "information-sharing", "professional-curiosity", "adolescents", "babies-injury",
        "thresholds-referrals", "escalation", "recording", "parental-mental-health",
    }  # fmt: skip
    for issue in DEFAULT_ISSUES:
        assert 3 <= len(issue.questions) <= 5, issue.title
        assert issue.taxonomy_ids and set(issue.taxonomy_ids) <= taxonomy


def test_starting_stores_the_default_set_once_and_an_empty_answer_per_question(world, draft):
    assert draft.issue_set.is_default
    answers = selectors.answers_of(draft)
    assert len(answers) == sum(len(i.questions) for i in DEFAULT_ISSUES)
    assert answers[0].question.code == "1.1" and not answers[0].rating
    start_for(world, period="2017-18")
    assert IssueSet.objects.filter(partnership=world.partnership).count() == 1
    entry = AuditLog.objects.filter(object_type="audits.SelfAssessment", object_id=str(draft.pk))
    assert entry.get().actor == world.subgroup_member


def test_an_agency_lead_starts_only_for_their_own_agency(world):
    with pytest.raises(ValidationError) as caught:
        start_for(world, agency=world.health)
    assert "your agency, Northshire Police" in caught.value.message_dict["agency"][0]
    assert start_for(world, user=world.business_unit, agency=world.health).agency == world.health


def test_a_practitioner_cannot_start_one(world):
    with pytest.raises(PermissionDenied):
        start_for(world, user=world.practitioner, agency=world.health)


@pytest.mark.parametrize("period", ["2016", "2016-18", "16-17", ""])
def test_the_period_is_a_reporting_year(world, period):
    with pytest.raises(ValidationError) as caught:
        start_for(world, period=period)
    assert "for example 2016-17" in caught.value.message_dict["period"][0]


def test_the_same_agency_and_year_twice_is_refused(world, draft):
    with pytest.raises(ValidationError) as caught:
        start_for(world)
    assert "already has a self-assessment" in caught.value.message_dict["period"][0]
    assert start_for(world, team="Public protection unit").team == "Public protection unit"


def test_save_part_way_then_complete_lists_every_question_without_a_rating(world, draft):
    first = selectors.answers_of(draft)[0]
    services.save_answers(
        world.subgroup_member,
        draft,
        {first.question_id: {"rating": "red", "evidence": "No protocol known to staff."}},
        draft.version,
    )
    with pytest.raises(ValidationError) as caught:
        services.complete(world.subgroup_member, draft)
    errors = caught.value.message_dict
    assert len(errors) == len(selectors.answers_of(draft)) - 1
    assert f"q{first.question_id}-rating" not in errors
    assert "Question 1.2 (Disagreement about use of early help assessment)" in "".join(
        errors[f"q{selectors.answers_of(draft)[1].question_id}-rating"]
    )
    # Nothing lost: the saved answer is still there, still a draft.
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert selectors.answers_of(draft)[0].evidence == "No protocol known to staff."
    rate_all(world.subgroup_member, draft, "green")
    assert services.complete(world.subgroup_member, draft).status == "completed"


def test_a_stale_save_is_refused_and_writes_nothing(world, draft):
    first = selectors.answers_of(draft)[0]
    old = draft.version
    services.save_answers(world.subgroup_member, draft, {first.question_id: {"rating": "red"}}, old)
    with pytest.raises(StaleRecordError):
        services.save_answers(
            world.business_unit,
            SelfAssessment.objects.get(pk=draft.pk),
            {first.question_id: {"rating": "green"}},
            old,
        )
    assert selectors.answers_of(draft)[0].rating == "red"


def test_a_completed_assessment_no_longer_changes(world, draft):
    rate_all(world.subgroup_member, draft)
    services.complete(world.subgroup_member, draft)
    with pytest.raises(PermissionDenied):
        rate_all(world.subgroup_member, draft, "green")


def test_change_since_last_time_compares_each_question_with_last_year(world):
    last_year = start_for(world, period="2015-16")
    rate_all(world.subgroup_member, last_year, "amber", **{"1.1": "red", "3.1": "green"})
    services.complete(world.subgroup_member, last_year)
    this_year = start_for(world, period="2016-17")
    rate_all(world.subgroup_member, this_year, "amber", **{"1.1": "green", "3.1": "red"})
    assert selectors.previous_of(this_year) == last_year
    before = selectors.answers_of(last_year)
    blocks = presenters.issue_blocks(selectors.answers_of(this_year), before)
    by_code = {r.answer.question.code: r for b in blocks for r in b.rows}
    assert (by_code["1.1"].previous, by_code["1.1"].change) == ("red", "better")
    assert (by_code["3.1"].previous, by_code["3.1"].change) == ("green", "worse")
    assert by_code["2.1"].change == "same"
    counts = presenters.change_counts(blocks)
    assert (counts["better"], counts["worse"]) == (1, 1)
    # The earlier year's draft is not "last time": only completed ones are.
    assert selectors.previous_of(last_year) is None


def test_a_partnership_adds_its_own_set(world):
    text = "Missing fathers\n- Do we know who they are?\n- Are they invited?\nDrift\n- Who checks?"
    issue_set = services.add_set(world.business_unit, world.partnership, "Local pledge", "", text)
    issues = selectors.issues_of(issue_set)
    assert [(i.title, i.questions.count()) for i in issues] == [
        ("Missing fathers", 2),
        ("Drift", 1),
    ]
    assessment = start_for(world, issue_set=issue_set)
    assert len(selectors.answers_of(assessment)) == 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("- A question first\nIssue", "Line 1 is a question before any issue"),
        ("An issue without questions", "at least one question"),
        ("", "at least one issue"),
    ],
)
def test_a_set_that_cannot_be_read_says_why(world, text, words):
    with pytest.raises(ValidationError) as caught:
        services.add_set(world.business_unit, world.partnership, "Local", "", text)
    assert words in caught.value.message_dict["issues"][0]


def test_only_the_business_unit_adds_a_set(world):
    with pytest.raises(PermissionDenied):
        services.add_set(world.subgroup_member, world.partnership, "Mine", "", "A\n- b?")
