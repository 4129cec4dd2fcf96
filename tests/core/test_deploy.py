"""Production settings pass Django's deployment checks, and pages carry the security headers."""

import os
import secrets
import subprocess
import sys

import pytest


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "reviews.example.org",
        "CASEREVIEWS_VAR_DIR": str(tmp_path),
    }
    env.pop("CASEREVIEWS_LOCAL_HTTP", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their thread
    result = subprocess.run(
        [sys.executable, "-m", "casereviews", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_development_key(tmp_path):
    env = {**os.environ, "DEBUG": "0", "CASEREVIEWS_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "casereviews", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


@pytest.mark.django_db
def test_security_headers_on_pages(client):
    response = client.get("/accounts/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
