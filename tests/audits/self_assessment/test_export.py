"""`casereviews export self-assessments`: JSON and CSV files written and read back."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import call_command

from casereviews.audits.self_assessment import services
from casereviews.core.models import AuditLog

from .conftest import rate_all, start_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years(world):
    for period, ratings in (("2015-16", {"1.1": "red"}), ("2016-17", {"1.1": "green"})):
        assessment = start_for(world, period=period)
        rate_all(world.subgroup_member, assessment, "amber", **ratings)
        services.complete(world.subgroup_member, assessment)


def test_json_export_has_last_years_rating_and_the_change(world, two_years, tmp_path):
    out = tmp_path / "sa.json"
    call_command("export", "self-assessments", "--partnership", "northshire", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    this_year = [r for r in data if r["period"] == "2016-17"]
    first = next(r for r in this_year if r["question"] == "1.1")
    assert (first["previous_rating"], first["rating"], first["change"]) == (
        "red",
        "green",
        "better",
    )
    assert (
        first["agency"] == "Northshire Police" and first["taxonomy_ids"] == "thresholds-referrals"
    )
    assert AuditLog.objects.filter(action="export", partnership_id=world.partnership.pk).exists()


def test_csv_export_neutralises_formulas(world, two_years, tmp_path):
    assessment = start_for(world, period="2017-18")
    question = assessment.answers.first().question_id
    services.save_answers(
        world.subgroup_member, assessment, {question: {"evidence": "=HYPERLINK(1)"}}, 1
    )
    out = tmp_path / "sa.csv"
    call_command(
        "export",
        "self-assessments",
        "--partnership",
        "northshire",
        "--format",
        "csv",
        "--out",
        str(out),
    )
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["period"] for r in rows} == {"2015-16", "2016-17", "2017-18"}
    assert any(r["evidence"].startswith("'=HYPERLINK") for r in rows)
    # Another partnership's export holds none of ours.
    other = tmp_path / "other.json"
    call_command("export", "self-assessments", "--partnership", "southshire", "--out", str(other))
    assert json.loads(other.read_text()) == []
