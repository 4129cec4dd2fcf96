"""Broken and hostile trackers: every bad row named (row, their column, what is wrong), and
nothing written, whether the problem is found at preview, at confirm, or while writing."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.db import connection

from casereviews.actions import services
from casereviews.actions.models import Action, ActionUpdate, ImportBatch, Recommendation
from tests.actions.fixtures_import import (
    HEADINGS,
    REC_1,
    csv_bytes,
    good_rows,
    preview_of,
    start_import,
    xlsx_bytes,
)
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

GOOD = [
    "Ref057",
    REC_1,
    "Brief officers.",
    "Northshire Police",
    "DI",
    "31/03/2027",
    "Amber",
    "",
    "",
]


def nothing_written() -> bool:
    return not (
        Action.objects.exists()
        or Recommendation.objects.exists()
        or ImportBatch.objects.exists()
        or ActionUpdate.objects.exists()
    )


def error_table(page: str) -> list[tuple[str, str, str]]:
    tree = lxml.html.fromstring(page)
    return [
        tuple(" ".join(td.text_content().split()) for td in tr.xpath("./td|./th"))
        for tr in tree.xpath("//div[@id='row-errors']//tbody/tr")
    ]


def summary_items(page: str) -> list[str]:
    tree = lxml.html.fromstring(page)
    return [
        " ".join(a.text_content().split())
        for a in tree.xpath("//div[contains(@class,'govuk-error-summary')]//li")
    ]


def _row(**changes):
    row = dict(zip(HEADINGS, GOOD, strict=True))
    row.update(changes)
    return [row[h] for h in HEADINGS]


def test_each_kind_of_bad_row_is_named(world, client_for, review):
    rows = [
        _row(),  # row 4
        _row(Ref="Ref999"),
        _row(**{"Lead agency": "Northshire Fire Service"}),
        _row(**{"Target date": "next spring"}),
        _row(RAG="Purple"),
        _row(RAG="Blue"),  # row 9: no evidence
        _row(**{"Action required": '=HYPERLINK("http://example.org","click")'}),
        _row(**{"Lead officer": None}),
        _row(**{"Action required": "x" * 5000}),
        _row(**{"Lead officer": dt.datetime(2017, 1, 2), "Target date": 42825}),
        [None] * 9,  # row 14: blank, skipped
        _row(**{"Target date": "03/25/2027"}),  # row 15: month first
        _row(**{"Target date": "04/05/2027"}),  # row 16: so this one is ambiguous
    ]
    content = xlsx_bytes(rows, title_rows=[["Northshire LSCB action tracker 2016-17"], []])
    # openpyxl writes a string starting "=" as a formula: exactly what a tracker holds.
    client = client_for(world.business_unit)
    response = preview_of(client, "tracker.xlsx", content)
    page = response.content.decode()
    assert response.status_code == 200
    table = error_table(page)
    expected = [
        ("5", "Ref", "Ref999 is not a review of your partnership"),
        ("6", "Lead agency", "“Northshire Fire Service” is not an agency of Northshire"),
        ("7", "Target date", "next spring is not a date"),
        ("8", "RAG", "“Purple” is not a status"),
        ("9", "RAG", "is Blue, but the Evidence of impact cell is blank"),
        ("10", "Action required", 'a formula (=HYPERLINK("http://example.or…), not a value'),
        ("11", "Lead officer", "is blank: enter the lead"),
        ("12", "Action required", "is 5,000 characters long: the most is 4,000"),
        ("13", "Lead officer", "a date (02/01/2017), not text"),
        ("13", "Target date", "a number (42825), not a date"),
        ("15", "Target date", "03/25/2027 looks like month/day/year"),
        ("16", "Target date", "04/05/2027 is ambiguous: this column has month-first dates"),
    ]
    assert len(table) == len(expected), "\n".join(map(str, table))
    for (row, column, message), (got_row, got_column, got_message) in zip(
        expected, table, strict=True
    ):
        assert (got_row, got_column) == (row, column)
        assert message in got_message, got_message
    assert "11 rows have 12 problems" in page
    items = summary_items(page)
    assert items[0].startswith("Row 5, Ref: Ref999 is not a review")
    assert items[-1] == "And 2 more problems in the rows"
    assert "Import 1 action" not in page
    assert client.post("/actions/import/confirm/").status_code == 200
    assert nothing_written()


def test_a_blank_required_column_and_an_unmapped_one_are_named(world, client_for, review):
    client = client_for(world.business_unit)
    start_import(
        client, "t.xlsx", xlsx_bytes([GOOD], headings=[*HEADINGS[:5], "When", *HEADINGS[6:]])
    )
    page = client.get("/actions/import/columns/").content.decode()
    assert "Match your columns to ours" in page
    column_map = dict(client.session["actions_import"]["column_map"])
    assert "due_on" not in column_map
    response = client.post("/actions/import/columns/", column_map | {"recommendation": ""})
    assert response.status_code == 200
    items = summary_items(response.content.decode())
    assert items == [
        "Choose the column that holds the recommendation",
        "Choose the column that holds the due date",
    ]


def test_hostile_text_is_shown_escaped_and_kept_as_text(world, client_for, review):
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    rows = [_row(**{"Action required": script, "Lead officer": "=not a formula, text"})]
    content = csv_bytes([r[:7] for r in rows], HEADINGS[:7]).replace(
        b'"=not a formula, text"', b'"\'=not a formula, text"'
    )
    client = client_for(world.business_unit)
    page = preview_of(client, "hostile.csv", content).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page
    client.post("/actions/import/confirm/")
    action = Action.objects.get()
    assert action.description == script  # kept as typed; every page escapes it


def test_formula_text_in_a_csv_is_refused_but_ordinary_dashes_are_not(world, client_for, review):
    rows = [
        _row(**{"Action required": '=HYPERLINK("http://evil","x")'}),
        _row(**{"Action required": "@SUM(1+1)*cmd|' /C calc'!A0"}),
        _row(**{"Action required": "-cmd|' /C calc'!A0"}),
        _row(**{"Action required": "- see the minutes (May)"}),
        _row(**{"Action required": "+44 1604 000000 to be called"}),
    ]
    client = client_for(world.business_unit)
    page = preview_of(client, "t.csv", csv_bytes(rows)).content.decode()
    table = error_table(page)
    assert [(r, c) for r, c, _ in table] == [
        ("2", "Action required"),
        ("3", "Action required"),
        ("4", "Action required"),
    ]
    assert all("a formula" in m for _, _, m in table)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tracker.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "is not really a Excel workbook"),
        (
            "tracker.csv",
            b"MZ\x90\x00\x03\x00\x00\x00" * 40,
            "is not a CSV file: it holds binary data",
        ),
        ("tracker.xlsx", b"", "The selected file is empty"),
        ("tracker.pdf", b"%PDF-1.4 hello", "must be a CSV file or Excel workbook"),
        (
            "tracker.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "is protected with a password",
        ),
        ("tracker.csv", b"Ref,Agency\n\x81\x8d\x8f,x\n", "is not in UTF-8 or Windows-1252"),
        ("tracker.csv", b"\n\n , ,\n", "has no rows"),
    ],
)
def test_files_that_cannot_be_used_are_refused_and_nothing_is_kept(
    world, client_for, files_root, name, content, message
):
    client = client_for(world.business_unit)
    response = start_import(client, name, content)
    assert response.status_code == 200
    page = response.content.decode().replace("&#39;", "'").replace("&quot;", '"')
    assert "There is a problem" in page
    assert message.replace("a Excel", "an Excel") in page or message in page, page[:4000]
    assert "actions_import" not in client.session
    assert not [p for p in files_root.rglob("*") if p.is_file()]


def test_a_corrupt_workbook_and_an_empty_workbook_are_refused(world, client_for, files_root):
    import io
    import zipfile

    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook>not really")
    client = client_for(world.business_unit)
    page = start_import(client, "broken.xlsx", broken.getvalue()).content.decode()
    assert "could not be opened as an Excel workbook" in page
    import openpyxl

    empty = io.BytesIO()
    openpyxl.Workbook().save(empty)
    page = start_import(client, "empty.xlsx", empty.getvalue()).content.decode()
    assert "empty.xlsx has no rows: every sheet is empty" in page
    assert not [p for p in files_root.rglob("*") if p.is_file()]


def test_a_file_over_the_size_limit_is_refused(world, client_for, settings, files_root):
    settings.MAX_UPLOAD_BYTES = 1024
    client = client_for(world.business_unit)
    page = start_import(client, "big.csv", csv_bytes([GOOD] * 200)).content.decode()
    assert "The file is too big: the largest file accepted is 1 KB" in page
    assert not [p for p in files_root.rglob("*") if p.is_file()]


def test_one_bad_row_among_many_good_writes_nothing(world, client_for, review):
    rows = [_row()] * 30 + [_row(**{"Lead agency": "Nobody"})] + [_row()] * 30
    client = client_for(world.business_unit)
    page = preview_of(client, "t.xlsx", xlsx_bytes(rows)).content.decode()
    assert error_table(page) == [
        (
            "32",
            "Lead agency",
            "“Nobody” is not an agency of Northshire Safeguarding Partnership. "
            "Use its name or short name",
        )
    ]
    assert "60 rows can be imported once the others are corrected" in page
    assert client.post("/actions/import/confirm/").status_code == 200
    assert nothing_written()


def _explode_on(description: str) -> None:
    """A database that refuses one action part-way through the import (a real failure)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER explode BEFORE INSERT ON actions_action "
                f"WHEN NEW.description = '{description}' "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION explode() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.description = '{description}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER explode BEFORE INSERT ON actions_action "
                "FOR EACH ROW EXECUTE FUNCTION explode()"
            )


