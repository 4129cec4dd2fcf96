"""Tokens: a live one opens the API; unknown, revoked, expired ones and those of a deactivated
user are refused alike with a JSON 401; only a hash is stored; the pages make and revoke them."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.test import Client
from django.utils import timezone

from casereviews.api.models import ApiToken
from casereviews.core.models import AuditAction, AuditLog
from tests.api.conftest import api, token_for


def test_a_live_token_opens_the_api_and_is_marked_used(world, records):
    raw = token_for(world.business_unit)
    response = api(raw).get("/api/v1/reviews/")
    assert response.status_code == 200
    assert {r["ref"] for r in response.json()["results"]} == {"Ref101", "Ref102"}
    token = ApiToken.objects.get(user=world.business_unit)
    assert token.last_used_at is not None


def test_only_the_hash_of_a_token_is_stored_or_logged(world):
    raw = token_for(world.business_unit)
    token = ApiToken.objects.get(user=world.business_unit)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(ApiToken.objects.values_list()))
    assert raw not in str(list(AuditLog.objects.values_list("changes", "object_repr")))
    assert raw.startswith(token.prefix) and len(token.prefix) < 12


def _refused(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "not valid" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_revoked_expired_and_deactivated_tokens_are_refused(world, records):
    _refused(api("crv_not-a-real-token").get("/api/v1/reviews/"))

    revoked = token_for(world.business_unit)
    from casereviews.api import services

    services.revoke(world.business_unit, ApiToken.objects.get(prefix=revoked[:10]))
    _refused(api(revoked).get("/api/v1/reviews/"))

    expired = token_for(world.subgroup_member)
    ApiToken.objects.filter(prefix=expired[:10]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    _refused(api(expired).get("/api/v1/reviews/"))

    gone = token_for(world.reviewer)
    type(world.reviewer).objects.filter(pk=world.reviewer.pk).update(is_active=False)
    _refused(api(gone).get("/api/v1/reviews/"))


def test_no_token_is_a_json_401_and_the_call_is_audited(world):
    response = Client().get("/api/v1/reviews/")
    assert response.status_code == 401
    assert "detail" in response.json()
    entry = AuditLog.objects.filter(action=AuditAction.API_CALL).latest("id")
    assert entry.actor is None and "without a valid token" in entry.actor_name
    assert entry.changes["status"] == 401


def test_a_person_makes_sees_once_and_revokes_their_own_token(world):
    client = Client()
    client.force_login(world.practitioner)
    response = client.post("/accounts/api-tokens/", {"name": "My script", "lifetime": "30"})
    assert response.status_code == 302  # to the page that shows it, once
    response = client.get(response["Location"])
    token = ApiToken.objects.get(user=world.practitioner)
    shown = response.content.decode()
    assert "Copy it now" in shown and token.prefix in shown
    raw = shown.split('data-testid="new-token">', 1)[1].split("<", 1)[0]
    assert api(raw).get("/api/v1/briefings/").status_code == 200
    # Shown once: the list afterwards has its prefix only.
    again = client.get("/accounts/api-tokens/").content.decode()
    assert raw not in again and token.prefix in again and "My script" in again
    response = client.post(f"/accounts/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api(raw).get("/api/v1/briefings/").status_code == 401
    assert "Revoked" in client.get("/accounts/api-tokens/").content.decode()


def test_nobody_revokes_another_persons_token(world):
    token_for(world.business_unit)
    token = ApiToken.objects.get(user=world.business_unit)
    client = Client()
    client.force_login(world.subgroup_member)
    assert client.post(f"/accounts/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_business_unit_adds_a_service_account_and_its_token(world):
    client = Client()
    client.force_login(world.business_unit)
    response = client.post(
        "/accounts/service-accounts/", {"name": "Police case system", "agency": world.police.pk}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Police case system" in page.content.decode()
    made = client.post(
        response["Location"], {"name": "Nightly sync", "lifetime": "365"}, follow=True
    )
    raw = made.content.decode().split('data-testid="new-token">', 1)[1].split("<", 1)[0]
    system = ApiToken.objects.get(prefix=raw[:10]).user
    assert system.role == "subgroup_member" and system.agency == world.police
    assert not system.has_usable_password()
    assert api(raw).get("/api/v1/actions/").status_code == 200


def test_only_the_business_unit_manages_service_accounts(world):
    client = Client()
    client.force_login(world.subgroup_member)
    assert client.get("/accounts/service-accounts/").status_code == 403
    response = client.post(
        "/accounts/service-accounts/", {"name": "Sneaky", "agency": world.police.pk}
    )
    assert response.status_code == 403


def test_calls_past_the_rate_are_refused_per_token_with_a_json_429(world, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute"},
    }
    busy, calm = token_for(world.business_unit), token_for(world.subgroup_member)
    statuses = [api(busy).get("/api/v1/events/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api(busy).get("/api/v1/events/")
    assert refused.status_code == 429 and "throttled" in refused.json()["detail"].lower()
    assert int(refused["Retry-After"]) > 0
    assert api(calm).get("/api/v1/events/").status_code == 200  # another token's own count
