"""Single sign-on against a real OpenID Connect provider running on this machine: the
authorisation-code flow with PKCE over HTTP, RS256 ID tokens checked against its JWKS."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django_otp.plugins.otp_totp.models import TOTPDevice
from joserfc import jwt

from casereviews.accounts.models import User
from casereviews.core.models import AuditLog

pytestmark = pytest.mark.django_db

START = "/accounts/sign-in/sso/northshire/"


@pytest.fixture
def lead(world):
    world.subgroup_member.email = "Lead@Northshire.example"
    world.subgroup_member.save()
    return world.subgroup_member


def person(email="lead@northshire.example", verified=True, **more) -> dict:
    claims = {"sub": "entra-object-id-1", "email": email, "name": "Lee Lead", **more}
    if verified is not None:
        claims["email_verified"] = verified
    return claims


def through_provider(client, start=START):
    """The browser's round trip: our start page, the provider's authorise page, our callback.
    Returns (the callback's response, the callback URL)."""
    response = client.get(start)
    assert response.status_code == 302
    authorize = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert authorize.status_code == 302, authorize.text
    back = urlparse(authorize.headers["Location"])
    callback = f"{back.path}?{back.query}"
    return client.get(callback), callback


def signed_in_user(client):
    response = client.get("/")
    return response.status_code == 200, response


def test_the_sign_in_page_offers_the_partnerships_provider(client, oidc):
    html = client.get("/accounts/sign-in/").content.decode()
    assert "Sign in with Microsoft Entra ID (Northshire Safeguarding Partnership)" in html
    assert START in html


def test_a_verified_email_signs_in_the_existing_account_with_pkce(client, oidc, lead):
    oidc.person = person()
    users_before = User.objects.count()
    response, _ = through_provider(client)
    assert response.status_code == 302 and response["Location"] == "/"
    ok, page = signed_in_user(client)
    assert ok and "Signed in as" in page.content.decode()
    assert int(client.session["_auth_user_id"]) == lead.pk
    assert User.objects.count() == users_before  # nobody made
    lead.refresh_from_db()
    assert lead.role == "subgroup_member"  # the rights the business unit gave, no more
    # PKCE: the challenge went to the provider, and the verifier it checked to the token call.
    authorize = next(s for s in oidc.seen if s["endpoint"] == "authorize")
    token = next(s for s in oidc.seen if s["endpoint"] == "token")
    assert authorize["code_challenge_method"] == "S256" and authorize["nonce"]
    assert len(token["code_verifier"]) >= 43
    entry = AuditLog.objects.filter(action="sign_in", actor=lead).latest("id")
    assert entry.changes == {"method": "single sign-on (Microsoft Entra ID)"}
    assert oidc.client_secret not in str(AuditLog.objects.values_list("changes", flat=True))


def test_the_id_token_really_is_rs256_from_the_jwks(oidc):
    from tests.accounts.oidc_provider import Grant

    token = oidc.id_token(Grant(oidc.client_id, "", "", "n", person()))
    header = jwt.decode(token, oidc.key).header
    assert header["alg"] == "RS256" and header["kid"] == oidc.jwks()["keys"][0]["kid"]


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        # Authlib checks azp (for a token naming another audience) before aud itself.
        ("wrong_audience", {"ID token claim not valid: aud", "ID token claim not valid: azp"}),
        ("expired", {"ID token expired"}),
        ("bad_signature", {"ID token signature not valid"}),
        ("wrong_nonce", {"ID token claim not valid: nonce"}),
    ],
)
def test_an_untrustworthy_id_token_is_refused(client, oidc, lead, fault, reason):
    oidc.person = person()
    oidc.faults = {fault}
    response, _ = through_provider(client)
    assert response.status_code == 403
    html = response.content.decode()
    assert "could not be trusted, so you are not signed in" in html
    assert "_auth_user_id" not in client.session
    entry = AuditLog.objects.filter(action="sign_in_failed").latest("id")
    assert entry.changes["method"] == "single sign-on"
    assert entry.changes["reason"] in reason
    assert entry.partnership_id == lead.partnership_id


def test_a_state_from_another_session_is_refused(client, oidc, lead):
    oidc.person = person()
    start = client.get(START)
    authorize = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = urlparse(authorize.headers["Location"])
    query = parse_qs(back.query)
    forged = f"{back.path}?code={query['code'][0]}&state=forged-state"
    response = client.get(forged)
    assert response.status_code == 403
    assert "not started in this browser" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_callback_cannot_be_replayed(client, oidc, lead):
    oidc.person = person()
    response, callback = through_provider(client)
    assert response.status_code == 302
    client.post("/accounts/sign-out/")
    again = client.get(callback)
    assert again.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_unverified_email_is_refused(client, oidc, lead):
    oidc.person = person(verified=False)
    response, _ = through_provider(client)
    assert response.status_code == 403
    assert "has not verified the email address" in response.content.decode()
    assert AuditLog.objects.filter(
        action="sign_in_failed", changes__reason="email not verified"
    ).exists()


def test_entra_domain_verification_counts_only_when_the_partnership_says_so(client, oidc, lead):
    oidc.person = person(verified=None, xms_edov=True)  # as Entra ID sends a work account
    refused, _ = through_provider(client)
    assert refused.status_code == 403
    config = lead.partnership.single_sign_on
    config.trust_entra_domain_verified = True
    config.save()
    accepted, _ = through_provider(client)
    assert accepted.status_code == 302
    assert int(client.session["_auth_user_id"]) == lead.pk


def test_no_account_is_refused_with_a_clear_page_and_nobody_is_made(client, oidc, lead):
    oidc.person = person(email="stranger@northshire.example")
    users_before = User.objects.count()
    response, _ = through_provider(client)
    assert response.status_code == 403
    html = response.content.decode()
    assert "There is no account for stranger@northshire.example" in html
    assert "Ask your business unit to add you" in html
    assert User.objects.count() == users_before


def test_an_account_of_another_partnership_is_not_matched(client, oidc, world):
    world.outsider.email = "outsider@southshire.example"
    world.outsider.save()
    oidc.person = person(email="outsider@southshire.example")
    response, _ = through_provider(client)
    assert response.status_code == 403


def test_a_deactivated_account_cannot_sign_in(client, oidc, lead):
    lead.is_active = False
    lead.save()
    oidc.person = person()
    response, _ = through_provider(client)
    assert response.status_code == 403


def test_a_single_sign_on_session_is_not_asked_for_a_second_code(client, oidc, world, settings):
    settings.CASEREVIEWS_REQUIRE_TWO_FACTOR = True
    bu = world.business_unit
    bu.email = "bu@northshire.example"
    bu.save()
    TOTPDevice.objects.create(user=bu, name="Authenticator app", confirmed=True)
    oidc.person = person(email="bu@northshire.example")
    response, _ = through_provider(client)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_secret_comes_from_the_environment(client, oidc, lead, monkeypatch):
    monkeypatch.setenv("OIDC_CLIENT_SECRET_NORTHSHIRE", "not-the-secret")
    oidc.person = person()
    response, _ = through_provider(client)
    assert response.status_code == 403  # the provider refused our client
    entry = AuditLog.objects.filter(action="sign_in_failed").latest("id")
    assert entry.changes["reason"] == "provider answered: invalid_client"
    assert "not-the-secret" not in str(entry.changes)


def test_a_missing_secret_or_a_silent_provider_is_a_clear_page(client, oidc, monkeypatch):
    monkeypatch.delenv("OIDC_CLIENT_SECRET_NORTHSHIRE")
    response = client.get(START)
    assert response.status_code == 503
    assert "is not set up completely" in response.content.decode()
    monkeypatch.setenv("OIDC_CLIENT_SECRET_NORTHSHIRE", oidc.client_secret)
    config = oidc_config(client)
    config.issuer = "http://127.0.0.1:9"  # nothing listens there
    config.save()
    response = client.get(START)
    assert response.status_code == 503
    assert "could not be reached" in response.content.decode()
    failed = AuditLog.objects.filter(action="sign_in_failed").order_by("id")
    reasons = failed.values_list("changes", flat=True)
    assert [r["reason"] for r in reasons] == [
        "client secret not configured",
        "provider unreachable: ConnectionError",
    ]


def oidc_config(client):
    from casereviews.accounts.models import SingleSignOn

    return SingleSignOn.objects.get(partnership__slug="northshire")
