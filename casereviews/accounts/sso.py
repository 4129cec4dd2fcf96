"""Single sign-on with OpenID Connect, one provider per partnership (docs/adr/0034).

Authlib's Django client does the protocol: discovery, the authorisation-code flow with PKCE
(S256), state and nonce kept in the session, the ID token's signature checked against the
provider's JWKS and its claims (issuer, audience, expiry, nonce) validated. What is ours is
who the token may sign in: an active user of that partnership whose email address is the
token's, and only when the provider says the address is verified. Nobody is created here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from requests import RequestException

from casereviews.accounts.models import SingleSignOn, User

SCOPES = "openid email profile"


class SignInRefused(Exception):
    """The provider answered, but this answer signs nobody in. `reason` is for the audit log
    (never a token or a secret); `message` is what the person is told."""

    def __init__(self, reason: str, message: str, email: str = "") -> None:
        super().__init__(reason)
        self.reason, self.message, self.email = reason, message, email


@dataclass(frozen=True)
class Identity:
    email: str
    subject: str


def client_secret(sso: SingleSignOn) -> str:
    secret = os.environ.get(sso.secret_variable, "")
    if not secret:
        raise ImproperlyConfigured(
            f"Single sign-on for {sso.partnership} needs its client secret in the environment "
            f"variable {sso.secret_variable}"
        )
    return secret


def client(sso: SingleSignOn):
    """An Authlib client for this partnership's provider (discovery from its issuer)."""
    oauth = OAuth()
    return oauth.register(
        name=f"sso-{sso.partnership.slug}",
        client_id=sso.client_id,
        client_secret=client_secret(sso),
        server_metadata_url=sso.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPES, "code_challenge_method": "S256"},
    )


def start(request: HttpRequest, sso: SingleSignOn, callback: str):
    """The redirect to the provider's authorisation page, or SignInRefused when the provider
    cannot be used (its secret is not in the environment, or it does not answer)."""
    try:
        return client(sso).authorize_redirect(request, callback)
    except ImproperlyConfigured as error:
        raise SignInRefused(
            "client secret not configured",
            f"Single sign-on with {sso.label} is not set up completely. Tell your business "
            "unit; sign in with your username and password meanwhile.",
        ) from error
    except RequestException as error:
        raise SignInRefused(
            f"provider unreachable: {type(error).__name__}",
            f"{sso.label} could not be reached. Try again in a few minutes.",
        ) from error


def _true(value) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def verified_identity(sso: SingleSignOn, claims: dict) -> Identity:
    """The verified email address the ID token's claims vouch for, or SignInRefused."""
    email = str(claims.get("email") or "").strip()
    if not email:
        raise SignInRefused(
            "no email claim",
            f"{sso.label} did not tell us your email address, so we cannot find your account.",
        )
    verified = _true(claims.get("email_verified"))
    if not verified and "email_verified" not in claims and sso.trust_entra_domain_verified:
        verified = _true(claims.get("xms_edov"))
    if not verified:
        raise SignInRefused(
            "email not verified",
            f"{sso.label} has not verified the email address {email}, so we cannot use it to "
            "find your account.",
            email,
        )
    return Identity(email=email, subject=str(claims.get("sub", "")))


def match_user(sso: SingleSignOn, identity: Identity) -> User:
    """The one active user of the partnership with this email address (any case)."""
    users = list(
        User.objects.filter(
            partnership=sso.partnership,
            email__iexact=identity.email,
            is_active=True,
            is_service_account=False,
        )[:2]
    )
    if not users:
        raise SignInRefused(
            "no account",
            f"There is no account for {identity.email} in {sso.partnership}. Ask your business "
            "unit to add you, with this email address.",
            identity.email,
        )
    if len(users) > 1:
        raise SignInRefused(
            "more than one account",
            f"More than one account in {sso.partnership} has the email address "
            f"{identity.email}. Ask your business unit to give each account its own address.",
            identity.email,
        )
    return users[0]


START_AGAIN = "Go back to the sign-in page and start again."


def _token_problem(error: JoseError) -> str:
    if isinstance(error, BadSignatureError):
        return "ID token signature not valid"
    if isinstance(error, ExpiredTokenError):
        return "ID token expired"
    if isinstance(error, InvalidClaimError | MissingClaimError):
        return f"ID token claim not valid: {error.claim}"
    return f"ID token refused: {type(error).__name__}"


def complete(request: HttpRequest, sso: SingleSignOn) -> User:
    """Finish the authorisation-code flow at the callback and return who signs in, or raise
    SignInRefused. The state must be the one this browser's session started (Authlib keeps it
    in the session and forgets it once used), the ID token must be signed by the provider's
    key, issued by the configured issuer for our client id, unexpired, and carry our nonce."""
    provider = client(sso)
    try:
        metadata = provider.load_server_metadata()
        if metadata.get("issuer", "").rstrip("/") != sso.issuer.rstrip("/"):
            raise SignInRefused(
                "issuer in discovery document differs",
                f"{sso.label} is not set up as expected. Tell your business unit.",
            )
        token = provider.authorize_access_token(request)
    except MismatchingStateError as error:
        raise SignInRefused(
            "state did not match this browser's session",
            "This sign-in was not started in this browser, or it was already used. " + START_AGAIN,
        ) from error
    except OAuthError as error:
        raise SignInRefused(
            f"provider answered: {error.error}",
            f"{sso.label} did not sign you in. " + START_AGAIN,
        ) from error
    except JoseError as error:
        raise SignInRefused(
            _token_problem(error),
            f"The answer from {sso.label} could not be trusted, so you are not signed in. "
            + START_AGAIN,
        ) from error
    except RequestException as error:
        raise SignInRefused(
            f"provider unreachable: {type(error).__name__}",
            f"{sso.label} could not be reached. Try again in a few minutes.",
        ) from error
    claims = token.get("userinfo")
    if not claims:
        raise SignInRefused("no ID token", f"{sso.label} did not say who you are. " + START_AGAIN)
    return match_user(sso, verified_identity(sso, dict(claims)))
