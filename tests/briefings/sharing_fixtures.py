"""Fixtures of the dissemination and newsletter tests, imported by the conftest.py of
tests/briefings/sharing/ and tests/briefings/newsletters/ so that they (and the frozen clock
there) apply to those folders only.

Published briefings are made directly with the model: the briefings pages and their publishing
service are tested on their own.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from casereviews.briefings.models import Briefing, BriefingKind, BriefingStatus
from tests.factories import AgencyFactory, ReviewFactory

# "Today" for these tests: Monday 2 March 2026.
TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_clock():
    """The clock at TODAY, 10:00 (autouse only in the folders whose conftest.py imports it)."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0), tick=False):
        yield


def _make_briefing(
    partnership,
    review,
    *,
    published_on=None,
    title="Learning from Ref057",
    kind=BriefingKind.SEVEN_MINUTE,
    sections=None,
) -> Briefing:
    return Briefing.objects.create(
        partnership=partnership,
        review=review,
        kind=kind,
        title=title,
        sections=sections
        or {
            "background": "Child A, aged 9 months, was known to health and children's social care.",
            "key_points": "Think family: who else lives in the home?\n"
            "Share information early\nHear the voice of the child",
        },
        status=BriefingStatus.PUBLISHED if published_on else BriefingStatus.DRAFT,
        published_on=published_on,
    )


@pytest.fixture
def review(world):
    return ReviewFactory(partnership=world.partnership, ref="Ref057", status="published")


@pytest.fixture
def education(world):
    return AgencyFactory(partnership=world.partnership, name="Northshire Education")


@pytest.fixture
def briefing(world, review, education):
    """Published 1 February 2026: 29 days before today."""
    return _make_briefing(world.partnership, review, published_on=dt.date(2026, 2, 1))


@pytest.fixture
def draft(world, review):
    return _make_briefing(world.partnership, review, title="Draft learning from Ref057")


@pytest.fixture
def theirs(world):
    """A published briefing of the other partnership."""
    other_review = ReviewFactory(partnership=world.other_partnership, ref="Ref001")
    return _make_briefing(
        world.other_partnership, other_review, published_on=dt.date(2026, 1, 5), title="Theirs"
    )


def _date_fields(name: str, day: dt.date | None) -> dict[str, str]:
    if day is None:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


@pytest.fixture
def make_briefing():
    """make_briefing(partnership, review, published_on=..., title=..., kind=..., sections=...)"""
    return _make_briefing


@pytest.fixture
def date_fields():
    """date_fields(name, date) -> the POST fields of a GOV.UK date input."""
    return _date_fields
