"""The demo trackers: "last year's" spreadsheets import in the demo partnership, the police plan
by the agency lead and the partnership tracker by the business unit."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from casereviews.accounts.models import User
from casereviews.actions.importing import demo as demo_import
from casereviews.actions.models import Action, ImportBatch, Recommendation
from tests.actions.fixtures_import import guessed_map, start_import

pytestmark = pytest.mark.django_db


def _import(client, path) -> str:
    response = start_import(client, path.name, path.read_bytes())
    assert response["Location"] == "/actions/import/sheet/"
    client.post("/actions/import/sheet/", {"sheet": "Tracker 2016-17"})
    assert client.session["actions_import"]["header_row"] == 3
    client.post("/actions/import/columns/", guessed_map(client))
    page = client.get("/actions/import/check/").content.decode()
    assert "Ready to import" in page, page
    response = client.post("/actions/import/confirm/")
    assert response.status_code == 302
    return page


def test_the_demo_trackers_import(client, tmp_path):
    call_command("demo", verbosity=0)
    demo_import.seed()
    demo_import.seed()  # twice adds nothing
    recommendations = Recommendation.objects.count()
    assert recommendations >= 8
    tracker, police = demo_import.write_trackers(tmp_path)
    assert tracker.name == "Northshire_action_tracker_2016-17.xlsx"

    client.force_login(User.objects.get(username="agency.lead"))
    page = _import(client, police)
    assert "Ready to import 4 actions, for 4 recommendations already on the reviews" in page
    client.force_login(User.objects.get(username="business.unit"))
    page = _import(client, tracker)
    assert "Ready to import 15 actions, for 8 recommendations already on the reviews" in page

    assert ImportBatch.objects.count() == 2
    assert Action.objects.filter(import_batch__isnull=False).count() == 19
    assert Recommendation.objects.count() == recommendations
    assert Action.objects.filter(import_batch__isnull=False, status="blue").count() == 2
