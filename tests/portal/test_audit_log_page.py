"""The audit log page reads as words (names, kinds of record, UK dates, what changed) and can
be filtered by record and by dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.core import audit
from casereviews.reviews import services
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

URL = "/audit-log/"


def _rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = body.split('<tr class="govuk-table__row">')[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


@pytest.fixture
def changed(world):
    """Ref057 made on 2 November 2026 and its lead reviewer and status changed on 20 November;
    another review made on 10 November."""
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 30), tick=False):
        review = ReviewFactory(partnership=world.partnership, ref="Ref057", status="agreed")
        audit.record_create(world.business_unit, review)
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, 30), tick=False):
        other = ReviewFactory(partnership=world.partnership, ref="Ref058")
        audit.record_create(world.business_unit, other)
    with time_machine.travel(dt.datetime(2026, 11, 20, 14, 5), tick=False):
        services.update_review(
            world.business_unit,
            review,
            {"lead_reviewer": world.reviewer, "status": "underway"},
            None,
        )
    return review, other


def test_entries_read_as_words(world, client_for, changed):
    review, _ = changed
    html = client_for(world.business_unit).get(URL, {"record_type": "reviews.Review"})
    html = html.content.decode()
    newest = _rows(html)[0]
    assert "20 November 2026, 14:05" in newest
    assert world.business_unit.get_full_name() in newest
    assert "Review" in newest and "reviews.Review" not in newest
    assert f"Lead reviewer: (empty) → {world.reviewer.get_full_name()}" in newest
    assert "Status: Agreed → Underway" in newest
    assert "2026-11-" not in html  # no ISO dates


def test_filter_by_record(world, client_for, changed):
    review, other = changed
    client = client_for(world.business_unit)
    html = client.get(URL, {"record_type": "reviews.Review", "record_id": review.pk}).content
    rows = _rows(html.decode())
    assert len(rows) == 2 and all("Ref057" in r for r in rows)
    assert "Every entry about this record" not in html.decode()  # they are all here
    html = client.get(URL, {"record_type": "reviews.Review"}).content.decode()
    assert f"?record_type=reviews.Review&amp;record_id={review.pk}" in html


def test_filter_by_dates(world, client_for, changed):
    client = client_for(world.business_unit)
    query = {
        "date_from-day": "3",
        "date_from-month": "11",
        "date_from-year": "2026",
        "date_to-day": "10",
        "date_to-month": "11",
        "date_to-year": "2026",
    }
    rows = _rows(client.get(URL, query).content.decode())
    assert len(rows) == 1 and "Ref058" in rows[0]


def test_dates_in_the_wrong_order_are_a_clear_error(world, client_for, changed):
    query = {
        "date_from-day": "20",
        "date_from-month": "11",
        "date_from-year": "2026",
        "date_to-day": "1",
        "date_to-month": "11",
        "date_to-year": "2026",
        "record_type": "reviews.Review",
    }
    response = client_for(world.business_unit).get(URL, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The date to must be the same as or after the date from" in html
    assert 'href="#id_date_to-day"' in html
    assert len(_rows(html)) == 3  # the wrong range is left out, the rest of the log shown


def test_a_hostile_record_filter_is_an_error_not_a_crash(world, client_for, changed):
    response = client_for(world.business_unit).get(
        URL, {"record_type": "auth.Permission'--", "record_id": "1 OR 1=1", "page": "x"}
    )
    assert response.status_code == 200
    assert "Record number must be a number" in response.content.decode()


def test_queries_do_not_grow_with_the_page(world, client_for, changed):
    client = client_for(world.business_unit)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(30):
        r = ReviewFactory(partnership=world.partnership, ref=f"Ref{200 + n}")
        audit.record_create(world.business_unit, r)
        services.update_review(world.business_unit, r, {"lead_reviewer": world.reviewer}, None)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_a_nested_record_in_the_changes_reads_as_words(world, client_for, changed):
    """Some entries keep a whole nested record (a health check's answers, a job's figures)."""
    review = changed[0]
    audit.record(
        world.business_unit,
        "update",
        review,
        changes={"answers": [{"q1": "yes", "q2": None}, {"q1": "no", "q2": "partly"}]},
    )
    response = client_for(world.business_unit).get(URL)
    assert response.status_code == 200
    rows = " ".join(_rows(response.content.decode()))
    assert "Answers: Q1: yes; Q2: (empty) → Q1: no; Q2: partly" in rows


def test_an_export_with_its_filters_reads_as_words(world, client_for):
    # The action plan's export keeps the filters it used as a mapping: the page once broke on it.
    audit.record(
        world.business_unit,
        "export",
        None,
        partnership=world.partnership,
        object_repr="Export of the action plan (CSV, 3 actions)",
        changes={
            "export": "actions",
            "format": "csv",
            "filters": {"agency": "7", "due": "overdue"},
        },
    )
    response = client_for(world.business_unit).get(URL)
    assert response.status_code == 200
    rows = _rows(response.content.decode())
    (row,) = [row for row in rows if "Filters: " in row]  # jsonb may keep the keys in any order
    assert "Agency: 7" in row.split("Filters: ")[1] and "Due: overdue" in row
