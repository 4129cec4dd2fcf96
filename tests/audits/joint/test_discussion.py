"""The joint discussion as the business unit writes it: the anonymisation check's warning
journey (nothing saved until confirmed; the log keeps no name), and two people saving at once
(the second is refused, told who saved, and loses nothing)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from casereviews.audits.joint import selectors, services
from casereviews.audits.joint.models import JointAudit
from casereviews.audits.services import PersonalDetailsFound
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAMED = "Kayden Smith's mother told the health visitor about the callouts."


def _texts(joint) -> list[str]:
    return [d.agreements for d in selectors.discussions_of(joint)]


def test_a_name_in_the_discussion_is_warned_and_nothing_is_saved(world, joint):
    with pytest.raises(PersonalDetailsFound) as caught:
        services.save_discussion(world.business_unit, joint, {3: {"agreements": NAMED}})
    warning = caught.value.warnings[0]
    assert warning.where == "Theme 3: what the agencies agreed"
    assert warning.field_id == "id_t3-agreements" and "Kayden" in warning.text
    assert NAMED not in _texts(joint)
    joint.refresh_from_db()
    assert joint.version == 1


def test_confirmed_it_is_saved_and_the_log_keeps_no_name(world, joint):
    services.save_discussion(
        world.business_unit, joint, {3: {"agreements": NAMED}}, joint.version, confirmed=True
    )
    assert NAMED in _texts(joint)
    joint.refresh_from_db()
    assert joint.warnings_confirmed and joint.version == 2
    entry = AuditLog.objects.get(object_type="audits.JointDiscussion", action="update")
    assert entry.actor == world.business_unit
    assert "Kayden" not in str(entry.changes) and "[name removed]" in str(entry.changes)


def test_a_name_where_the_childs_pseudonym_belongs_is_warned_on_convening(world):
    import datetime as dt

    data = {"case_reference": "X-2", "child": "Kayden", "meeting_date": dt.date(2026, 1, 5)}
    with pytest.raises(PersonalDetailsFound):
        services.convene(world.business_unit, world.partnership, data)
    assert not JointAudit.objects.exists()
    joint = services.convene(world.business_unit, world.partnership, data, confirmed=True)
    assert joint.warnings_confirmed


def test_the_warning_journey_on_the_page(world, client_for, joint):
    client = client_for(world.business_unit)
    url = reverse("audits:joint:detail", args=[joint.pk])
    data = {"version": "1", "t3-agreements": NAMED, "t3-judgement": "evident_not_addressed"}
    warned = client.post(url, data).content.decode()
    assert "There is a problem" in warned
    assert "may name or identify someone" in warned
    assert 'href="#id_t3-agreements">Theme 3: what the agencies agreed</a>' in warned
    assert "Kayden" in warned  # what they wrote is still in the box
    assert 'name="confirm_warnings"' in warned
    assert NAMED not in _texts(joint)
    saved = client.post(url, data | {"confirm_warnings": "on"})
    assert saved.status_code == 302
    assert NAMED in _texts(joint)


def test_a_second_save_from_a_stale_page_is_refused_and_loses_nothing(world, joint):
    services.save_discussion(world.business_unit, joint, {1: {"agreements": "First."}}, 1)
    with pytest.raises(StaleRecordError):
        services.save_discussion(world.business_unit, joint, {1: {"agreements": "Second."}}, 1)
    assert _texts(joint)[0] == "First."


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_people_at_once_on_the_page(world, joint):
    colleague = UserFactory(
        username="bu2",
        partnership=world.partnership,
        role="business_unit",
        first_name="Sam",
        last_name="Okafor",
    )
    url = reverse("audits:joint:detail", args=[joint.pk])
    first, second = _signed_in(world.business_unit), _signed_in(colleague)
    opened = [
        re.search(r'name="version" value="(\d+)"', c.get(url).content.decode()).group(1)
        for c in (first, second)
    ]
    assert opened == ["1", "1"]
    assert (
        second.post(
            url, {"version": "1", "t2-agreements": "The second writer's note on theme 2."}
        ).status_code
        == 302
    )
    refused = first.post(
        url, {"version": "1", "t2-agreements": "My note.", "t5-disagreements": "Mine too."}
    )
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "This joint audit was changed by Sam Okafor" in text
    assert "Your changes have not been saved" in text
    assert "My note." in text and "Mine too." in text  # nothing lost
    assert 'name="version" value="2"' in text  # saving again is deliberate
    assert _texts(joint)[1] == "The second writer's note on theme 2."
    again = first.post(
        url, {"version": "2", "t2-agreements": "My note.", "t5-disagreements": "Mine too."}
    )
    assert again.status_code == 302
    assert _texts(joint)[1] == "My note."


def test_agreeing_moves_the_version_so_an_open_page_cannot_overwrite_it(world, agreed):
    assert agreed.version > 1
    entry = AuditLog.objects.filter(object_type="audits.JointAudit", action="update").latest("id")
    assert entry.changes["status"] == ["draft", "agreed"]


def test_what_was_agreed_is_found_in_the_library_by_who_may_see_the_joint_audit(world, joint):
    from casereviews.library import search

    services.save_discussion(
        world.business_unit,
        joint,
        {3: {"agreed_actions": "Invite the stepfathers to every core group"}},
        joint.version,
    )
    found = search.search(world.business_unit, "stepfathers core group").results
    assert [r.entry.link for r in found] == [f"/case-audits/joint/{joint.pk}/"]
    assert search.search(world.practitioner, "stepfathers").results == []  # not an author
    assert search.search(world.outsider, "stepfathers").results == []
