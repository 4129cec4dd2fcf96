"""Referral tests run on a fixed day: Friday 20 November 2026."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import ReferralFactory

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    moment = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def referral(world):
    """A police referral in the world's partnership: received 1 Oct 2026, aware 28 Sep."""
    return ReferralFactory(
        partnership=world.partnership,
        source_agency=world.police,
        child_pseudonym="Child K",
        summary="Non-accidental injury to a baby.",
        age_years=0,
        age_months=7,
    )


def date_parts(name: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {
        f"{name}-day": str(value.day),
        f"{name}-month": str(value.month),
        f"{name}-year": str(value.year),
    }


def referral_post(world, **overrides) -> dict[str, str]:
    """A valid referral form submission; overrides replace fields (None removes one)."""
    data = {
        **date_parts("received_on", dt.date(2026, 11, 2)),
        "source_agency": str(world.police.pk),
        "is_serious_incident_notification": "yes",
        **date_parts("la_aware_on", dt.date(2026, 10, 30)),
        "child_pseudonym": "Child Q",
        "age_years": "3",
        "age_months": "4",
        "gender": "male",
        "locality": "Kettering",
        "harm_category": "neglect",
        "summary": "Neglect of a young child over many months.",
    }
    for key, value in overrides.items():
        if key.endswith("_on"):
            data.update(date_parts(key, value))
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
