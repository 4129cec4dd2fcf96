"""A finished audit's next action raised into the partnership's action plan: who may, when,
once only, what the plan then shows (and does not: the case), and the audit entries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.actions.models import Action
from casereviews.audits import services
from casereviews.core.models import AuditLog
from tests.audits.conftest import all_judged
from tests.audits.test_rules import who_may

pytestmark = pytest.mark.django_db
DUE = dt.date(2027, 3, 31)


@pytest.fixture
def with_action(world, draft):
    answers = all_judged()
    answers[2] |= {
        "judgement": "evident_not_addressed",
        "next_action": "Invite the father to the child protection conference",
        "action_owner": "Social worker",
        "action_due": DUE,
    }
    services.save_answers(world.practitioner, draft, answers, draft.version)
    return services.complete(world.practitioner, draft)


def test_the_supervisor_and_the_business_unit_raise_only_a_finished_audits(
    world, manager, colleague, draft
):
    assert who_may(world, Permission.RAISE_AUDIT_ACTION, draft, manager=manager) == set()
    services.save_answers(world.practitioner, draft, all_judged(), draft.version)
    services.complete(world.practitioner, draft)
    allowed = who_may(
        world, Permission.RAISE_AUDIT_ACTION, draft, manager=manager, colleague=colleague
    )
    assert allowed == {"manager", "business_unit"}
    services.sign_off(manager, draft)
    assert who_may(world, Permission.RAISE_AUDIT_ACTION, draft, manager=manager) == {
        "manager",
        "business_unit",
    }


def test_raising_adds_a_red_action_owned_by_the_audits_agency(world, manager, with_action):
    answer = services.raise_action(manager, with_action, 2, lead_role="Team manager", due_on=DUE)
    action = Action.objects.get()
    assert answer.raised_action == action
    assert action.recommendation is None and action.status == "red"
    assert action.agency == world.health and action.partnership == world.partnership
    assert action.description == "Invite the father to the child protection conference"
    assert action.origin.startswith("Case audit (Northshire Health), theme 2:")
    assert "HOSP-1001" not in action.origin and "Child A" not in action.origin
    assert AuditLog.objects.filter(object_type="actions.Action", action="create").count() == 1
    entry = AuditLog.objects.get(object_type="audits.AuditAnswer", actor=manager)
    assert entry.action == "update" and "raised_action" in entry.changes
    with pytest.raises(ValidationError, match="already in the action plan"):
        services.raise_action(manager, with_action, 2, lead_role="Team manager", due_on=DUE)
    assert Action.objects.count() == 1


def test_the_author_cannot_raise_and_a_theme_without_an_action_cannot_be(
    world, manager, with_action
):
    with pytest.raises(PermissionDenied):
        services.raise_action(
            world.practitioner, with_action, 2, lead_role="Team manager", due_on=DUE
        )
    with pytest.raises(ValidationError, match="no next action"):
        services.raise_action(manager, with_action, 1, lead_role="Team manager", due_on=DUE)
    assert not Action.objects.exists()


def test_the_page_raises_it_and_the_audit_and_the_plan_link_to_it(
    client_for, world, manager, with_action
):
    client = client_for(manager)
    detail = client.get(reverse("audits:detail", args=[with_action.pk])).content.decode()
    url = reverse("audits:raise_action", args=[with_action.pk, 2])
    assert url in detail
    form = client.get(url)
    assert form.status_code == 200 and 'value="Social worker"' in form.content.decode()
    refused = client.post(url, {"lead_role": ""})
    assert "Enter the lead" in refused.content.decode() and not Action.objects.exists()
    response = client.post(
        url,
        {
            "lead_role": "Team manager",
            "due_on-day": "31",
            "due_on-month": "3",
            "due_on-year": "2027",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    # The supervisor (a practitioner) may not open the plan: the audit says where the action
    # went without a link they cannot follow; the business unit gets the link.
    assert "This next action is in the action plan" in detail
    assert reverse("actions:detail", args=[action.pk]) not in detail
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 403
    assert url not in detail
    board = client_for(world.business_unit)
    seen = board.get(reverse("audits:detail", args=[with_action.pk])).content.decode()
    assert reverse("actions:detail", args=[action.pk]) in seen
    plan = board.get(reverse("actions:plan")).content.decode()
    assert "Case audit (Northshire Health), theme 2" in plan and "HOSP-1001" not in plan
    page = board.get(reverse("actions:detail", args=[action.pk]))
    assert page.status_code == 200 and "Raised from" in page.content.decode()
    lead = client_for(world.other_subgroup_member).get(reverse("actions:edit", args=[action.pk]))
    assert lead.status_code == 200


def test_who_may_open_the_raise_page(client_for, world, manager, colleague, with_action):
    url = reverse("audits:raise_action", args=[with_action.pk, 2])
    assert client_for(world.business_unit).get(url).status_code == 200
    assert client_for(world.practitioner).get(url).status_code == 403  # the author
    assert client_for(colleague).get(url).status_code == 403
    assert client_for(world.subgroup_member).get(url).status_code == 403  # another agency
    assert client_for(world.outsider).get(url).status_code == 404
    theme_without_action = reverse("audits:raise_action", args=[with_action.pk, 1])
    assert client_for(manager).get(theme_without_action).status_code == 404
