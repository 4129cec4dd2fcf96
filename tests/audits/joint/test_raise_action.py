"""An agreed joint audit's agreed actions raised into the partnership's action plan: who may,
when, once only (twice is refused), what the plan shows (the agencies and the theme, never the
case), the audit entries, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casereviews.accounts.models import Agency
from casereviews.accounts.roles import Permission
from casereviews.actions.models import Action
from casereviews.audits.joint import selectors, services
from casereviews.core.models import AuditLog
from tests.audits.test_rules import who_may
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
DUE = dt.date(2027, 3, 31)


def _theme3(joint):
    return selectors.discussions_of(joint)[2]


def test_only_the_business_unit_raises_and_only_once_agreed(world, joint, agreed, officer):
    assert who_may(world, Permission.RAISE_JOINT_ACTION, agreed, officer=officer) == {
        "business_unit"
    }
    joint.status = "draft"
    assert who_may(world, Permission.RAISE_JOINT_ACTION, joint) == set()
    with pytest.raises(PermissionDenied):
        services.raise_action(officer, agreed, 3, agency=world.police, lead_role="DI", due_on=DUE)


def test_raising_adds_a_red_action_led_by_the_agency_chosen(world, agreed):
    row = services.raise_action(
        world.business_unit, agreed, 3, agency=world.police, lead_role="DI", due_on=DUE
    )
    action = Action.objects.get()
    assert row.raised_action == action and _theme3(agreed).raised_action == action
    assert action.recommendation is None and action.status == "red"
    assert action.agency == world.police and action.due_on == DUE
    assert action.description.startswith("A joint information-sharing protocol")
    assert action.origin.startswith(
        "Multi-agency case audit (Northshire Health, Northshire Police), theme 3:"
    )
    assert "HOSP-1001" not in action.origin and "Child A" not in action.origin
    created = AuditLog.objects.get(object_type="actions.Action", action="create")
    changed = AuditLog.objects.get(
        object_type="audits.JointDiscussion",
        object_id=str(row.pk),
        changes__has_key="raised_action",
    )
    assert created.actor == changed.actor == world.business_unit


def test_raising_twice_is_refused(world, agreed):
    services.raise_action(
        world.business_unit, agreed, 3, agency=world.police, lead_role="DI", due_on=DUE
    )
    with pytest.raises(ValidationError, match="already in the action plan"):
        services.raise_action(
            world.business_unit, agreed, 3, agency=world.health, lead_role="X", due_on=DUE
        )
    assert Action.objects.count() == 1


def test_bad_input_is_refused_with_a_clear_message(world, agreed, joint):
    school = AgencyFactory(partnership=world.partnership, name="Northshire Schools")
    for agency in (school, world.outsider.agency, None):  # not taking part; not ours; none
        with pytest.raises(ValidationError) as exc:
            services.raise_action(
                world.business_unit, agreed, 3, agency=agency, lead_role="DI", due_on=DUE
            )
        assert exc.value.message_dict == {"agency": ["Select one of the agencies taking part"]}
    with pytest.raises(ValidationError, match="no agreed actions"):
        services.raise_action(
            world.business_unit, agreed, 1, agency=world.police, lead_role="DI", due_on=DUE
        )
    assert not Action.objects.exists()


def test_the_raise_page_end_to_end_and_twice(world, client_for, agreed):
    AgencyFactory(partnership=world.partnership, name="Northshire Schools")
    client = client_for(world.business_unit)
    detail = reverse("audits:joint:detail", args=[agreed.pk])
    url = reverse("audits:joint:raise_action", args=[agreed.pk, 3])
    assert url in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    assert "A joint information-sharing protocol" in page and 'name="agency"' in page
    assert "Northshire Police" in page and "Northshire Schools" not in page
    refused = client.post(url, {"lead_role": "", "due_on-day": "31"}).content.decode()
    assert "Select the agency that leads the action" in refused
    school = Agency.objects.get(name="Northshire Schools")
    not_taking_part = client.post(url, {"agency": school.pk}).content.decode()
    assert "Select one of the agencies taking part" in not_taking_part
    assert "Enter the lead&#39;s role" in refused or "Enter the lead's role" in refused
    data = {
        "agency": world.police.pk,
        "lead_role": "Detective inspector",
        "due_on-day": "31",
        "due_on-month": "3",
        "due_on-year": "2027",
    }
    done = client.post(url, data)
    assert done.status_code == 302 and done.url.endswith("#theme-3")
    action = Action.objects.get()
    assert action.lead_role == "Detective inspector"
    again = client.get(url)
    assert again.status_code == 302  # already raised: back to the joint audit, saying so
    assert "already in the action plan" in client.get(again.url).content.decode()
    assert client.post(url, data).status_code == 302
    assert Action.objects.count() == 1
    shown = client.get(detail).content.decode()
    assert reverse("actions:detail", args=[action.pk]) in shown


def test_the_plan_shows_where_it_came_from(world, client_for, agreed):
    services.raise_action(
        world.business_unit, agreed, 3, agency=world.police, lead_role="DI", due_on=DUE
    )
    plan = client_for(world.business_unit).get(reverse("actions:plan")).content.decode()
    assert "Multi-agency case audit (Northshire Health, Northshire Police), theme 3" in plan
    assert "HOSP-1001" not in plan


def test_others_cannot_open_the_raise_page(world, client_for, agreed, officer):
    url = reverse("audits:joint:raise_action", args=[agreed.pk, 3])
    assert client_for(officer).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    no_actions = reverse("audits:joint:raise_action", args=[agreed.pk, 1])
    assert client_for(world.business_unit).get(no_actions).status_code == 404
