"""Case audit fixtures: a practitioner, their manager (a colleague of the same agency) and a
second practitioner of that agency, on top of the suite's world."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.audits import services
from tests.factories import UserFactory


@pytest.fixture
def manager(world):
    return UserFactory(
        username="manager", partnership=world.partnership, agency=world.health, role="practitioner"
    )


@pytest.fixture
def colleague(world):
    return UserFactory(
        username="colleague",
        partnership=world.partnership,
        agency=world.health,
        role="practitioner",
    )


def details(world, manager=None, **overrides):
    data = {
        "case_reference": "HOSP-1001",
        "child": "Child A",
        "purpose": "case_supervision",
        "agency": world.health,
        "team": "Paediatrics",
        "audit_date": dt.date.today() - dt.timedelta(days=1),
        "supervisor": manager,
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(world, manager):
    """A draft audit by the practitioner, naming the manager as supervisor."""
    return services.start_audit(world.practitioner, world.partnership, details(world, manager))


def all_judged(judgement: str = "not_evident") -> dict[int, dict]:
    return {n: {"judgement": judgement, "seen": f"Seen under theme {n}."} for n in range(1, 10)}


@pytest.fixture
def completed(world, draft):
    services.save_answers(world.practitioner, draft, all_judged(), draft.version)
    return services.complete(world.practitioner, draft)
