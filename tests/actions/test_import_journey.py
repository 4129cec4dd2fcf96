"""The import journey end to end: good files land whole, bad files land nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.actions.models import Action, ActionUpdate, ImportBatch, Recommendation
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
    assert actions["Audit health visitor records for fathers' details."].status == "red"
    assert actions["Add the child's voice to the supervision template."].status == "green"
    blue = actions["Dip sample case files for the child's words."]
    assert blue.status == "blue"
    evidence = blue.updates.get(kind="evidence")
    assert evidence.text == "Children's words now recorded in 9 of 10 files."
    assert evidence.status_to == "blue"
    assert AuditLog.objects.filter(object_type="actions.ImportBatch").count() == 1
    # The upload and the session are gone.
    assert "actions_import" not in client.session
    assert not [p for p in files_root.rglob("*") if p.is_file()]

    done = client.get(response["Location"]).content.decode()
    assert "Import complete" in done and "4 actions imported" in done