def test_a_failure_while_writing_rolls_everything_back(world, client_for, review):
    rows = [*good_rows(), _row(**{"Action required": "Explode"}), *good_rows()]
    client = client_for(world.business_unit)
    page = preview_of(client, "t.xlsx", xlsx_bytes(rows)).content.decode()
    assert "Import 9 actions" in page
    _explode_on("Explode")
    response = client.post("/actions/import/confirm/")
    assert response.status_code == 200
    items = summary_items(response.content.decode())
    assert items[0].startswith("Nothing was imported: saving the rows failed")
    assert nothing_written()
    assert "actions_import" in client.session  # they can try again


def test_rows_are_checked_again_at_confirm(world, client_for, review):
    client = client_for(world.business_unit)
    page = preview_of(client, "t.xlsx", xlsx_bytes(good_rows())).content.decode()
    assert "Import 4 actions" in page
    world.health.active = False
    world.health.save()
    response = client.post("/actions/import/confirm/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "the rows no longer all pass the checks" in page
    assert ("3", "Lead agency", "Northshire Health is no longer an active agency") in error_table(
        page
    )
    assert nothing_written()


def test_the_same_file_is_not_imported_twice(world, client_for, review):
    client = client_for(world.business_unit)
    content = xlsx_bytes(good_rows())
    preview_of(client, "t.xlsx", content)
    client.post("/actions/import/confirm/")
    page = preview_of(client, "t again.xlsx", content).content.decode()
    assert "This file was imported on 1 October 2026 by" in page
    assert "Importing it again would add its actions twice" in page
    assert "Import 4 actions" not in page
    assert client.post("/actions/import/confirm/").status_code == 200
    assert Action.objects.count() == 4


def test_an_existing_recommendation_of_the_review_is_used_again(world, client_for, review):
    existing = services.create_recommendation(
        world.business_unit,
        review,
        text="  agencies MUST check who else is working with a family before closing a case. ",
    )
    client = client_for(world.business_unit)
    page = preview_of(client, "t.xlsx", xlsx_bytes(good_rows())).content.decode()
    assert "4 actions, with 1 new recommendation (1 recommendation already on" in page
    assert "the reviews is used again)" in page
    client.post("/actions/import/confirm/")
    assert Recommendation.objects.count() == 2
    assert existing.actions.count() == 2


def test_a_date_of_last_update_column_dates_the_updates(world, client_for, review):
    headings = [*HEADINGS, "Date of last update"]
    rows = [
        r + [d] for r, d in zip(good_rows(), ["01/09/2026", None, None, "2026-08-15"], strict=True)
    ]
    rows.append(_row(Update="Not yet") + ["02/10/2026"])  # tomorrow
    client = client_for(world.business_unit)
    page = preview_of(client, "t.xlsx", xlsx_bytes(rows, headings)).content.decode()
    assert error_table(page) == [("6", "Date of last update", "02/10/2026 is in the future")]
    page = preview_of(client, "t.xlsx", xlsx_bytes(rows[:4], headings)).content.decode()
    client.post("/actions/import/confirm/")
    assert ActionUpdate.objects.get(
        kind="progress", text__startswith="Briefings"
    ).written_on == dt.date(2026, 9, 1)
    assert ActionUpdate.objects.get(kind="evidence").written_on == dt.date(2026, 8, 15)


def test_a_csv_from_excel_on_windows_imports(world, client_for, review):
    rows = [_row(**{"Action required": "Café staff – “think family” briefing"})]
    client = client_for(world.business_unit)
    start_import(client, "tracker.csv", csv_bytes(rows, encoding="cp1252"))
    page = client.get("/actions/import/columns/").content.decode()
    assert "read as Windows-1252 text" in page
    client.post("/actions/import/columns/", client.session["actions_import"]["column_map"])
    client.get("/actions/import/check/")
    client.post("/actions/import/confirm/")
    assert Action.objects.get().description == "Café staff – “think family” briefing"


def test_a_workbook_of_several_sheets_asks_which(world, client_for, review):
    content = xlsx_bytes(
        [GOOD],
        sheet="Tracker 2016-17",
        extra_sheets={"Empty": [], "Notes": [["These notes are not actions"]]},
    )
    client = client_for(world.business_unit)
    response = start_import(client, "t.xlsx", content)
    assert response["Location"] == "/actions/import/sheet/"
    page = client.get("/actions/import/sheet/").content.decode()
    assert "Tracker 2016-17" in page and "Notes" in page and "Empty" not in page
    response = client.post("/actions/import/sheet/", {"sheet": "Notes"})
    assert response["Location"] == "/actions/import/columns/"
    assert "These notes are not actions" in client.get("/actions/import/columns/").content.decode()
    client.post("/actions/import/sheet/", {"sheet": "Tracker 2016-17"})
    page = client.get("/actions/import/columns/").content.decode()
    assert 'value="Lead agency" selected' in page


def test_the_heading_row_can_be_changed(world, client_for, review):
    content = xlsx_bytes([GOOD], title_rows=[["Tracker", "2016-17", "draft"], ["Ref", "x"]])
    client = client_for(world.business_unit)
    start_import(client, "t.xlsx", content)
    assert client.session["actions_import"]["header_row"] == 3
    page = client.get("/actions/import/headings/").content.decode()
    assert "Which row has the column headings?" in page
    response = client.post("/actions/import/headings/", {"header_row": "30"})
    assert "The column headings must be in one of the first 20 rows" in response.content.decode()
    client.post("/actions/import/headings/", {"header_row": "1"})
    assert client.session["actions_import"]["header_row"] == 1
    page = client.get("/actions/import/columns/").content.decode()
    assert '<option value="draft"' in page


def test_cancel_deletes_the_upload(world, client_for, review, files_root):
    client = client_for(world.business_unit)
    preview_of(client, "t.xlsx", xlsx_bytes(good_rows()))
    assert [p for p in files_root.rglob("*") if p.is_file()]  # the upload and its rows
    response = client.post("/actions/import/cancel/", follow=True)
    assert "The import was cancelled" in response.content.decode()
    assert not [p for p in files_root.rglob("*") if p.is_file()]
    assert "actions_import" not in client.session
    response = client.get("/actions/import/check/", follow=True)
    assert "Upload your tracker to start an import" in response.content.decode()


def test_a_restricted_review_is_not_found_for_those_who_may_not_see_it(
    world, client_for, review, restricted_review
):
    rows = [_row(Ref="Ref099", **{"Lead agency": "Northshire Police"})]
    lead = client_for(world.subgroup_member)
    page = preview_of(lead, "t.xlsx", xlsx_bytes(rows)).content.decode()
    assert error_table(page)[0][:2] == ("2", "Ref")
    assert "Ref099 is not a review of your partnership" in page
    other = ReviewFactory(partnership=world.other_partnership, ref="Ref777")
    page = preview_of(lead, "t2.xlsx", xlsx_bytes([_row(Ref=other.ref)])).content.decode()
    assert "Ref777 is not a review of your partnership" in page
