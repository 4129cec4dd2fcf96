"""The import journey end to end: good files land whole, bad files land nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.actions.models import Action, ActionUpdate, ImportBatch, Recommendation
from casereviews.actions.selectors import last_update_dates
from casereviews.core.models import AuditLog
from tests.actions.fixtures_import import (
    REC_1,
    REC_2,
    csv_bytes,
    good_rows,
    preview_of,
    start_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def _nothing_written() -> bool:
    return not (
        Action.objects.exists()
        or Recommendation.objects.exists()
        or ImportBatch.objects.exists()
        or ActionUpdate.objects.exists()
    )


def test_good_workbook_imports_every_row(world, client_for, review, files_root):
    client = client_for(world.business_unit)
    response = preview_of(client, "Tracker 2016-17.xlsx", xlsx_bytes(good_rows()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ready to import 4 actions, with 2 new recommendations" in page
    assert "Import 4 actions" in page
    assert _nothing_written()

    response = client.post("/actions/import/confirm/")
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/actions/import/{batch.pk}/"
    assert batch.original_name == "Tracker 2016-17.xlsx"
    assert len(batch.sha256) == 64
    assert batch.rows == 4
    assert batch.column_map["agency"] == "Lead agency"
    assert batch.imported_by == world.business_unit

    recs = list(Recommendation.objects.order_by("number"))
    assert [r.text for r in recs] == [REC_1, REC_2]
    actions = {a.description: a for a in Action.objects.all()}
    assert len(actions) == 4
    assert all(a.import_batch_id == batch.pk for a in actions.values())
    first = actions["Brief every response officer on recording children present."]
    assert (first.agency, first.status, first.due_on) == (
        world.police,
        "amber",
        dt.date(2027, 3, 31),
    )
    assert first.updates.filter(kind="progress").get().text == "Briefings given to 3 of 5 teams."
    assert first.updates.get(kind="progress").written_on == dt.date(2026, 10, 1)
    # The history keeps the tracker's date, not the import day: its last update is the
    # tracker's, so the fortnightly check sees an action nobody has updated since.
    assert {u.written_on for u in first.updates.all()} == {dt.date(2026, 10, 1)}
    assert last_update_dates([first.pk]) == {first.pk: dt.date(2026, 10, 1)}
    assert actions["Audit health visitor records for fathers' details."].status == "red"
    assert actions["Add the child's voice to the supervision template."].status == "green"
    blue = actions["Dip sample case files for the child's words."]
    assert blue.status == "blue"
    evidence = blue.updates.get(kind="evidence")
    assert evidence.text == "Children's words now recorded in 9 of 10 files."
    assert evidence.status_to == "blue"
    assert AuditLog.objects.filter(object_type="actions.ImportBatch").count() == 1
    # Every action the import created is in the audit log, under the person who imported it,
    # with the entries of its history made with it.
    entries = AuditLog.objects.filter(object_type="actions.Action", action="create")
    assert entries.count() == 4
    assert {e.actor_id for e in entries} == {world.business_unit.pk}
    blue_entry = entries.get(
        object_id=str(actions["Dip sample case files for the child's words."].pk)
    )
    assert [u["kind"] for u in blue_entry.changes["updates"]] == ["status", "progress", "evidence"]
    assert blue_entry.changes["after"]["status"] == "blue"
    assert AuditLog.objects.filter(object_type="actions.Recommendation").count() == 2
    # A Blue row's history reads as one made by hand: Green, then Blue with its evidence.
    assert [(u.kind, u.status_from, u.status_to) for u in blue.updates.order_by("id")] == [
        ("status", "", "green"),
        ("progress", "", ""),
        ("evidence", "green", "blue"),
    ]
    assert blue.completed_on == dt.date(2026, 10, 1)
    # The upload and the session are gone.
    assert "actions_import" not in client.session
    assert not [p for p in files_root.rglob("*") if p.is_file()]

    done = client.get(response["Location"]).content.decode()
    assert "Import complete" in done and "4 actions imported" in done


def test_good_csv_imports_every_row(world, client_for, review):
    client = client_for(world.business_unit)
    response = start_import(client, "tracker.csv", csv_bytes(good_rows()))
    assert response["Location"] == "/actions/import/columns/"
    page = client.get("/actions/import/columns/").content.decode()
    assert "read as" not in page  # UTF-8: nothing to say
    client.post("/actions/import/columns/", client.session["actions_import"]["column_map"])
    assert "Import 4 actions" in client.get("/actions/import/check/").content.decode()
    client.post("/actions/import/confirm/")
    assert Action.objects.count() == 4
    assert ImportBatch.objects.get().original_name == "tracker.csv"
    assert Action.objects.get(status="blue").updates.filter(kind="evidence").count() == 1


def test_the_preview_shows_the_first_rows_as_they_will_be_imported(world, client_for, review):
    rows = [good_rows()[0]] * 25
    client = client_for(world.business_unit)
    page = preview_of(client, "t.xlsx", xlsx_bytes(rows)).content.decode()
    assert "Ready to import 25 actions, with 1 new recommendation" in page
    assert "The first 20 actions as they will be imported" in page
    assert page.count("Brief every response officer") == 20
    assert "Amber, with progress note" in page
