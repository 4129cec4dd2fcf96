"""A long audit log: the first ten pages by number, then "Older entries" / "Newer entries" from
the entry at the page's edge, and an "Oldest entries" page, so that the oldest page costs no
more than the first. Hostile values in those links give page 1, never an error."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.core import audit
from casereviews.core.models import AuditAction, AuditLog
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

URL = "/audit-log/"
COUNT = 575  # past the 500 the numbered pages hold


@pytest.fixture
def long_log(world):
    """575 exports, seven at a time to the second (so many entries share a time: the entry's
    number breaks the tie), and one entry of the other partnership's."""
    start = dt.datetime(2026, 11, 1, 9, 0)
    for n in range(COUNT):
        with time_machine.travel(start + dt.timedelta(minutes=n // 7), tick=False):
            audit.record(world.business_unit, AuditAction.EXPORT, None, object_repr=f"Export {n}")
    theirs = ReviewFactory(partnership=world.other_partnership, ref="Ref777")
    audit.record_create(world.outsider, theirs)
    return AuditLog.objects.get(partnership=world.other_partnership, object_repr__contains="777")


def _exports(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"Export (\d+)\s*<", page)]


def _link(page: str, text: str) -> str | None:
    """The query string of the pagination link with this text ("Older entries")."""
    for href, body in re.findall(r'<a[^>]*href="(\?[^"]*)"[^>]*>(.*?)</a>', page, re.S):
        if text in body:
            return html_lib.unescape(href)
    return None


def _get(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_every_entry_once_newest_first_across_the_numbered_pages_and_beyond(
    world, client_for, long_log
):
    client = client_for(world.business_unit)
    seen: list[int] = []
    first = _get(client, "?action=export")
    assert "More than 500 entries" in first and "match the filters" in first
    for number in range(1, 11):
        page = _get(client, f"?action=export&page={number}")
        seen += _exports(page)
    assert "page=11" not in page
    query = _link(page, "Older entries")  # page 10 leads on from its last entry
    assert query and "before=" in query and "action=export" in query
    while query:
        page = _get(client, query)
        assert "going back in time" in page
        seen += _exports(page)
        query = _link(page, "Older entries")
    assert seen == list(range(COUNT - 1, -1, -1))
    # and back up from the oldest page, newer and newer, to page 1
    back: list[int] = _exports(page)
    query = _link(page, "Newer entries")
    while query:
        page = _get(client, query)
        back = _exports(page) + back
        query = _link(page, "Newer entries") if "going back in time" in page else None
    assert back[:50] == list(range(COUNT - 1, COUNT - 51, -1))
    assert sorted(set(back)) == sorted(back)  # nothing shown twice on the way up


def test_the_oldest_page(world, client_for, long_log):
    client = client_for(world.business_unit)
    first = _get(client, "?action=export")
    assert _link(first, "Oldest entries") == "?action=export&oldest=1"
    oldest = _get(client, "?action=export&oldest=1")
    assert _exports(oldest) == list(range(49, -1, -1))
    assert _link(oldest, "Older entries") is None
    assert "after=" in _link(oldest, "Newer entries")


def test_the_oldest_page_costs_no_more_queries_than_the_first(world, client_for, long_log):
    client = client_for(world.business_unit)
    with CaptureQueriesContext(connection) as first:
        _get(client)
    with CaptureQueriesContext(connection) as oldest:
        _get(client, "?oldest=1")
    older_query = _link(_get(client, "?page=10"), "Older entries")
    with CaptureQueriesContext(connection) as older:
        _get(client, older_query)
    assert len(oldest) <= len(first)
    assert len(older) <= len(first) + 1  # the named entry's time
    assert not any("OFFSET" in q["sql"].upper() for q in older.captured_queries)


@pytest.mark.parametrize(
    "query",
    [
        "?before=abc",
        "?before=-1",
        "?before=0",
        "?before=99999999999999999999999999",
        "?before=1e3",
        "?before=%EF%BC%91",  # a full-width digit
        "?before=1&after=2",
        "?after=1%20OR%201=1",
        "?after=",
        "?oldest=yes",
        "?page=0&before=x",
    ],
)
def test_hostile_links_give_page_1(world, client_for, long_log, query):
    page = _get(client_for(world.business_unit), query)
    assert _exports(page)[0] == COUNT - 1
    assert ", page 1</p>" in page


def test_another_partnerships_entry_or_a_filtered_out_one_gives_page_1(world, client_for, long_log):
    client = client_for(world.business_unit)
    page = _get(client, f"?before={long_log.pk}")
    assert _exports(page)[0] == COUNT - 1 and "Ref777" not in page
    sign_in = audit.record(world.business_unit, AuditAction.SIGN_IN, None, object_repr="Signed in")
    page = _get(client, f"?action=export&before={sign_in.pk}")
    assert _exports(page)[0] == COUNT - 1 and ", page 1</p>" in page


def test_a_short_log_keeps_its_page_numbers_and_count(world, client_for):
    for n in range(60):
        audit.record(world.business_unit, AuditAction.EXPORT, None, object_repr=f"Export {n}")
    client = client_for(world.business_unit)
    page = _get(client, "?action=export&before=1")
    assert "60 entries" in page and "page 1 of 2" in page
    assert _link(page, "Oldest entries") is None and _link(page, "Older entries") is None
