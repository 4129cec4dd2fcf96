"""Recording and changing a referral: what is saved, what is refused (and nothing saved)."""

import datetime as dt

import pytest

from casereviews.core.models import AuditLog
from casereviews.referrals.models import Referral
from tests.referrals.conftest import referral_post

pytestmark = pytest.mark.django_db


def post_new(client_for, world, **overrides):
    return client_for(world.business_unit).post(
        "/referrals/new/", referral_post(world, **overrides)
    )


def assert_refused(response, message):
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not Referral.objects.exists()
    assert not AuditLog.objects.filter(object_type="referrals.Referral").exists()


def test_record_a_referral(client_for, world):
    response = post_new(client_for, world)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.partnership == world.partnership
    assert referral.source_agency == world.police
    assert referral.is_serious_incident_notification is True
    assert referral.la_aware_on == dt.date(2026, 10, 30)
    assert (referral.age_years, referral.age_months, referral.unborn) == (3, 4, False)
    assert referral.created_by == world.business_unit
    entry = AuditLog.objects.get(object_type="referrals.Referral", action="create")
    assert entry.actor == world.business_unit
    assert entry.partnership == world.partnership
    assert entry.changes["after"]["locality"] == "Kettering"
    assert entry.changes["after"]["received_on"] == "2026-11-02"


def test_new_referral_page_shows_clocks_in_working_days(client_for, world):
    post_new(client_for, world)
    referral = Referral.objects.get()
    html = client_for(world.business_unit).get(f"/referrals/{referral.pk}/").content.decode()
    # Aware Fri 30 Oct 2026: 2, 3, 4, 5, 6 Nov -> due Fri 6 Nov; today is 20 Nov, not notified:
    # late on 9-13 and 16-20 Nov = 10 working days.
    assert "Missed by 10 working days" in html
    assert "6 November 2026" in html
    assert "Referral recorded" in html


def test_unborn_child_without_an_age(client_for, world):
    response = post_new(client_for, world, unborn="on", age_years=None, age_months=None)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.unborn is True and referral.age_years is None


def test_the_form_warns_that_the_pseudonym_is_not_a_real_name(client_for, world):
    html = client_for(world.business_unit).get("/referrals/new/").content.decode()
    assert "Never enter the child&#39;s real name" in html


def test_a_name_like_pseudonym_is_saved_but_warned_about(client_for, world):
    post_new(client_for, world, child_pseudonym="Jane Smith")
    referral = Referral.objects.get()
    html = client_for(world.business_unit).get(f"/referrals/{referral.pk}/").content.decode()
    assert "looks like a real name" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"child_pseudonym": ""}, "Enter the child&#39;s pseudonym"),
        ({"received_on": None}, "Enter the date the referral was received"),
        ({"gender": None}, "Select the child&#39;s gender"),
        ({"harm_category": ""}, "Select the category of harm"),
        ({"summary": ""}, "Enter a summary of what happened"),
        ({"is_serious_incident_notification": None}, "Select yes if this is a Serious Incident"),
        (
            {"received_on": dt.date(2026, 11, 21)},
            "The date the referral was received must be today or in the past",
        ),
        (
            {"la_aware_on": dt.date(2026, 11, 3)},
            "The date the local authority became aware must be the same as or before the date "
            "the referral was received, 2 November 2026",
        ),
        (
            {"la_aware_on": None},
            "Enter the date the local authority became aware of the incident",
        ),
        ({"age_years": "19"}, "Age in years must be between 0 and 18"),
        ({"age_years": "-1"}, "Age in years must be between 0 and 18"),
        ({"age_months": "12"}, "Months must be between 0 and 11"),
        ({"age_years": "three"}, "Age in years must be a whole number"),
        ({"age_years": None}, "Enter the child&#39;s age in years, or select unborn"),
        ({"unborn": "on"}, "Leave the age empty if the child is unborn"),
        ({"received_on-month": "13"}, "Date the referral was received must be a real date"),
    ],
)
def test_refused_with_a_message_and_nothing_saved(client_for, world, overrides, message):
    assert_refused(post_new(client_for, world, **overrides), message)


