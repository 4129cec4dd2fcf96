"""`casereviews export audits`: a partnership's case audits as JSON and CSV, written to a file
and read back; no "what we see" text; formulas neutralised; one audit entry; another
partnership's export holds none of ours."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from django.core.management import call_command

from casereviews.audits import services
from casereviews.core.models import AuditLog
from tests.audits.conftest import all_judged, details

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited(world, manager, completed):
    """The practitioner's completed audit with one theme's action filled in, and a second draft."""
    answers = all_judged()
    answers[2] |= {
        "judgement": "evident_not_addressed",
        "next_action": "=HYPERLINK(1) Ask the father to the next visit",
        "action_owner": "Social worker",
        "action_due": dt.date(2027, 1, 15),
        "training_need": "Engaging fathers",
    }
    services.reopen(world.practitioner, completed)
    services.save_answers(world.practitioner, completed, answers, completed.version)
    services.complete(world.practitioner, completed)
    services.sign_off(manager, completed, "Agreed in supervision")
    services.start_audit(
        world.practitioner, world.partnership, details(world, manager, case_reference="HOSP-2002")
    )


def test_export_audits_as_json(world, audited, tmp_path):
    out = tmp_path / "audits.json"
    call_command("export", "audits", "--partnership", "northshire", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [a["case_reference"] for a in data] == ["HOSP-1001", "HOSP-2002"]
    signed = data[0]
    assert signed["child"] == "Child A" and signed["status"] == "signed_off"
    assert signed["agency"] == "Northshire Health" and signed["team"] == "Paediatrics"
    assert signed["supervisor"] == signed["signed_off_by"] != ""
    assert len(signed["themes"]) == 9
    fathers = signed["themes"][1]
    assert fathers["theme_number"] == 2
    assert fathers["judgement_label"] == "Evident, not yet addressed"
    assert fathers["action_owner"] == "Social worker" and fathers["action_due"] == "2027-01-15"
    assert fathers["training_need"] == "Engaging fathers"
    # What was seen in the case is not exported, only the judgements and actions.
    assert "Seen under theme" not in out.read_text(encoding="utf-8")
    assert {t["judgement"] for t in data[1]["themes"]} == {""}
    entry = AuditLog.objects.get(action="export")
    assert entry.actor_name == "Command line (casereviews export)"
    assert entry.changes == {"export": "audits", "format": "json", "records": 2}


def test_export_audits_as_csv_neutralises_formulas(world, audited, tmp_path):
    out = tmp_path / "audits.csv"
    call_command(
        "export", "audits", "--partnership", "northshire", "--format", "csv", "--out", str(out)
    )
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 18  # two audits, nine themes each
    fathers = next(
        r for r in rows if r["case_reference"] == "HOSP-1001" and r["theme_number"] == "2"
    )
    assert fathers["next_action"] == "'=HYPERLINK(1) Ask the father to the next visit"
    assert fathers["status"] == "signed_off" and fathers["purpose"] == "Case supervision"
    assert "seen" not in rows[0]


def test_another_partnerships_export_has_none_of_ours(world, audited, tmp_path):
    out = tmp_path / "southshire.json"
    call_command("export", "audits", "--partnership", "southshire", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == []
