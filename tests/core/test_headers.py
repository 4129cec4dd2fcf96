"""Every page carries a Content-Security-Policy that forbids inline script, and nothing a
signed-in user sees may be stored by the browser; static files stay cacheable."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def test_a_page_forbids_inline_script_and_framing(client):
    response = client.get("/accounts/sign-in/")
    policy = directives(response)
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'self'" in scripts
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert "'unsafe-inline'" not in policy["style-src"]


def test_the_one_inline_script_carries_this_responses_nonce(client):
    first = client.get("/accounts/sign-in/")
    second = client.get("/accounts/sign-in/")
    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)
    html = first.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [f' nonce="{nonce}"'], "only the js-enabled line may be inline"
    assert nonce not in second["Content-Security-Policy"]  # a new nonce on every response
    assert 'src="/static/casereviews-init.js"' in html


@pytest.mark.parametrize("path", ["/", "/reviews/", "/referrals/", "/audit-log/"])
def test_signed_in_pages_are_not_stored(client_for, world, path):
    response = client_for(world.business_unit).get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_static_files_stay_cacheable_when_signed_in(client_for, world):
    response = client_for(world.business_unit).get("/static/casereviews-init.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert b"initAll" in b"".join(response.streaming_content)
