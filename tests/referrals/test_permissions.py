"""Every referral page as a permitted user, a same-partnership user without the right (403)
and a user of another partnership (404, learning nothing)."""

import pytest

from casereviews.referrals.models import Referral
from tests.factories import ReferralFactory
from tests.referrals.conftest import referral_post

pytestmark = pytest.mark.django_db


def test_signed_out_users_are_sent_to_sign_in(client, referral):
    for path in ["/referrals/", "/referrals/new/", f"/referrals/{referral.pk}/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_unit", 200),
        ("subgroup_member", 200),
        ("reviewer", 403),
        ("practitioner", 403),
    ],
)
def test_list(client_for, world, referral, who, status):
    response = client_for(getattr(world, who)).get("/referrals/")
    assert response.status_code == status
    if status == 200:
        assert "Child K" in response.content.decode()


def test_list_shows_only_own_partnership(client_for, world, referral):
    ReferralFactory(partnership=world.other_partnership, child_pseudonym="Child Elsewhere")
    html = client_for(world.business_unit).get("/referrals/").content.decode()
    assert "Child K" in html
    assert "Child Elsewhere" not in html
    outsider_html = client_for(world.outsider).get("/referrals/").content.decode()
    assert "Child K" not in outsider_html
    assert "Child Elsewhere" in outsider_html


@pytest.mark.parametrize(
    ("who", "status"),
    [("business_unit", 200), ("subgroup_member", 403), ("reviewer", 403), ("practitioner", 403)],
)
def test_create_page(client_for, world, who, status):
    assert client_for(getattr(world, who)).get("/referrals/new/").status_code == status


def test_create_refused_without_the_right_saves_nothing(client_for, world):
    response = client_for(world.subgroup_member).post("/referrals/new/", referral_post(world))
    assert response.status_code == 403
    assert not Referral.objects.exists()


def test_outsider_cannot_use_our_agencies(client_for, world):
    html = client_for(world.outsider).get("/referrals/new/").content.decode()
    assert "Northshire Police" not in html
    response = client_for(world.outsider).post("/referrals/new/", referral_post(world))
    assert response.status_code == 200
    assert "Select the agency that made the referral" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_unit", 200),
        ("subgroup_member", 200),
        ("other_subgroup_member", 200),
        ("reviewer", 403),
        ("practitioner", 403),
        ("outsider", 404),
    ],
)
def test_detail(client_for, world, referral, who, status):
    response = client_for(getattr(world, who)).get(f"/referrals/{referral.pk}/")
    assert response.status_code == status
    if status != 200:
        assert "Child K" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_unit", 200),
        ("subgroup_member", 200),  # police lead: the police made this referral
        ("other_subgroup_member", 403),  # health lead: not their agency's referral
        ("reviewer", 403),
        ("practitioner", 403),
        ("outsider", 404),
    ],
)
def test_edit_page(client_for, world, referral, who, status):
    assert client_for(getattr(world, who)).get(f"/referrals/{referral.pk}/edit/").status_code == (
        status
    )


@pytest.mark.parametrize("who", ["other_subgroup_member", "practitioner", "outsider"])
def test_edit_refused_saves_nothing(client_for, world, referral, who):
    data = referral_post(world, locality="Corby", version="1")
    response = client_for(getattr(world, who)).post(f"/referrals/{referral.pk}/edit/", data)
    assert response.status_code in (403, 404)
    referral.refresh_from_db()
    assert referral.locality == "Northampton"
    assert referral.version == 1


def test_detail_offers_only_what_the_user_may_do(client_for, world, referral):
    bu = client_for(world.business_unit).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Record the decision" in bu and "Change the referral" in bu
    lead = client_for(world.subgroup_member).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Record the decision" not in lead and "Change the referral" in lead
    lead2 = client_for(world.other_subgroup_member).get(f"/referrals/{referral.pk}/")
    html = lead2.content.decode()
    assert "Record the decision" not in html and "Change the referral" not in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("business_unit", 200),
        ("subgroup_member", 403),
        ("reviewer", 403),
        ("practitioner", 403),
        ("outsider", 404),
    ],
)
def test_decide_page(client_for, world, referral, who, status):
    response = client_for(getattr(world, who)).get(f"/referrals/{referral.pk}/decision/")
    assert response.status_code == status


@pytest.mark.parametrize("who", ["subgroup_member", "outsider"])
def test_decide_refused_saves_nothing(client_for, world, referral, who):
    data = {
        "meeting_on-day": "20",
        "meeting_on-month": "10",
        "meeting_on-year": "2026",
        "outcome": "scr",
        "rapid_review": "yes",
        "rationale": "Meets the criteria.",
        "ref": "Ref001",
        "previous_decision": "",
    }
    response = client_for(getattr(world, who)).post(f"/referrals/{referral.pk}/decision/", data)
    assert response.status_code in (403, 404)
    assert not referral.decisions.exists()
