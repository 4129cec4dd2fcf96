"""Fixtures shared by the whole suite: a partnership with one user per role, and an outsider."""

from __future__ import annotations

import asyncio
import email
import socket
from dataclasses import dataclass
from email.message import Message

import pytest


def pytest_collection_modifyitems(items):
    """The real-clock test runs last, after every fixture any earlier test could have leaked."""
    last = [item for item in items if item.nodeid.startswith("tests/test_real_clock.py")]
    items[:] = [item for item in items if item not in last] + last


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    if not request.config.pluginmanager.hasplugin("django"):
        return  # the engine's tests, run as a plain library without Django
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """One partnership with agencies and a user of every role, and another partnership."""

    partnership: object
    police: object
    health: object
    business_unit: object
    subgroup_member: object  # agency lead for the police
    other_subgroup_member: object  # agency lead for health
    reviewer: object
    practitioner: object
    other_partnership: object
    outsider: object  # business unit of the other partnership: sees nothing of ours


@pytest.fixture
def world(db) -> World:
    # Imported here so that the engine's tests run without Django (`-p no:django`).
    from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

    partnership = PartnershipFactory(name="Northshire Safeguarding Partnership", slug="northshire")
    police = AgencyFactory(partnership=partnership, name="Northshire Police")
    health = AgencyFactory(partnership=partnership, name="Northshire Health")
    other = PartnershipFactory(name="Southshire Safeguarding Partnership", slug="southshire")
    return World(
        partnership=partnership,
        police=police,
        health=health,
        business_unit=UserFactory(
            username="bu", partnership=partnership, agency=None, role="business_unit"
        ),
        subgroup_member=UserFactory(
            username="lead", partnership=partnership, agency=police, role="subgroup_member"
        ),
        other_subgroup_member=UserFactory(
            username="lead2", partnership=partnership, agency=health, role="subgroup_member"
        ),
        reviewer=UserFactory(
            username="reviewer", partnership=partnership, agency=None, role="reviewer"
        ),
        practitioner=UserFactory(
            username="practitioner", partnership=partnership, agency=health, role="practitioner"
        ),
        other_partnership=other,
        outsider=UserFactory(username="outsider", partnership=other, role="business_unit"),
    )


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user."""

    def make(user):
        client.force_login(user)
        return client

    return make


# --- A real SMTP server (password reset links, reminders) ----------------------------------


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
    from aiosmtpd.controller import Controller

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
