"""Two submissions of one form at the same moment save once (core.once), on SQLite and
PostgreSQL: each runs in its own thread with its own database connection."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client, RequestFactory

from casereviews.core import once
from casereviews.referrals import services
from casereviews.referrals.models import Referral
from tests.referrals.conftest import referral_post

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = "race-token-0123456789abcdef"


@pytest.fixture
def shared_database(tmp_path):
    """Connections in other threads see one database. PostgreSQL's test database already is
    one; SQLite's in-memory test database is copied to a file (WAL, waits for locks as in
    production) for the test."""
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]
    path = str(tmp_path / "race.sqlite3")
    connection.ensure_connection()
    memory = connection.connection  # kept open: the in-memory database lives while it does
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    settings_dict["NAME"] = connection.settings_dict["NAME"] = path
    connection.connection = None  # the next query opens the file
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = connection.settings_dict["NAME"] = original
        connection.connection = memory


def test_a_submission_racing_one_still_saving_is_sent_to_its_record(world, shared_database):
    client = Client()
    client.force_login(world.business_unit)
    data = {**referral_post(world), "submission_token": TOKEN}
    first_url: list[str] = []
    claimed = threading.Event()

    def first_submission() -> None:
        # The first submission is mid-save: its token is taken, its referral not yet written.
        request = RequestFactory().post("/referrals/new/", data)
        request.user = world.business_unit
        try:
            with once.claim(request) as receipt:
                claimed.set()
                time.sleep(0.5)  # let the second arrive and wait on the first (not asserted)
                referral = services.create_referral(world.business_unit, _values(world))
                receipt.saved(referral, f"/referrals/{referral.pk}/")
            first_url.append(receipt.url)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_submission)
    thread.start()
    assert claimed.wait(10)
    second = client.post("/referrals/new/", data)  # waits for the first to commit
    thread.join(30)

    assert Referral.objects.count() == 1
    assert second.status_code == 302
    assert [second.url] == first_url  # sent to the referral the first submission saved
    assert "This was already saved" in client.get(second.url).content.decode()


def test_two_submissions_sent_together_save_one_referral(world, shared_database):
    data = {**referral_post(world), "submission_token": TOKEN}
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(world.business_unit)
    start = threading.Barrier(2)
    responses: list = [None, None]

    def submit(index: int) -> None:
        try:
            start.wait(10)
            responses[index] = clients[index].post("/referrals/new/", data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert Referral.objects.count() == 1
    referral = Referral.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r.url for r in responses} == {f"/referrals/{referral.pk}/"}


def _values(world) -> dict:
    import datetime as dt

    return {
        "received_on": dt.date(2026, 1, 5),
        "source_agency": world.police,
        "is_serious_incident_notification": False,
        "child_pseudonym": "Child Q",
        "age_years": 3,
        "gender": "male",
        "locality": "Kettering",
        "harm_category": "neglect",
        "summary": "Neglect of a young child over many months.",
    }
