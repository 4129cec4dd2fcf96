"""A service account is a User (api.ServiceAccount), but not a person: the business unit's user
pages neither list it nor let it be given a password, a role or two-factor sign-in, and it can
never sign in to the pages, whatever password it might have been given."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from casereviews.accounts import services as account_services
from casereviews.accounts import two_factor
from casereviews.api import services as api_services

STRONG = "A long and unusual passphrase 1!"


@pytest.fixture
def system(world):
    account = api_services.create_service_account(
        world.business_unit, name="Police case system", agency=world.police
    )
    return account.user


def test_the_user_list_leaves_it_out_and_points_to_its_own_page(client_for, world, system):
    html = client_for(world.business_unit).get("/accounts/users/").content.decode()
    assert system.username not in html and "Police case system" not in html
    assert "1 service account (agencies&#39; systems using the API)" in html or (
        "1 service account (agencies' systems using the API)" in html
    )
    assert 'href="/accounts/service-accounts/"' in html
    assert world.subgroup_member.username in html


def test_its_user_pages_are_not_found_and_change_nothing(client_for, world, system):
    client = client_for(world.business_unit)
    for url in (
        f"/accounts/users/{system.pk}/",
        f"/accounts/users/{system.pk}/password/",
        f"/accounts/users/{system.pk}/two-factor/",
    ):
        assert client.get(url).status_code == 404
    posted = {
        "username": system.username,
        "first_name": "Police",
        "last_name": "System",
        "role": "business_unit",
        "agency": world.police.pk,
        "is_active": "on",
        "password1": STRONG,
        "password2": STRONG,
    }
    for url in (f"/accounts/users/{system.pk}/", f"/accounts/users/{system.pk}/password/"):
        assert client.post(url, posted).status_code == 404
    system.refresh_from_db()
    assert system.role == "subgroup_member" and not system.has_usable_password()


def test_the_services_refuse_it_too(world, system):
    with pytest.raises(PermissionDenied):
        account_services.reset_password(world.business_unit, system, STRONG)
    with pytest.raises(PermissionDenied):
        account_services.update_user(world.business_unit, system, {"role": "business_unit"})
    with pytest.raises(PermissionDenied):
        two_factor.reset(world.business_unit, system)
    system.refresh_from_db()
    assert system.role == "subgroup_member" and not system.has_usable_password()


def test_it_cannot_sign_in_even_with_a_password(world, system, settings):
    settings.CASEREVIEWS_REQUIRE_TWO_FACTOR = False
    system.set_password(STRONG)  # as if given one some other way (the platform's admin)
    system.save()
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": system.username, "password": STRONG})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A person signs in the same way.
    world.subgroup_member.set_password(STRONG)
    world.subgroup_member.save()
    response = client.post(
        "/accounts/sign-in/", {"username": world.subgroup_member.username, "password": STRONG}
    )
    assert response.status_code == 302


def test_a_session_it_somehow_held_is_not_recognised(system):
    client = Client()
    client.force_login(system)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/?next=/"


def test_the_people_pickers_leave_it_out(world, system):
    from casereviews.audits import selectors as audit_selectors
    from casereviews.chronology import selectors as chronology_selectors
    from casereviews.events import selectors as event_selectors
    from casereviews.reviews import selectors as review_selectors

    bu = world.business_unit
    offered = [
        review_selectors.partnership_users(bu),  # lead reviewer, restricted members
        event_selectors.people(bu),
        event_selectors.managers(bu),
        chronology_selectors.possible_contributors(bu),
        audit_selectors.supervisor_choices(world.practitioner, world.police.pk),
    ]
    for people in offered:
        assert system not in people
    assert world.subgroup_member in review_selectors.partnership_users(bu)
