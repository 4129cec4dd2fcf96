"""Importing a sign-in sheet into an event's register: the tracker import's journey and checks.

Good sheets (Excel and CSV, headings below a title, a "DNA" for a no-show) are imported whole;
a sheet with an unknown agency names the row and imports nothing; broken and hostile files are
refused with nothing kept; over capacity is flagged; the same sheet twice is refused.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from casereviews.events.models import Attendance, SignInImport
from tests.actions.fixtures_import import csv_bytes, upload, xlsx_bytes
from tests.core import hostile
from tests.events.conftest import at

MB = 1024 * 1024
HEADINGS = ["Print name", "Organisation", "Job title", "Attended"]


def sheet_rows():
    return [
        ["Jo Walker", "Northshire Police", "PCSO", "Yes"],
        ["Sam Patel", "northshire health", "Health visitor", ""],
        ["Ari Khan", "Northshire Health", "Midwife", "DNA"],
    ]


@pytest.fixture
def started(event, _today):
    _today.move_to(at(14, 17))
    return event


def _page(response) -> str:
    return response.content.decode().replace("&#39;", "'").replace("&quot;", '"')


def _start(client, event, name, content):
    return client.post(f"/events/{event.pk}/register/import/", {"file": upload(name, content)})


def _preview(client, event, name, content) -> str:
    response = _start(client, event, name, content)
    assert response.status_code == 302, _page(response)[:3000]
    page = client.get(response.url)
    if "columns" in response.url:
        assert page.status_code == 200
        mapping = {"name": "Print name", "agency": "Organisation", "role": "Job title",
                   "attended": "Attended"}  # fmt: skip
        response = client.post(response.url, mapping)
        assert response.status_code == 302, _page(response)[:3000]
        page = client.get(response.url)
    return _page(page)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_good_sheet_adds_every_name(world, client_for, started, kind):
    client = client_for(world.business_unit)
    content = (
        xlsx_bytes(sheet_rows(), HEADINGS, title_rows=[["Sign-in sheet, 15 October"]])
        if kind == "xlsx"
        else csv_bytes(sheet_rows(), HEADINGS)
    )
    page = _preview(client, started, f"sign-in.{kind}", content)
    assert "Add 3 names to the register" in page
    assert "more will have attended than the event had places" not in page  # 2 came, 2 places
    response = client.post(f"/events/{started.pk}/register/import/confirm/")
    assert response.status_code == 302
    lines = Attendance.objects.order_by("id")
    assert [(a.name, a.agency.name, a.attended) for a in lines] == [
        ("Jo Walker", "Northshire Police", True),
        ("Sam Patel", "Northshire Health", True),
        ("Ari Khan", "Northshire Health", False),
    ]
    assert SignInImport.objects.get().rows == 3
    page = _page(client.get(response.url))
    assert "3 names from sign-in" in page and "Imported from a sign-in sheet" in page


def test_unknown_agencies_are_named_by_row_and_nothing_is_imported(world, client_for, started):
    rows = sheet_rows() + [
        ["Lee Brown", "Northshire Fire", "Firefighter", ""],
        ["", "Northshire Police", "PC", ""],
    ]
    client = client_for(world.business_unit)
    page = _preview(client, started, "sign-in.csv", csv_bytes(rows, HEADINGS))
    assert "“Northshire Fire” is not an agency of your partnership" in page
    assert "Row 5, Organisation" in page and "Row 6, Print name: is blank" in page
    response = client.post(f"/events/{started.pk}/register/import/confirm/")
    assert response.status_code == 200 and "Nothing was imported" in _page(response)
    assert not Attendance.objects.exists() and not SignInImport.objects.exists()


def test_over_capacity_is_flagged_and_can_still_be_imported(world, client_for, started):
    rows = sheet_rows() + [["Kim Lee", "Northshire Police", "DC", "y"]]
    client = client_for(world.business_unit)
    page = _preview(client, started, "sign-in.csv", csv_bytes(rows, HEADINGS))
    assert "1 more will have attended than the event had places (2)" in page
    client.post(f"/events/{started.pk}/register/import/confirm/")
    page = _page(client.get(f"/events/{started.pk}/register/"))
    assert "3 attended: more than the 2 places" in page


def test_the_same_sheet_twice_is_refused(world, client_for, started):
    client = client_for(world.business_unit)
    content = csv_bytes(sheet_rows(), HEADINGS)
    _preview(client, started, "sign-in.csv", content)
    client.post(f"/events/{started.pk}/register/import/confirm/")
    page = _preview(client, started, "sign-in.csv", content)
    assert "Importing it again would add its names twice" in page
    assert Attendance.objects.count() == 3


def test_formulas_in_a_csv_are_refused(world, client_for, started):
    rows = [['=HYPERLINK("http://x","Jo")', "Northshire Police", "PC", ""]]
    client = client_for(world.business_unit)
    page = _preview(client, started, "sign-in.csv", csv_bytes(rows, HEADINGS))
    assert "a formula" in page and not Attendance.objects.exists()


def _refused(client, event, name, content, files_root) -> str:
    response = _start(client, event, name, content)
    assert response.status_code == 200
    page = _page(response)
    assert "There is a problem" in page
    assert f"events_sign_in_{event.pk}" not in client.session
    assert not [p for p in files_root.rglob("*") if p.is_file()]
    return page


def test_broken_and_hostile_files_are_refused_and_nothing_is_kept(
    world, client_for, started, files_root, settings
):
    client = client_for(world.business_unit)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook>not really")
    page = _refused(client, started, "broken.xlsx", broken.getvalue(), files_root)
    assert "could not be opened as an Excel workbook" in page
    page = _refused(client, started, "sheet.xlsx", b"%PDF-1.4 not a workbook", files_root)
    assert "sheet.xlsx" in page
    settings.MAX_UNPACKED_BYTES = 20 * MB
    settings.MAX_ARCHIVE_RATIO = 10**9
    page = _refused(client, started, "bomb.xlsx", hostile.bomb_bytes(100 * MB), files_root)
    assert "bomb.xlsx would unpack to more than 20 MB" in page
    entity = hostile.zip_of(
        {
            "[Content_Types].xml": hostile.CONTENT_TYPES,
            "xl/workbook.xml": hostile.WORKBOOK,
            "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]>'
            b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is>'
            b"</c></row></sheetData></worksheet>",
        }
    )
    page = _refused(client, started, "entity.xlsx", entity, files_root)
    assert "holds an XML declaration Excel never writes" in page
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("role", ["practitioner", "subgroup_member", "reviewer"])
def test_only_the_business_unit_imports(world, client_for, started, role):
    client = client_for(getattr(world, role))
    assert client.get(f"/events/{started.pk}/register/import/").status_code == 403
    response = _start(client, started, "s.csv", csv_bytes(sheet_rows(), HEADINGS))
    assert response.status_code == 403


def test_another_partnership_cannot_import(world, client_for, started):
    client = client_for(world.outsider)
    assert client.get(f"/events/{started.pk}/register/import/").status_code == 404


def test_the_heading_row_can_be_chosen_as_in_the_tracker_journey(client_for, world, started):
    """A sheet whose headings sit below two lines of notes: the guess is changed by hand."""
    client = client_for(world.business_unit)
    rows = [["Sign-in sheet"], ["Please print clearly"], HEADINGS, *sheet_rows()]
    response = _start(client, started, "sheet.csv", csv_bytes(rows))
    columns = client.get(response.url)
    assert f"/events/{started.pk}/register/import/headings/" in _page(columns)
    url = f"/events/{started.pk}/register/import/headings/"
    page = _page(client.get(url))
    assert "Which row has the column headings?" in page and "Please print clearly" in page
    assert "Enter" in _page(client.post(url, {"header_row": "x"}))  # a clear message
    response = client.post(url, {"header_row": "2"})
    assert response.status_code == 302 and response.url.endswith("/columns/")
    assert "from the headings in row 2" in _page(client.get(response.url))
    response = client.post(url, {"header_row": "3"})
    assert "from the headings in row 3" in _page(client.get(response.url))
