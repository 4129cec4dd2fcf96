"""How a tracker's cells and headings are read: dates, statuses, text, formulas, guesses.

Pure functions of the cells: no database.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.actions.importing.fields import (
    CellProblem,
    guess_header_row,
    guess_map,
    headings_of,
    map_problems,
    parse_date,
    parse_status,
)
from casereviews.actions.importing.read import (
    CellError,
    Formula,
    Row,
    TrackerUnreadable,
    csv_as_utf8,
    password_protected,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2017, 3, 31, 0, 0), dt.date(2017, 3, 31)),
        (dt.date(2017, 3, 31), dt.date(2017, 3, 31)),
        ("31/03/2017", dt.date(2017, 3, 31)),
        ("1/4/2017", dt.date(2017, 4, 1)),
        ("04/05/2017", dt.date(2017, 5, 4)),  # day first, as in the UK
        ("31.03.2017", dt.date(2017, 3, 31)),
        ("31/03/17", dt.date(2017, 3, 31)),
        ("31 March 2017", dt.date(2017, 3, 31)),
        ("1st Sept 2017", dt.date(2017, 9, 1)),
        ("3 mar 2017", dt.date(2017, 3, 3)),
        ("2017-03-31", dt.date(2017, 3, 31)),
        (" 2017-03-31 ", dt.date(2017, 3, 31)),
    ],
)
def test_dates_are_read_day_first(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("03/25/2017", "looks like month/day/year"),
        ("31/02/2017", "is not a real date"),
        ("next spring", "is not a date"),
        ("31 Smarch 2017", "Smarch is not a month"),
        (42825, "a number (42825), not a date"),
        (42825.0, "a number (42825), not a date"),
        (True, "not a date"),
        (dt.time(9, 30), "a time"),
        ("01/01/1899", "is not a likely date"),
        (Formula("=TODAY()+30"), "a formula (=TODAY()+30), not a value"),
        (CellError("#REF!"), "a spreadsheet error (#REF!), not a value"),
    ],
)
def test_wrong_dates_are_named(value, message):
    with pytest.raises(CellProblem) as raised:
        parse_date(value)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Red", "red"), ("R", "red"), ("not started", "red"), (None, "red"), ("  ", "red"),
        ("AMBER", "amber"), ("a", "amber"), ("In progress", "amber"),
        ("Green", "green"), ("G", "green"), ("Complete", "green"), ("Completed", "green"),
        ("Blue", "blue"), ("b", "blue"),
    ],
)  # fmt: skip
def test_statuses(value, expected):
    assert parse_status(value) == expected


def test_an_unknown_status_is_named():
    with pytest.raises(CellProblem, match="“Purple” is not a status: use Red, Amber, Green"):
        parse_status("Purple")


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Agency", "agency"), ("Lead agency", "agency"), ("Organisation", "agency"),
        ("Target date", "due_on"), ("Due", "due_on"), ("Due date", "due_on"),
        ("RAG", "status"), ("Status", "status"), ("RAG rating", "status"),
        ("Ref", "ref"), ("Review Ref", "ref"),
        ("Action required", "description"), ("Lead officer", "lead_role"),
        ("Update", "progress"), ("Evidence of impact", "evidence"),
        ("Date of last update", "updated_on"), ("What success looks like", "success_measure"),
    ],
)  # fmt: skip
def test_guesses_from_heading_names(heading, field):
    assert guess_map([heading]).get(field) == heading


def test_a_whole_tracker_is_guessed_each_heading_once():
    headings = [
        "Ref", "Recommendation", "Action required", "Lead agency", "Lead officer",
        "Target date", "RAG", "Update", "Date of last update", "Notes for the panel chair",
    ]  # fmt: skip
    assert guess_map(headings) == {
        "ref": "Ref",
        "recommendation": "Recommendation",
        "description": "Action required",
        "agency": "Lead agency",
        "lead_role": "Lead officer",
        "due_on": "Target date",
        "status": "RAG",
        "progress": "Update",
        "updated_on": "Date of last update",
    }


def test_the_heading_row_is_guessed_below_a_title():
    rows = [
        Row(1, ("Northshire LSCB action tracker 2016-17",)),
        Row(2, ()),
        Row(3, ("Ref", "Recommendation", "Action", "Agency", "Lead", "Due")),
        Row(4, ("Ref057", "Check", "Do", "Police", "DI", "31/03/2017")),
    ]
    assert guess_header_row(rows) == 3


def test_without_known_headings_the_first_full_row_is_guessed():
    rows = [Row(1, ("A title",)), Row(2, ("x", "y", "z")), Row(3, ("1", "2", "3"))]
    assert guess_header_row(rows) == 2


def test_headings_blank_and_repeated_are_named_by_column():
    row = Row(1, ("Ref", None, "Notes", "notes", "Agency", None, None))
    assert headings_of(row) == ["Ref", "Column B", "Notes", "notes (column D)", "Agency"]


def test_required_fields_and_columns_chosen_twice_are_named():
    problems = map_problems({"ref": "Ref", "description": "Ref"}, ["Ref", "Agency"])
    assert problems["recommendation"] == "Choose the column that holds the recommendation"
    assert problems["due_on"] == "Choose the column that holds the due date"
    assert problems["description"].startswith("“Ref” is already chosen for Review Ref")
    assert "success_measure" not in problems


def test_csv_encodings():
    assert csv_as_utf8("Ref,Agency\nRef057,Café\n".encode()) == (
        "Ref,Agency\nRef057,Café\n".encode(),
        "UTF-8",
    )
    assert csv_as_utf8(b"\xef\xbb\xbfRef\n") == (b"Ref\n", "UTF-8")
    assert csv_as_utf8("Ref,Agency\nRef057,Café – “quoted”\n".encode("cp1252")) == (
        "Ref,Agency\nRef057,Café – “quoted”\n".encode(),
        "Windows-1252",
    )
    with pytest.raises(TrackerUnreadable, match="binary"):
        csv_as_utf8(b"PK\x03\x04\x00\x00")
    with pytest.raises(TrackerUnreadable, match="not in UTF-8 or Windows-1252"):
        csv_as_utf8(b"Ref\n\x81\x8d\x8f\n")


def test_a_password_protected_workbook_is_recognised():
    assert password_protected(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tracker.xlsx")
    assert not password_protected(b"PK\x03\x04", "tracker.xlsx")
