"""Recording how an agency shared a published briefing: who may, what is checked, what is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casereviews.briefings.models import Dissemination
from casereviews.briefings.sharing import services as services_sharing
from casereviews.core.models import AuditLog


def date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    return dict(zip((f"{name}-day", f"{name}-month", f"{name}-year"), parts, strict=True))


def form_data(agency=None, **changes) -> dict[str, str]:
    data = {
        "method": "team_meeting",
        "method_other": "",
        "staff_reached": "24",
        "feedback": "Staff said the key points were easy to take into supervision.",
        **date_fields("shared_on", dt.date(2026, 2, 10)),
    }
    if agency is not None:
        data["agency"] = str(agency.pk)
    for key, value in changes.items():
        if isinstance(value, dt.date) or value is None:
            data.update(date_fields(key, value))
        else:
            data[key] = value
    return data


def url(briefing) -> str:
    return reverse("sharing:record", args=[briefing.pk])


# --- who may -------------------------------------------------------------------------------


def test_business_unit_records_for_any_agency(world, client_for, briefing, education):
    client = client_for(world.business_unit)
    page = client.get(url(briefing))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Northshire Education" in html and "Northshire Police" in html
    response = client.post(url(briefing), form_data(education))
    assert response.status_code == 302
    assert response["Location"] == reverse("sharing:briefing", args=[briefing.pk])
    record = Dissemination.objects.get()
    assert record.agency == education
    assert record.staff_reached == 24
    assert record.recorded_by == world.business_unit


def test_agency_lead_records_only_for_own_agency(world, client_for, briefing, education):
    client = client_for(world.subgroup_member)  # the police lead
    page = client.get(url(briefing)).content.decode()
    assert "Northshire Police" in page
    assert 'name="agency"' not in page  # shown, not chosen
    response = client.post(url(briefing), form_data(education))  # posts another agency's id
    assert response.status_code == 302
    assert Dissemination.objects.get().agency == world.police


def test_service_keeps_an_agency_lead_to_their_own_agency(world, briefing, education):
    record = services_sharing.record_dissemination(
        world.subgroup_member,
        briefing,
        agency=education,
        method="supervision",
        shared_on=dt.date(2026, 2, 3),
        staff_reached=5,
    )
    assert record.agency == world.police


@pytest.mark.parametrize("who", ["practitioner", "reviewer"])
def test_practitioner_and_reviewer_may_not_record(world, client_for, briefing, who):
    client = client_for(getattr(world, who))
    assert client.get(url(briefing)).status_code == 403
    assert client.post(url(briefing), form_data(world.police)).status_code == 403
    assert not Dissemination.objects.exists()


def test_outsider_finds_nothing(world, client_for, briefing):
    client = client_for(world.outsider)
    assert client.get(url(briefing)).status_code == 404
    assert client.post(url(briefing), form_data()).status_code == 404


def test_another_partnerships_agency_is_refused(world, client_for, briefing):
    from tests.factories import AgencyFactory

    foreign = AgencyFactory(partnership=world.other_partnership, name="Southshire Police")
    client = client_for(world.business_unit)
    response = client.post(url(briefing), form_data(foreign))
    assert response.status_code == 200
    assert "Select an active agency of this partnership" in response.content.decode()
    assert not Dissemination.objects.exists()


def test_inactive_agency_is_not_offered(world, client_for, briefing, education):
    education.active = False
    education.save()
    client = client_for(world.business_unit)
    assert "Northshire Education" not in client.get(url(briefing)).content.decode()
    response = client.post(url(briefing), form_data(education))
    assert "Select an active agency of this partnership" in response.content.decode()


def test_drafts_are_refused(world, client_for, draft):
    for user in (world.business_unit, world.subgroup_member):
        client = client_for(user)
        assert client.get(url(draft)).status_code == 403
        assert client.post(url(draft), form_data(world.police)).status_code == 403
    with pytest.raises(ValidationError) as error:
        services_sharing.record_dissemination(
            world.business_unit,
            draft,
            agency=world.police,
            method="team_meeting",
            shared_on=dt.date(2026, 2, 3),
            staff_reached=5,
        )
    assert "not published" in str(error.value)
    assert not Dissemination.objects.exists()


# --- what is checked -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"shared_on": dt.date(2026, 1, 31)},
            "must be on or after the day the briefing was published, 1 February 2026",
        ),
        ({"shared_on": dt.date(2026, 3, 3)}, "The date it was shared must be today or in the past"),
        ({"shared_on": None}, "Enter the date it was shared"),
        ({"shared_on-day": "31", "shared_on-month": "2"}, "Date shared must be a real date"),
        ({"shared_on-year": "26"}, "Year in date shared must include 4 numbers"),
        ({"staff_reached": "0"}, "Staff reached must be 1 or more"),
        ({"staff_reached": "100001"}, "Staff reached must be 100,000 or fewer"),
        ({"staff_reached": "12.5"}, "Staff reached must be a whole number, like 25"),
        ({"staff_reached": "lots"}, "Staff reached must be a whole number, like 25"),
        ({"staff_reached": ""}, "Enter how many staff the briefing reached"),
        ({"method": ""}, "Select how the briefing was shared"),
        ({"method": "carrier_pigeon"}, "Select how the briefing was shared"),
        ({"method": "other", "method_other": "  "}, "Enter how the briefing was shared"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    world, client_for, briefing, changes, message
):
    client = client_for(world.subgroup_member)
    response = client.post(url(briefing), form_data(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert not Dissemination.objects.exists()


def test_publication_day_and_today_are_both_allowed(world, client_for, briefing):
    client = client_for(world.subgroup_member)
    for day in (dt.date(2026, 2, 1), dt.date(2026, 3, 2)):
        assert client.post(url(briefing), form_data(shared_on=day)).status_code == 302
    assert Dissemination.objects.count() == 2


def test_an_agency_records_more_than_one_way(world, client_for, briefing):
    client = client_for(world.subgroup_member)
    client.post(url(briefing), form_data(method="team_meeting", staff_reached="30"))
    client.post(
        url(briefing),
        form_data(method="other", method_other="Force intranet article", staff_reached="400"),
    )
    records = list(Dissemination.objects.order_by("id"))
    assert [r.method for r in records] == ["team_meeting", "other"]
    assert records[1].method_other == "Force intranet article"
    page = client.get(reverse("sharing:briefing", args=[briefing.pk])).content.decode()
    assert "Other: Force intranet article" in page
    assert "430" in page  # staff reached in total


def test_other_text_is_dropped_unless_other_is_chosen(world, client_for, briefing):
    client = client_for(world.subgroup_member)
    client.post(url(briefing), form_data(method="training", method_other="ignored"))
    assert Dissemination.objects.get().method_other == ""


def test_other_reveals_its_text_field(world, client_for, briefing):
    html = client_for(world.subgroup_member).get(url(briefing)).content.decode()
    assert "govuk-radios__conditional" in html
    assert 'name="method_other"' in html


def test_recording_is_audited(world, client_for, briefing):
    client_for(world.subgroup_member).post(url(briefing), form_data())
    entry = AuditLog.objects.get(object_type="briefings.Dissemination")
    assert entry.action == "create"
    assert entry.partnership == world.partnership
    assert entry.changes["after"]["staff_reached"] == 24


def test_hostile_feedback_is_shown_as_text(world, client_for, briefing):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://x")'
    client = client_for(world.subgroup_member)
    client.post(url(briefing), form_data(feedback=hostile, method="other", method_other="<b>b</b>"))
    html = client.get(reverse("sharing:briefing", args=[briefing.pk])).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>b</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert Dissemination.objects.get().feedback == hostile
