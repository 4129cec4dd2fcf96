"""`casereviews export quality`: every rated review's 18 markers, as JSON and CSV written to a
file and read back; restricted reviews flagged; formulas neutralised; one audit entry."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import call_command

from casereviews.audits.quality import services
from casereviews.core.models import AuditLog
from tests.audits.quality.conftest import rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(world, review, restricted_review, lead_reviewer):
    services.save_ratings(world.business_unit, review, rate(analysis="not_met"), None)
    services.save_ratings(
        lead_reviewer,
        restricted_review,
        {"report": {"rating": "met", "evidence": "=HYPERLINK(1)"}},
        None,
    )


def test_export_quality_as_json(world, rated, tmp_path):
    out = tmp_path / "quality.json"
    call_command("export", "quality", "--partnership", "northshire", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 36  # two rated reviews, 18 markers each
    analysis = next(r for r in data if r["review"] == "Ref057" and r["marker_number"] == 13)
    assert analysis["rating"] == "not_met" and analysis["evidence"] == "Evidence for analysis."
    assert {r["review_restricted"] for r in data if r["review"] == "Ref099"} == {True}
    unrated = next(r for r in data if r["review"] == "Ref057" and r["marker_number"] == 1)
    assert unrated["rating"] == "" and unrated["stage"] == "Setting the review up"
    entry = AuditLog.objects.get(action="export")
    assert entry.changes["records"] == 36 and entry.changes["restricted_records"] == 18


def test_export_quality_as_csv_neutralises_formulas(world, rated, tmp_path):
    out = tmp_path / "quality.csv"
    call_command(
        "export", "quality", "--partnership", "northshire", "--format", "csv", "--out", str(out)
    )
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 36
    report = next(r for r in rows if r["review"] == "Ref099" and r["marker_number"] == "14")
    assert report["rating"] == "met"
    assert report["evidence"] == "'=HYPERLINK(1)"


def test_another_partnerships_export_has_none_of_ours(world, rated, tmp_path):
    out = tmp_path / "southshire.json"
    call_command("export", "quality", "--partnership", "southshire", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == []
