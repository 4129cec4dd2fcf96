"""The demo's 2016-17 annual report reproduces seed 002's tables, on the command line as JSON,
Word and PDF (each read back)."""

from __future__ import annotations

import io
import json

import pypdfium2
import pytest
from django.core.management import call_command
from docx import Document

from casereviews.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _rows(report: dict, key: str) -> list[dict]:
    for section in report["sections"]:
        for table in section["tables"]:
            if table["key"] == key:
                return table["rows"]
    raise KeyError(key)


def _table(report: dict, key: str) -> dict:
    for section in report["sections"]:
        for table in section["tables"]:
            if table["key"] == key:
                return table
    raise KeyError(key)


def _refs(report: dict, key: str) -> list[str]:
    return [row["ref"] for row in _rows(report, key)]


def test_the_demo_report_for_2016_17_matches_seed_002(tmp_path, capsys):
    call_command("demo")
    out = tmp_path / "report.json"
    call_command(
        "report", "annual", "--partnership", "northshire", "--year", "2016-17", "--out", str(out)
    )
    report = json.loads(out.read_text())
    assert report["reporting_year"] == "2016-17"
    assert report["period"] == {"start": "2016-04-01", "end": "2017-03-31"}
    assert [s["key"] for s in report["sections"]] == [
        "introduction",
        "governance",
        "progress",
        "outcomes",
        "challenges",
        "next_steps",
    ]

    # "SCR Sub Group considered 10 referrals ... 0 / 2 / 5 / 1 / 2"
    counts = {row["outcome"]: row["count"] for row in _rows(report, "referrals")}
    assert counts == {
        "No further action": "0",
        "Single agency review": "2",
        "Case mapping exercise": "5",
        "Thematic learning review": "1",
        "Serious case review / local child safeguarding practice review": "2",
        "Total": "10",
    }

    # New SCRs agreed: Ref053, Ref057 and Ref052 (**: to be a thematic learning review).
    new_scr = {row["ref"]: row for row in _rows(report, "new_scr")}
    assert set(new_scr) == {"Ref052", "Ref053", "Ref057"}
    assert new_scr["Ref053"] == {
        "ref": "Ref053",
        "summary": "Extreme neglect and cruelty",
        "location": "Northampton",
        "gender": "Male",
        "age": "12 yrs",
        # As at the year's end: the note as it reads today ("published 14 June 2018 after the
        # trial") speaks of a later day, so the milestones say how far it had got by then.
        "status": "Under way: initiated 5 February 2017",
    }
    assert (new_scr["Ref052"]["gender"], new_scr["Ref052"]["age"]) == ("Male and female", "Various")
    assert new_scr["Ref057"]["age"] == "17 yrs"
    assert any("Ref052" in n and "thematic" in n for n in _table(report, "new_scr")["notes"])

    earlier_scr = {row["ref"]: row for row in _rows(report, "earlier_scr")}
    assert set(earlier_scr) == {"Ref021", "Ref023", "Ref035"}
    assert earlier_scr["Ref021"]["age"] == "6 wks"
    assert earlier_scr["Ref021"]["status"] == "SCR completed. Published 26 January 2017"
    assert earlier_scr["Ref023"]["location"] == "Deanshanger"
    assert earlier_scr["Ref035"]["summary"] == "Death following dog attack"

    # Case mapping: the seed's four (and the demo's invented fifth, Ref055).
    new_cm = {row["ref"]: row for row in _rows(report, "new_case_mapping")}
    assert {"Ref050", "Ref051", "Ref054", "Ref056"} <= set(new_cm)
    assert set(new_cm) - {"Ref050", "Ref051", "Ref054", "Ref056"} == {"Ref055"}
    assert new_cm["Ref050"]["status"] == "Under way: initiated 1 December 2016"  # at the year end
    assert new_cm["Ref056"]["age"] == "4 mths"
    assert _refs(report, "earlier_case_mapping") == ["Ref044", "Ref047"]
    assert _rows(report, "earlier_case_mapping")[0]["age"] == "1 yr 11 mths"

    # Publication handled by one-to-one interviews for Ref021 (seed 002).
    handled = {row["ref"]: row["handling"] for row in _rows(report, "publications")}
    assert handled["Ref021"].startswith("One-to-one interviews")
    assert handled["Ref023"].startswith("Media event")

    # Timeliness with the recorded reasons for delay.
    timeliness = {row["ref"]: row for row in _rows(report, "timeliness")}
    assert "Parallel criminal proceedings" in timeliness["Ref053"]["delays"]
    assert "Further work commissioned" in timeliness["Ref023"]["delays"]
    assert timeliness["Ref021"]["timeliness"] == "Published late"

    # Events and training (seed 002): two wider de-briefs "averaging an attendance of around
    # 70", four Barnardo's training events, two sessions for health colleagues totalling 80.
    by_kind = {row["kind"]: row for row in _rows(report, "events_by_kind")}
    assert by_kind["Wider de-brief"]["events"] == "2"
    assert by_kind["Wider de-brief"]["average"] == "70"
    assert by_kind["Multi-agency training course"]["events"] == "4"
    events = _rows(report, "events")
    health = [row for row in events if "for health colleagues" in row["event"]]
    assert len(health) == 2 and sum(int(row["attended"]) for row in health) == 80
    assert all(row["date"].endswith("2017") or row["date"].endswith("2016") for row in events)
    assert _rows(report, "events_feedback"), "feedback quotes from the events"
    assert [row["level"] for row in _rows(report, "events_evaluation")] == [
        "1. Reaction",
        "2. Learning",
        "3. Behaviour",
        "4. Results",
    ]
    levels = {row["level"]: row["figure"] for row in _rows(report, "events_evaluation")}
    assert levels["2. Learning"].startswith("Confidence rose from 2.8 to 4.1 out of 5")
    assert levels["4. Results"].startswith("3 of 3 actions complete")  # Ref023's, its de-brief
    progress = next(s for s in report["sections"] if s["key"] == "progress")
    assert any("averaging an attendance of 70" in p for p in progress["paragraphs"])

    # Meetings monthly; the sub-group's own plan all achieved; next year's five priorities.
    assert len(_rows(report, "meetings")) == 12
    assert len(_rows(report, "health_checks")) == 2
    plan = {row["status"]: (row["start"], row["end"]) for row in _rows(report, "actions_subgroup")}
    assert plan["Green"] == ("0", "4") and plan["Total"] == ("0", "4")
    assert len(_rows(report, "next_priorities")) == 5

    # Seed 002's 6-step briefings of the year, shared by agencies, with the hospital's words.
    briefings = {row["ref"]: row for row in _rows(report, "briefings")}
    assert set(briefings) == {"Ref044", "Ref047"}
    assert briefings["Ref044"]["published"] == "13 October 2016"
    # Shared by 4 and 3 agencies in the year; the rest shared them in 2017-18 (not counted).
    assert (briefings["Ref044"]["agencies"], briefings["Ref047"]["agencies"]) == ("4", "3")
    assert any(
        "6 step briefings are a great tool" in row["quote"] for row in _rows(report, "feedback")
    )
    # The review action plans: Ref023's actions, all Red at the start, mostly Green by the end.
    reviews_plan = {
        row["status"]: (row["start"], row["end"]) for row in _rows(report, "actions_reviews")
    }
    assert reviews_plan["Red"] == ("3", "0") and reviews_plan["Green"] == ("0", "2")
    assert reviews_plan["Amber"] == ("0", "1")
    governance = next(s for s in report["sections"] if s["key"] == "governance")
    assert any("six-weekly" in p for p in governance["paragraphs"])
    assert governance["narrative"].startswith("The sub-group works to a set of actions")
    assert AuditLog.objects.filter(object_repr="Annual report 2016-17 (JSON)").exists()

    # The same report as Word: real headings and tables, read back.
    docx_path = tmp_path / "report.docx"
    call_command(
        "report",
        "annual",
        "--year",
        "2016-17",
        "--format",
        "docx",
        "--partnership",
        "northshire",
        "--out",
        str(docx_path),
    )
    document = Document(io.BytesIO(docx_path.read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Introduction, context and background"
    assert headings[-1] == "6. Next steps, plans and priorities"
    tables = document.tables
    referral_table = next(t for t in tables if t.rows[0].cells[0].text == "Outcome")
    assert [c.text for c in referral_table.rows[-1].cells] == ["Total", "10"]
    columns = ["Ref", "Summary", "Location", "Gender", "Age", "Status"]
    review_tables = [t for t in tables if [c.text for c in t.rows[0].cells] == columns]
    assert len(review_tables) == 6  # the review tables with rows (empty ones say so instead)
    first_cells = {row.cells[0].text for t in review_tables for row in t.rows[1:]}
    assert {"Ref053", "Ref057", "Ref052", "Ref021", "Ref050", "Ref044", "Ref047"} <= first_cells

    # And as PDF: the text of its pages holds the tables.
    pdf_path = tmp_path / "report.pdf"
    call_command(
        "report",
        "annual",
        "--year",
        "2016-17",
        "--format",
        "pdf",
        "--partnership",
        "northshire",
        "--out",
        str(pdf_path),
    )
    pdf = pypdfium2.PdfDocument(pdf_path.read_bytes())
    text = " ".join(
        " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
    )
    assert pdf_path.read_bytes().startswith(b"%PDF")
    for expected in (
        "Review sub-group annual report 2016-17",
        "New serious case reviews agreed",
        "Extreme neglect and cruelty",
        "Ref047",
        "Priorities for 2017-18",
        "Learning events, de-briefs and training held in the year",
    ):
        assert expected in text
