"""Chronology fixtures: a review the suite's reviewer leads, its chronology (scope 2020-2023,
the child born in May 2019), and requests to the police (written by its lead) and to health
(written by the suite's practitioner, named as contributor)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from casereviews.chronology import services
from tests.factories import ReviewFactory

D = dt.date


@pytest.fixture
def review(world):
    return ReviewFactory(partnership=world.partnership, ref="Ref053", lead_reviewer=world.reviewer)


@pytest.fixture
def chronology(world, review):
    return services.start(
        world.business_unit,
        review,
        {
            "child": "Child F",
            "child_born_on": D(2019, 5, 1),
            "scope_from": D(2020, 1, 1),
            "scope_to": D(2023, 12, 31),
        },
    )


@pytest.fixture
def police_request(world, chronology):
    (made,) = services.request_agencies(
        world.business_unit, chronology, [world.police], D(2024, 3, 1)
    )
    return made


@pytest.fixture
def health_request(world, chronology):
    (made,) = services.request_agencies(
        world.business_unit, chronology, [world.health], D(2024, 3, 1), world.practitioner
    )
    return made


def entry(**kw):
    data = {
        "when": "12/03/2021",
        "source": "Police log 1/21",
        "event": "Called to the home after a report of shouting.",
        "people": "Child F, mother",
    }
    data.update(kw)
    return data


def workbook(rows, headings=None, title=True, sheet="Chronology") -> bytes:
    """An .xlsx of a chronology (a title row, a blank row, then the headings)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append(["Our chronology"])
        ws.append([])
    ws.append(
        headings
        or ["Date", "Time", "Source", "What happened", "People involved", "Shared", "Shared with"]
    )
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