def test_refused_form_keeps_what_was_entered(client_for, world):
    response = post_new(client_for, world, age_years="19", locality="Daventry")
    html = response.content.decode()
    assert 'value="Daventry"' in html
    assert 'href="#id_age_years"' in html  # the error summary links to the field


def edit(client, referral, world, **overrides):
    data = referral_post(
        world,
        received_on=referral.received_on,
        la_aware_on=referral.la_aware_on,
        child_pseudonym=referral.child_pseudonym,
        version=str(referral.version),
        **overrides,
    )
    return client.post(f"/referrals/{referral.pk}/edit/", data)


def test_edit_records_the_clock_dates_and_audits_before_and_after(client_for, world, referral):
    client = client_for(world.business_unit)
    # Aware Mon 28 Sep 2026 -> notification due Mon 5 Oct; made Fri 2 Oct.
    response = edit(
        client,
        referral,
        world,
        notified_on=dt.date(2026, 10, 2),
        rapid_review_on=dt.date(2026, 10, 16),
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.notified_on == dt.date(2026, 10, 2)
    assert referral.version == 2
    entry = AuditLog.objects.get(object_type="referrals.Referral", action="update")
    assert entry.changes["notified_on"] == [None, "2026-10-02"]
    assert entry.changes["rapid_review_on"] == [None, "2026-10-16"]
    assert entry.changes["locality"] == ["Northampton", "Kettering"]
    html = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Met on 2 October 2026" in html
    # Rapid review due 15 working days after Fri 2 Oct: Fri 23 Oct; done 16 Oct.
    assert "Met on 16 October 2026" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"notified_on": dt.date(2026, 9, 25)},
            "The date the notification was made must be the same as or after the date the "
            "local authority became aware, 28 September 2026",
        ),
        (
            {"notified_on": dt.date(2026, 10, 2), "rapid_review_on": dt.date(2026, 10, 1)},
            "The date the rapid review was completed must be the same as or after the date "
            "the notification was made, 2 October 2026",
        ),
        (
            {"rapid_review_on": dt.date(2026, 10, 1)},
            "Enter the date the notification was made, as a rapid review date is entered",
        ),
        ({"notified_on": dt.date(2026, 12, 1)}, "must be today or in the past"),
    ],
)
def test_edit_refused_saves_nothing(client_for, world, referral, overrides, message):
    response = edit(client_for(world.business_unit), referral, world, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.version == 1 and referral.notified_on is None
    assert referral.locality == "Northampton"
    assert not AuditLog.objects.filter(action="update").exists()


def test_agency_lead_edits_their_own_agencys_referral(client_for, world, referral):
    response = edit(client_for(world.subgroup_member), referral, world, locality="Corby")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.locality == "Corby"
    assert AuditLog.objects.get(action="update").actor == world.subgroup_member


def test_agency_lead_cannot_hand_the_referral_to_another_agency(client_for, world, referral):
    client = client_for(world.subgroup_member)
    assert "Northshire Health" not in client.get(f"/referrals/{referral.pk}/edit/").content.decode()
    response = edit(client, referral, world, source_agency=str(world.health.pk))
    assert "Select the agency that made the referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.source_agency == world.police


def test_a_future_awareness_date_is_reported_with_an_impossible_received_date(world, client_for):
    from casereviews.referrals.models import Referral

    response = client_for(world.business_unit).post(
        "/referrals/new/",
        {
            "received_on-day": "31",
            "received_on-month": "2",
            "received_on-year": "2017",
            "la_aware_on-day": "1",
            "la_aware_on-month": "1",
            "la_aware_on-year": "2099",
        },
    )
    html = response.content.decode()
    assert "Date the referral was received must be a real date" in html
    assert "must be today or in the past" in html
    assert not Referral.objects.exists()


def test_pasted_bullets_keep_their_line_breaks_on_the_referral_page(client_for, world):
    pasted = "Concerns raised:\r\n•\tBruise to the ear\r\n•\tMissed health appointments"
    response = post_new(client_for, world, summary=pasted)
    html = client_for(world.business_unit).get(response["Location"]).content.decode()
    value = html[html.index("Summary\n") :]
    value = value[value.index("<dd") : value.index("</dd>")]
    # One line each, as pasted (and still escaped text).
    assert "Concerns raised:<br>•\tBruise to the ear<br>•\tMissed health appointments" in value
