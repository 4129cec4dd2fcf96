"""The joint audit pages as each kind of user meets them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casereviews.audits import services as audits
from casereviews.audits.joint import selectors, services
from casereviews.audits.joint.models import JointAudit, JointStatus

pytestmark = pytest.mark.django_db


def test_the_business_unit_convenes_and_a_future_date_is_refused(world, client_for):
    client = client_for(world.business_unit)
    url = reverse("audits:joint:start")
    assert client.get(url).status_code == 200
    soon = timezone.localdate() + dt.timedelta(days=5)
    refused = client.post(
        url,
        {
            "case_reference": "HOSP-1001",
            "child": "Child A",
            "meeting_date-day": str(soon.day),
            "meeting_date-month": str(soon.month),
            "meeting_date-year": str(soon.year),
        },
    )
    assert "must be today or in the past" in refused.content.decode()
    assert not JointAudit.objects.exists()
    done = client.post(
        url,
        {
            "case_reference": "HOSP-1001",
            "child": "Child A",
            "meeting_date-day": "2",
            "meeting_date-month": "3",
            "meeting_date-year": "2026",
        },
    )
    joint = JointAudit.objects.get()
    assert done.url == reverse("audits:joint:detail", args=[joint.pk])


def test_a_practitioner_cannot_convene(world, client_for):
    assert client_for(world.practitioner).get(reverse("audits:joint:start")).status_code == 403


def test_the_author_links_their_audit_from_the_link_page(
    world, client_for, joint, health_audit, police_audit
):
    client = client_for(world.practitioner)
    url = reverse("audits:joint:link", args=[joint.pk])
    page = client.get(url).content.decode()
    assert "Northshire Health" in page and "Northshire Police" not in page  # only their own
    client.post(url, {"audit": health_audit.pk})
    assert [a.pk for a in selectors.linked_audits(joint)] == [health_audit.pk]


def test_linked_agencies_see_each_others_judgements_but_not_the_free_text(
    world, client_for, joint, health_audit, police_audit, officer
):
    services.link(world.business_unit, joint, health_audit)
    services.link(world.business_unit, joint, police_audit)
    services.save_discussion(
        world.business_unit, joint, {3: {"disagreements": "Police did not see the risk."}}
    )
    url = reverse("audits:joint:detail", args=[joint.pk])
    # The police audit is a draft: until it is completed, the officer sees only their own part.
    before = client_for(officer).get(url).content.decode()
    assert "Evident and addressed" in before and "discharge summary" not in before
    assert "Northshire Health</th>" not in before and 'id="own-part"' in before
    audits.complete(officer, police_audit)
    page = client_for(officer).get(url)
    text = page.content.decode()
    assert page.status_code == 200 and 'id="own-part"' not in text
    assert "Evident, not yet addressed" in text and "discharge summary" in text
    assert "Health free text about the case." not in text
    assert "Police did not see the risk." in text
    assert 'name="t3-judgement"' not in text  # they read; the business unit records


def test_others_are_refused_or_do_not_find_it(world, client_for, joint, colleague):
    url = reverse("audits:joint:detail", args=[joint.pk])
    assert client_for(colleague).get(url).status_code == 403
    assert client_for(world.subgroup_member).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404


def test_the_business_unit_records_and_agrees_the_discussion(
    world, client_for, joint, health_audit, police_audit
):
    services.link(world.business_unit, joint, health_audit)
    services.link(world.business_unit, joint, police_audit)
    client = client_for(world.business_unit)
    url = reverse("audits:joint:detail", args=[joint.pk])
    data = {f"t{n}-judgement": "not_evident" for n in range(1, 10)}
    data["t4-judgement"] = ""
    data["t3-agreements"] = "Both agencies saw the missed information sharing."
    refused = client.post(url, data | {"agree": "1"})
    assert "select the shared judgement" in refused.content.decode()
    assert selectors.discussions_of(joint)[2].agreements.startswith("Both agencies")
    data["t4-judgement"] = "evident_addressed"
    client.post(url, data | {"agree": "1"})
    joint.refresh_from_db()
    assert joint.status == JointStatus.AGREED
    assert 'name="t3-judgement"' not in client.get(url).content.decode()


def test_a_name_as_the_child_is_warned_when_convening(world, client_for):
    client = client_for(world.business_unit)
    data = {
        "case_reference": "HOSP-1002",
        "child": "Kayden",
        "meeting_date-day": "2",
        "meeting_date-month": "3",
        "meeting_date-year": "2026",
    }
    warned = client.post(reverse("audits:joint:start"), data).content.decode()
    assert "may name or identify someone" in warned and 'href="#id_child"' in warned
    assert 'value="Kayden"' in warned and not JointAudit.objects.exists()
    done = client.post(reverse("audits:joint:start"), data | {"confirm_warnings": "on"})
    assert done.status_code == 302 and JointAudit.objects.get().warnings_confirmed
