"""Real parts for the sign-in tests: an OpenID Connect provider and an SMTP server, each on a
free port of this machine for the length of one test, and a clock that can be moved on."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import socket
from email.message import Message

import pytest
import time_machine
from aiosmtpd.controller import Controller

from tests.accounts.oidc_provider import serve_for


@pytest.fixture
def oidc(world, monkeypatch):
    """Northshire's Entra-like provider, running, configured as its single sign-on, for the
    test client (whose site is http://testserver)."""
    provider, running = serve_for(world.partnership, monkeypatch, "http://testserver")
    yield provider
    running.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) that Django's SMTP backend sends to; returns its mailbox."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield mailbox
    controller.stop()
    asyncio.set_event_loop(None)


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
