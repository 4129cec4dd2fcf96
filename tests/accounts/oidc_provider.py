"""A small but real OpenID Connect provider for the test suite (docs/adr/0034).

It runs in a thread on a free port of 127.0.0.1 and speaks the protocol over HTTP: discovery,
JWKS, the authorisation endpoint (which signs in `person` at once, as a provider does for
someone already signed in there) and the token endpoint, which checks the client's secret,
the redirect address and the PKCE verifier (S256) and issues an ID token signed with RS256
(joserfc). A test can make it misbehave the ways a real attacker or a misconfigured tenant
would: `faults` puts a wrong audience, an expired token, a signature by another key or a
wrong nonce into the next ID tokens.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

FAULTS = {"wrong_audience", "expired", "bad_signature", "wrong_nonce"}


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str
    claims: dict


@dataclass
class Provider:
    client_id: str = "casereviews-test-client"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    redirect_uris: set[str] = field(default_factory=set)
    person: dict = field(default_factory=dict)  # the claims of whoever is signed in there
    faults: set[str] = field(default_factory=set)
    seen: list[dict] = field(default_factory=list)  # what each endpoint was sent
    issuer: str = ""

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        # Another key with the same id: a token it signs does not verify with the JWKS.
        self.rogue_key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        self.grants: dict[str, Grant] = {}

    # --- the endpoints ------------------------------------------------------------------
    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False)]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict, str]:
        self.seen.append({"endpoint": "authorize", **query})
        if query.get("client_id") != self.client_id:
            return 400, {}, "unknown client"
        redirect_uri = query.get("redirect_uri", "")
        if redirect_uri not in self.redirect_uris:
            return 400, {}, "redirect_uri not registered"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", ""):
            return 400, {}, "only the code flow with openid"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {}, "PKCE with S256 is required"
        code = secrets.token_urlsafe(24)
        self.grants[code] = Grant(
            self.client_id,
            redirect_uri,
            query["code_challenge"],
            query.get("nonce", ""),
            dict(self.person),
        )
        back = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{redirect_uri}?{urlencode(back)}"}, ""

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict]:
        self.seen.append({"endpoint": "token", **{k: v for k, v in form.items()}})
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, secret = (part for part in decoded.split(":", 1))
        if client_id != self.client_id or not secrets.compare_digest(secret, self.client_secret):
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier"}
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": grant.claims.get("sub", "subject-1"),
            "aud": "someone-else" if "wrong_audience" in self.faults else grant.client_id,
            "iat": now - (3600 if "expired" in self.faults else 0),
            "exp": now - 1800 if "expired" in self.faults else now + 300,
            "nonce": "not-the-nonce" if "wrong_nonce" in self.faults else grant.nonce,
            **{k: v for k, v in grant.claims.items() if k != "sub"},
        }
        key = self.rogue_key if "bad_signature" in self.faults else self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet in the test output
            pass

        def _send(self, status: int, body: str | dict = "", headers: dict | None = None) -> None:
            data = json.dumps(body) if isinstance(body, dict) else body
            self.send_response(status)
            kind = "application/json" if isinstance(body, dict) else "text/plain"
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data.encode())

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            url = urlparse(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._send(200, provider.metadata())
            elif url.path == "/jwks":
                self._send(200, provider.jwks())
            elif url.path == "/authorize":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                status, headers, text = provider.authorize(query)
                self._send(status, text, headers)
            else:
                self._send(404, "not found")

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            if urlparse(self.path).path != "/token":
                self._send(404, "not found")
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            status, body = provider.token(form, self.headers.get("Authorization", ""))
            self._send(status, body)

    return Handler


class Running:
    """The provider served on a free port until `stop()`."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
        provider.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def serve_for(partnership, monkeypatch, site_url: str) -> tuple[Provider, Running]:
    """A running provider set up as `partnership`'s single sign-on for the site at `site_url`:
    the configuration a platform admin makes, and the secret in the environment."""
    from casereviews.accounts.models import SingleSignOn

    provider = Provider()
    running = Running(provider)
    provider.redirect_uris.add(f"{site_url}/accounts/sign-in/sso/{partnership.slug}/callback/")
    config = SingleSignOn.objects.create(
        partnership=partnership,
        label="Microsoft Entra ID",
        issuer=provider.issuer,
        client_id=provider.client_id,
    )
    monkeypatch.setenv(config.secret_variable, provider.client_secret)
    return provider, running
