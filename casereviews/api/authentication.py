"""How an API call says who makes it: a bearer token, or the signed-in session (with CSRF)."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import authentication, exceptions

from . import services
from .models import ApiToken

REFUSED = "The token is not valid: it is unknown, revoked or expired"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer crv_…`. Unknown, revoked and expired tokens, and tokens of a
    deactivated user, are refused alike (401) so a caller learns nothing about which it was."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after 'Bearer ', with no spaces")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(REFUSED) from exc
        token = (
            ApiToken.objects.select_related("user", "user__partnership")
            .filter(key_hash=services.hash_token(raw))
            .first()
        )
        if (
            token is None
            or token.revoked_at is not None
            or token.expires_at <= timezone.now()
            or not token.user.is_active
            or token.user.partnership_id is None
        ):
            raise exceptions.AuthenticationFailed(REFUSED)
        services.touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The pages' session, for the browsable docs: unsafe methods need the CSRF token."""
