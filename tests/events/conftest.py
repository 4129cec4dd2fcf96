"""Events of the world's partnership, on a frozen day: Thursday 1 October 2026, 10:00."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from casereviews.events import services
from tests.factories import UserFactory

NOW = dt.datetime(2026, 10, 1, 10, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    root = tmp_path / "files"
    settings.FILES_ROOT = root
    return root


def at(days: int, hour: int = 9, minute: int = 30) -> dt.datetime:
    """A moment `days` from the frozen today, in the local time zone."""
    day = NOW.date() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def event_data(**overrides):
    data = {
        "kind": "training",
        "title": "Learning from Serious Case Reviews",
        "description": "Multi-agency training on the learning from local reviews.",
        "starts_at": at(14),
        "ends_at": at(14, 16, 0),
        "venue": "Northshire Professional Development Centre",
        "online": False,
        "facilitator": "Barnardo's",
        "capacity": 2,
        "audience": "Practitioners of every agency",
        "requested_by": None,
        "reviews": [],
        "themes": ["professional-curiosity", "voice-of-child"],
        "actions": [],
    }
    data.update(overrides)
    return data


@pytest.fixture
def colleague(world):
    return UserFactory(
        username="colleague", partnership=world.partnership, agency=world.police,
        role="practitioner", first_name="Casey", last_name="Jones",
    )  # fmt: skip


@pytest.fixture
def manager(world):
    return UserFactory(
        username="manager", partnership=world.partnership, agency=world.health,
        role="practitioner", first_name="Morgan", last_name="Ellis",
    )  # fmt: skip


@pytest.fixture
def event(world):
    return services.create_event(world.business_unit, world.partnership, event_data())
