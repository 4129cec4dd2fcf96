"""The business unit's pages for its partnership's agencies and users."""

from __future__ import annotations

import pytest

from casereviews.accounts.models import Agency, User
from casereviews.core.models import AuditLog

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "a-long-and-unusual-passphrase-7"


def new_user_data(**extra):
    data = {
        "username": "new.person",
        "first_name": "Nia",
        "last_name": "Person",
        "email": "",
        "job_title": "Designated nurse",
        "role": "subgroup_member",
        "agency": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(extra)
    return data


# --- permissions ---------------------------------------------------------------------------


def _urls(world):
    return [
        "/accounts/users/",
        "/accounts/users/add/",
        f"/accounts/users/{world.reviewer.pk}/",
        f"/accounts/users/{world.reviewer.pk}/password/",
        "/accounts/agencies/",
        "/accounts/agencies/add/",
        f"/accounts/agencies/{world.police.pk}/",
    ]


def test_business_unit_opens_every_page(client_for, world):
    client = client_for(world.business_unit)
    for url in _urls(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["subgroup_member", "reviewer", "practitioner"])
def test_others_of_the_partnership_are_refused(client_for, world, who):
    client = client_for(getattr(world, who))
    for url in _urls(world):
        assert client.get(url).status_code == 403, url
    response = client.post("/accounts/agencies/add/", {"name": "Sneaky"})
    assert response.status_code == 403
    assert not Agency.objects.filter(name="Sneaky").exists()


def test_another_partnership_gets_404_for_our_user_and_agency(client_for, world):
    client = client_for(world.outsider)
    for url in _urls(world)[2:4] + _urls(world)[6:]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/accounts/users/{world.reviewer.pk}/password/",
        {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert response.status_code == 404
    html = client.get("/accounts/users/").content.decode()
    assert world.reviewer.username not in html
    assert "Northshire Police" not in client.get("/accounts/agencies/").content.decode()


# --- users ---------------------------------------------------------------------------------


def test_list_shows_the_partnerships_users_only(client_for, world):
    html = client_for(world.business_unit).get("/accounts/users/").content.decode()
    for user in (world.subgroup_member, world.reviewer, world.practitioner):
        assert user.username in html
    assert ">outsider<" not in html


def test_add_a_user_with_role_agency_and_password(client_for, world):
    client = client_for(world.business_unit)
    response = client.post("/accounts/users/add/", new_user_data(agency=str(world.health.pk)))
    assert response.status_code == 302
    user = User.objects.get(username="new.person")
    assert (user.partnership, user.agency, user.role) == (
        world.partnership,
        world.health,
        "subgroup_member",
    )
    assert user.check_password(GOOD_PASSWORD)
    entry = AuditLog.objects.get(action="create", object_type="accounts.User", object_id=user.pk)
    assert entry.actor == world.business_unit
    assert entry.changes["after"]["role"] == "subgroup_member"
    assert "password" not in str(entry.changes).lower()
    assert user.password not in str(entry.changes)


def test_weak_password_is_refused_with_the_validators_message(client_for, world):
    client = client_for(world.business_unit)
    response = client.post(
        "/accounts/users/add/", new_user_data(password1="short", password2="short")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "This password is too short. It must contain at least 12 characters." in html
    assert 'value="short"' not in html  # never echoed back
    assert not User.objects.filter(username="new.person").exists()
    response = client.post(
        "/accounts/users/add/", new_user_data(password1="password1234", password2="password1234")
    )
    assert "This password is too common." in response.content.decode()


def test_passwords_must_match(client_for, world):
    response = client_for(world.business_unit).post(
        "/accounts/users/add/", new_user_data(password2=GOOD_PASSWORD + "x")
    )
    assert "The passwords do not match" in response.content.decode()
    assert not User.objects.filter(username="new.person").exists()


def test_username_must_be_unique_across_partnerships(client_for, world):
    response = client_for(world.business_unit).post(
        "/accounts/users/add/", new_user_data(username="OUTSIDER")
    )
    assert "The username OUTSIDER is already taken" in response.content.decode()
    assert User.objects.filter(username__iexact="outsider").count() == 1


def test_agency_of_another_partnership_cannot_be_chosen(client_for, world):
    theirs = Agency.objects.create(partnership=world.other_partnership, name="Their police")
    response = client_for(world.business_unit).post(
        "/accounts/users/add/", new_user_data(agency=str(theirs.pk))
    )
    assert "Select an agency of your partnership" in response.content.decode()
    assert not User.objects.filter(username="new.person").exists()


def test_edit_role_agency_and_deactivate_is_audited(client_for, world):
    person = world.practitioner
    response = client_for(world.business_unit).post(
        f"/accounts/users/{person.pk}/",
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": "",
            "job_title": "",
            "role": "reviewer",
            "agency": str(world.police.pk),
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.role, person.agency, person.is_active) == ("reviewer", world.police, False)
    entry = AuditLog.objects.get(action="update", object_id=person.pk)
    assert entry.changes["role"] == ["practitioner", "reviewer"]
    assert entry.changes["is_active"] == [True, False]


def test_business_unit_cannot_lock_themselves_out(client_for, world):
    me = world.business_unit
    response = client_for(me).post(
        f"/accounts/users/{me.pk}/",
        {"first_name": "A", "last_name": "B", "role": "practitioner", "agency": ""},
    )
    html = response.content.decode()
    assert "You cannot change your own role" in html
    assert "You cannot stop yourself signing in" in html
    me.refresh_from_db()
    assert me.role == "business_unit" and me.is_active


def test_reset_password(client_for, world):
    client = client_for(world.business_unit)
    url = f"/accounts/users/{world.reviewer.pk}/password/"
    response = client.post(url, {"password1": "12345678901234", "password2": "12345678901234"})
    assert "This password is entirely numeric." in response.content.decode()
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    world.reviewer.refresh_from_db()
    assert world.reviewer.check_password(GOOD_PASSWORD)
    entry = AuditLog.objects.get(action="update", object_id=world.reviewer.pk)
    assert entry.changes == {"password": "changed"}
    assert world.reviewer.password not in str(entry.changes)


# --- agencies ------------------------------------------------------------------------------


def test_add_and_edit_an_agency(client_for, world):
    client = client_for(world.business_unit)
    response = client.post("/accounts/agencies/add/", {"name": "Probation", "short_name": "NPS"})
    assert response.status_code == 302
    agency = Agency.objects.get(name="Probation")
    assert agency.partnership == world.partnership and agency.active
    assert AuditLog.objects.filter(action="create", object_type="accounts.Agency").exists()
    # Deactivate: the agency stays, with its history.
    response = client.post(f"/accounts/agencies/{agency.pk}/", {"name": "Probation Service"})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.name, agency.active) == ("Probation Service", False)
    entry = AuditLog.objects.get(action="update", object_id=agency.pk)
    assert entry.changes["active"] == [True, False]


def test_agency_name_unique_in_partnership(client_for, world):
    response = client_for(world.business_unit).post(
        "/accounts/agencies/add/", {"name": "northshire police"}
    )
    html = response.content.decode()
    assert "already has an agency called northshire police" in html
    assert Agency.objects.filter(partnership=world.partnership).count() == 2


def test_agency_name_required(client_for, world):
    html = client_for(world.business_unit).post("/accounts/agencies/add/", {}).content.decode()
    assert "Enter the agency&#39;s name" in html or "Enter the agency's name" in html


def test_inactive_agency_not_offered_for_new_users(client_for, world):
    Agency.objects.filter(pk=world.health.pk).update(active=False)
    html = client_for(world.business_unit).get("/accounts/users/add/").content.decode()
    assert "Northshire Police" in html and "Northshire Health" not in html
