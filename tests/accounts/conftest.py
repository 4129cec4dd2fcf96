"""Real parts for the sign-in tests: an OpenID Connect provider on a free port of this machine
for the length of one test, and a clock that can be moved on (the SMTP server is shared:
tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.accounts.oidc_provider import serve_for


@pytest.fixture
def oidc(world, monkeypatch):
    """Northshire's Entra-like provider, running, configured as its single sign-on, for the
    test client (whose site is http://testserver)."""
    provider, running = serve_for(world.partnership, monkeypatch, "http://testserver")
    yield provider
    running.stop()


@pytest.fixture
def clock():
    """clock(minutes) moves time that far on for the rest of the test."""
    travels = []

    def move(minutes: int) -> None:
        travel = time_machine.travel(
            dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes), tick=True
        )
        travel.start()
        travels.append(travel)

    yield move
    for travel in reversed(travels):
        travel.stop()
