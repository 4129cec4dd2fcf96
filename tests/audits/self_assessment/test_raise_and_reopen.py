"""A completed self-assessment's improvement action raised into the partnership's action plan
(who may, once only, what the plan shows and links back to, audit entries), and the business
unit reopening a completed assessment with a reason, then completing it again."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.actions.models import Action
from casereviews.audits.self_assessment import selectors, services
from casereviews.audits.self_assessment.models import SelfAssessment
from casereviews.core.models import AuditLog

from .conftest import rate_all, start_for
from .test_rules import who_may

pytestmark = pytest.mark.django_db
DUE = dt.date(2027, 3, 31)
ACTION = "Brief response officers on contacts and referrals"


@pytest.fixture
def police_officer(world):
    from tests.factories import UserFactory

    return UserFactory(
        username="pc", partnership=world.partnership, agency=world.police, role="practitioner"
    )


def _with_action(world, assessment, code="2.1"):
    answers = {}
    for answer in selectors.answers_of(assessment):
        fields = {"rating": "amber"}
        if answer.question.code == code:
            fields |= {"rating": "red", "action": ACTION, "action_owner": "Training lead"}
            fields["action_due"] = DUE
        answers[answer.question_id] = fields
    services.save_answers(world.subgroup_member, assessment, answers, assessment.version)
    return next(a for a in selectors.answers_of(assessment) if a.question.code == code)


@pytest.fixture
def completed(world, draft):
    answer = _with_action(world, draft)
    services.complete(world.subgroup_member, draft)
    answer.assessment.refresh_from_db()
    return answer


def test_who_may_raise_only_a_completed_assessments_action(world, draft, police_officer):
    assert who_may(world, Permission.RAISE_SELF_ASSESSMENT_ACTION, draft) == set()
    _with_action(world, draft)
    services.complete(world.subgroup_member, draft)
    allowed = who_may(world, Permission.RAISE_SELF_ASSESSMENT_ACTION, draft, pc=police_officer)
    # The business unit and the police's own lead; not a police practitioner, not another
    # agency's lead, not a reviewer, not another partnership.
    assert allowed == {"business_unit", "subgroup_member"}


def test_raising_adds_a_red_action_owned_by_the_agency_once(world, completed):
    answer = services.raise_action(
        world.subgroup_member, completed, lead_role="Training lead", due_on=DUE
    )
    action = Action.objects.get()
    assert answer.raised_action == action
    assert action.recommendation is None and action.status == "red"
    assert action.agency == world.police and action.description == ACTION
    assert len(action.origin) <= 200
    assert action.origin.startswith("Self-assessment 2016-17 (Northshire Police), question 2.1")
    assert AuditLog.objects.filter(object_type="actions.Action", action="create").count() == 1
    entry = AuditLog.objects.get(
        object_type="audits.SelfAssessmentAnswer", action="update", changes__has_key="raised_action"
    )
    assert entry.actor == world.subgroup_member
    with pytest.raises(ValidationError, match="already in the action plan"):
        services.raise_action(world.business_unit, completed, lead_role="Lead", due_on=DUE)
    assert Action.objects.count() == 1


def test_refused_raises_change_nothing(world, draft, police_officer):
    answer = _with_action(world, draft)
    with pytest.raises(PermissionDenied):  # a draft
        services.raise_action(world.business_unit, answer, lead_role="Lead", due_on=DUE)
    services.complete(world.subgroup_member, draft)
    answer.assessment.refresh_from_db()
    for user in (police_officer, world.other_subgroup_member):
        with pytest.raises(PermissionDenied):
            services.raise_action(user, answer, lead_role="Lead", due_on=DUE)
    without = next(a for a in selectors.answers_of(draft) if a.question.code == "1.1")
    with pytest.raises(ValidationError, match="no improvement action"):
        services.raise_action(world.business_unit, without, lead_role="Lead", due_on=DUE)
    with pytest.raises(ValidationError, match="Enter the lead"):
        services.raise_action(world.business_unit, answer, lead_role=" ", due_on=DUE)
    assert not Action.objects.exists()
    answer.refresh_from_db()
    assert answer.raised_action_id is None


def test_the_page_raises_it_and_the_plan_links_back(client_for, world, completed):
    client = client_for(world.subgroup_member)
    detail_url = reverse("audits:self_assessment:detail", args=[completed.assessment_id])
    url = reverse("audits:self_assessment:raise_action", args=[completed.pk])
    assert url in client.get(detail_url).content.decode()
    form = client.get(url).content.decode()
    assert 'value="Training lead"' in form and ACTION in form
    refused = client.post(url, {"lead_role": "", "due_on-day": "31", "due_on-month": "13"})
    text = html.unescape(refused.content.decode())
    assert refused.status_code == 200 and "Enter the lead" in text and not Action.objects.exists()
    done = client.post(
        url,
        {
            "lead_role": "Training lead",
            "due_on-day": "31",
            "due_on-month": "3",
            "due_on-year": "2027",
        },
    )
    action = Action.objects.get()
    assert done.status_code == 302 and done.url.endswith(f"#question-{completed.question_id}")
    page = client.get(done.url).content.decode()
    assert reverse("actions:detail", args=[action.pk]) in page and url not in page
    # Asked again (a bookmark): no second action, sent back to the assessment.
    again = client.get(url)
    assert again.status_code == 302 and Action.objects.count() == 1
    plan = html.unescape(client.get(reverse("actions:plan")).content.decode())
    assert "Self-assessment 2016-17 (Northshire Police), question 2.1" in plan
    assert f'href="{detail_url}#question-{completed.question_id}"' in plan
    detail = html.unescape(client.get(reverse("actions:detail", args=[action.pk])).content.decode())
    assert "Raised from" in detail and f"{detail_url}#question-{completed.question_id}" in detail


def test_the_plan_links_back_only_for_who_may_open_the_assessment(client_for, world, completed):
    services.raise_action(world.business_unit, completed, lead_role="Lead", due_on=DUE)
    detail_url = reverse("audits:self_assessment:detail", args=[completed.assessment_id])
    other_lead = client_for(world.other_subgroup_member)  # health's lead reads the plan
    plan = html.unescape(other_lead.get(reverse("actions:plan")).content.decode())
    assert "Self-assessment 2016-17 (Northshire Police), question 2.1" in plan
    assert detail_url not in plan  # they may not open the police's self-assessment
    assert other_lead.get(detail_url).status_code == 403


def test_a_practitioner_sees_it_is_in_the_plan_without_a_link_they_cannot_follow(
    client_for, world, completed, police_officer
):
    answer = services.raise_action(world.business_unit, completed, lead_role="Lead", due_on=DUE)
    client = client_for(police_officer)
    page = client.get(reverse("audits:self_assessment:detail", args=[completed.assessment_id]))
    text = page.content.decode()
    assert "In the action plan" in text
    assert reverse("actions:detail", args=[answer.raised_action_id]) not in text
    assert reverse("audits:self_assessment:raise_action", args=[completed.pk]) not in text
    assert client.get(reverse("actions:detail", args=[answer.raised_action_id])).status_code == 403


def test_who_may_open_the_raise_page(client_for, world, completed, police_officer):
    url = reverse("audits:self_assessment:raise_action", args=[completed.pk])
    assert client_for(world.business_unit).get(url).status_code == 200
    assert client_for(police_officer).get(url).status_code == 403
    assert client_for(world.other_subgroup_member).get(url).status_code == 403
    assert client_for(world.reviewer).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    without = next(a for a in selectors.answers_of(completed.assessment) if not a.action)
    no_action = reverse("audits:self_assessment:raise_action", args=[without.pk])
    assert client_for(world.business_unit).get(no_action).status_code == 404
    assert client_for(world.outsider).post(url, {"lead_role": "x"}).status_code == 404
    assert not Action.objects.exists()


# -- reopening -----------------------------------------------------------------------------------


def test_only_the_business_unit_reopens_a_completed_one(world, draft, police_officer):
    assert who_may(world, Permission.REOPEN_SELF_ASSESSMENT, draft) == set()
    rate_all(world.subgroup_member, draft)
    services.complete(world.subgroup_member, draft)
    allowed = who_may(world, Permission.REOPEN_SELF_ASSESSMENT, draft, pc=police_officer)
    assert allowed == {"business_unit"}
    with pytest.raises(PermissionDenied):
        services.reopen(world.subgroup_member, draft, "More evidence")


def test_reopen_needs_a_reason_then_it_is_completed_again(world, draft):
    rate_all(world.subgroup_member, draft)
    services.complete(world.subgroup_member, draft)
    with pytest.raises(ValidationError, match="Enter why"):
        services.reopen(world.business_unit, draft, "   ")
    draft.refresh_from_db()
    assert draft.status == "completed"
    services.reopen(world.business_unit, draft, "Police found more evidence for issue 6")
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.reopened_by == world.business_unit
    entry = AuditLog.objects.filter(
        object_type="audits.SelfAssessment", action="update", actor=world.business_unit
    ).get()
    assert entry.changes["reopen_reason"] == ["", "Police found more evidence for issue 6"]
    assert entry.changes["status"] == ["completed", "draft"]
    first = selectors.answers_of(draft)[0]
    services.save_answers(
        world.subgroup_member, draft, {first.question_id: {"rating": "green"}}, draft.version
    )
    services.complete(world.subgroup_member, draft)
    draft.refresh_from_db()
    assert draft.status == "completed" and selectors.answers_of(draft)[0].rating == "green"


def test_the_reopen_page(client_for, world, draft):
    rate_all(world.subgroup_member, draft)
    services.complete(world.subgroup_member, draft)
    url = reverse("audits:self_assessment:reopen", args=[draft.pk])
    detail = reverse("audits:self_assessment:detail", args=[draft.pk])
    assert url not in client_for(world.subgroup_member).get(detail).content.decode()
    assert client_for(world.subgroup_member).post(url, {"reason": "x"}).status_code == 403
    assert client_for(world.outsider).post(url, {"reason": "x"}).status_code == 404
    client = client_for(world.business_unit)
    assert url in client.get(detail).content.decode()
    empty = client.post(url, {"reason": ""})
    assert "Enter why the self-assessment is being reopened" in empty.content.decode()
    assert SelfAssessment.objects.get().status == "completed"
    done = client.post(url, {"reason": "Police found more evidence"})
    assert done.status_code == 302
    page = client.get(done.url).content.decode()
    assert "Police found more evidence" in page and "The self-assessment is open again" in page
    assert SelfAssessment.objects.get().status == "draft"
    # Sent again (the back button): nothing more happens.
    again = client.post(url, {"reason": "Police found more evidence"})
    assert again.status_code == 302
    assert AuditLog.objects.filter(changes__has_key="reopen_reason").count() == 1


def test_a_reopened_one_leaves_the_picture_and_next_years_comparison(world):
    last_year = start_for(world, period="2015-16")
    rate_all(world.subgroup_member, last_year, "red")
    services.complete(world.subgroup_member, last_year)
    this_year = start_for(world, period="2016-17")
    assert selectors.previous_of(this_year) == last_year
    services.reopen(world.business_unit, last_year, "Ratings were entered for the wrong team")
    assert selectors.previous_of(this_year) is None
    issue_set = this_year.issue_set
    assert selectors.latest_completed(world.business_unit, issue_set) == []
