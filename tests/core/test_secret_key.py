"""Without SECRET_KEY the app runs only as the local demo: on a server reachable under another
name, with DEBUG off, it refuses to start instead of signing sessions with the key in the code."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

IMPORT_SETTINGS = "import casereviews.config.settings as s; print(s.SECRET_KEY[:8])"


def import_settings(tmp_path, **env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {k: v for k, v in os.environ.items() if k not in unset}
    environ.update(CASEREVIEWS_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", IMPORT_SETTINGS],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("hosts", ["reviews.example.org", "127.0.0.1,reviews.example.org", "*"])
def test_a_public_host_without_a_secret_key_refuses_to_start(tmp_path, hosts):
    result = import_settings(tmp_path, DEBUG="0", ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert "insecure" not in result.stdout


def test_an_empty_secret_key_counts_as_missing(tmp_path):
    result = import_settings(
        tmp_path, DEBUG="0", ALLOWED_HOSTS="reviews.example.org", SECRET_KEY=""
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]"},  # make run, the tests
        {"DEBUG": "1", "ALLOWED_HOSTS": "reviews.example.org"},  # a developer's debug session
    ],
)
def test_the_local_demo_still_starts_with_the_development_key(tmp_path, env):
    result = import_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "insecure"


def test_a_set_secret_key_is_used(tmp_path):
    result = import_settings(
        tmp_path, DEBUG="0", ALLOWED_HOSTS="reviews.example.org", SECRET_KEY="k" * 60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "kkkkkkkk"
