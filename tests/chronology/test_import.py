"""An agency imports its chronology from Excel or CSV: the tracker import's journey (sheet,
heading row, columns, every row checked, all or nothing), with good, broken and hostile files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casereviews.chronology.models import ChronologyEntry, EntryImport
from casereviews.core.models import AuditLog
from tests.chronology.conftest import workbook
from tests.core import hostile

MB = 1024 * 1024
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file's signature
GOOD = [
    [dt.datetime(2021, 2, 14), "22:40", "Police log 0211/21", "Called to the home.",
     "Child F, mother", "Shared", "CSC"],
    ["?/03/2021", "", "Police log 0300/21", "Welfare check; Child F not seen.", "mother",
     "Not shared", ""],
    ["c. 2022", "", "Police log 2022", "Several calls that year.", "officer", "", ""],
]  # fmt: skip


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    root = tmp_path / "files"
    settings.FILES_ROOT = root
    return root


def _url(step, request_id):
    return reverse(f"chronology:import_{step}", args=[request_id])


def _upload(client, request_id, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(_url("start", request_id), {"file": SimpleUploadedFile(name, content)})


def _page(response) -> str:
    return response.content.decode().replace("&#39;", "'").replace("&quot;", '"')


def test_a_good_workbook_is_imported_whole_and_audited(client_for, world, police_request):
    client = client_for(world.subgroup_member)
    content = workbook(GOOD)
    response = _upload(client, police_request.pk, "police.xlsx", content)
    assert response.status_code == 302 and response.url == _url("map", police_request.pk)
    page = _page(client.get(_url("map", police_request.pk)))
    assert "The headings are taken from row 3" in page  # the title rows are skipped
    preview = client.get(_url("preview", police_request.pk))
    assert "Ready to import 3 entries" in _page(preview)
    done = client.post(_url("confirm", police_request.pk))
    assert done.status_code == 302
    entries = list(ChronologyEntry.objects.order_by("starts_on"))
    assert [(e.when, e.precision, e.approximate) for e in entries] == [
        ("14/02/2021", "day", False),
        ("?/03/2021", "month", True),
        ("c. 2022", "year", True),
    ]
    assert entries[0].time == dt.time(22, 40) and entries[0].shared == "shared"
    assert all(e.added_by == world.subgroup_member and e.agency == world.police for e in entries)
    assert [e.row for e in entries] == [4, 5, 6]
    batch = EntryImport.objects.get()
    assert AuditLog.objects.filter(object_type="chronology.ChronologyEntry").count() == 3
    assert AuditLog.objects.filter(object_type="chronology.EntryImport", object_id=batch.pk)
    assert "chronology_import" not in client.session
    again = _upload(client, police_request.pk, "police.xlsx", content)
    assert again.status_code == 302
    page = _page(client.get(_url("preview", police_request.pk)))
    assert "Importing it again would add its entries twice" in page
    assert "Row 4, What happened: Your agency already has this entry on 14/02/2021" in page


def test_a_csv_from_excel_on_windows_is_read(client_for, world, health_request):
    client = client_for(world.practitioner)
    content = (
        "When,Source of information,Event,Who was involved\r\n"
        "12/05/2021,GP record,Seen by the GP \u2013 bruise noted,Child F\r\n"
    ).encode("cp1252")
    assert _upload(client, health_request.pk, "gp.csv", content).status_code == 302
    client.post(_url("confirm", health_request.pk))
    assert ChronologyEntry.objects.get().event == "Seen by the GP \u2013 bruise noted"


def test_every_bad_row_is_named_and_nothing_is_imported(client_for, world, police_request):
    rows = [
        *GOOD,
        ["31/02/2021", "", "Police log", "A date that is not one.", "", "", ""],
        ["01/01/2030", "", "Police log", "In the future.", "", "", ""],
        ["05/05/2021", "", "", "No source.", "", "", ""],
        ["06/2018", "", "Police log", "Before the child was born.", "", "", ""],
        ["05/03/2024", "", "Police log", "After the scope period.", "", "", ""],
        [dt.datetime(2021, 2, 14), "22:40", "Police log", "Called to the home.", "", "", ""],
        ["07/07/2021", "25:00", "Police log", "A time that is not one.", "", "Maybe", ""],
        ["08/07/2021", "", "Police log", '=HYPERLINK("http://x")', "", "Shared", ""],
    ]
    client = client_for(world.subgroup_member)
    _upload(client, police_request.pk, "police.xlsx", workbook(rows))
    page = _page(client.get(_url("preview", police_request.pk)))
    for expected in (
        "Row 7, Date: The date is not a real date",
        "Row 8, Date: The date 01/01/2030 is in the future",
        "Row 9, Source: Enter the source of information",
        "Row 10, Date: The date 06/2018 is before the child was born (1 May 2019)",
        "Row 11, Date: The date 05/03/2024 is outside the review's scope period",
        "Row 12, What happened: repeats row 4: the same event on the same date",
        "Row 13, Time: The time (25:00) is not a real time",
        "Row 14, What happened: a formula (=HYPERLINK(",
        "Row 13, Shared: Say whether it was shared",
        "Row 14, Shared with: Enter whom it was shared with",
    ):
        assert expected in page, expected
    assert "Import 3 entries" not in page
    response = client.post(_url("confirm", police_request.pk))
    assert "Nothing was imported" in _page(response)
    assert not ChronologyEntry.objects.exists() and not EntryImport.objects.exists()


def test_the_sheet_and_heading_row_can_be_chosen(client_for, world, police_request):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Read me first"])
    sheet = book.create_sheet("Entries")
    sheet.append(["Date", "Source", "Event"])
    sheet.append(["2021", "Police log", "Calls that year."])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(world.subgroup_member)
    response = _upload(client, police_request.pk, "two.xlsx", buffer.getvalue())
    assert response.url == _url("sheet", police_request.pk)
    assert "Which sheet holds the chronology?" in _page(client.get(response.url))
    client.post(_url("sheet", police_request.pk), {"sheet": "Entries"})
    client.post(_url("headings", police_request.pk), {"header_row": "1"})
    client.post(_url("map", police_request.pk), {"when": "Date", "source": "Source",
                                                 "event": "Event"})  # fmt: skip
    assert "Ready to import 1 entry" in _page(client.get(_url("preview", police_request.pk)))


def test_a_required_column_left_out_is_named(client_for, world, police_request):
    client = client_for(world.subgroup_member)
    _upload(client, police_request.pk, "police.xlsx", workbook(GOOD))
    page = _page(client.post(_url("map", police_request.pk), {"when": "Date"}))
    assert "Choose the column that holds the source of information" in page


def test_another_agency_cannot_use_the_police_import(client_for, world, police_request):
    client = client_for(world.other_subgroup_member)
    assert client.get(_url("start", police_request.pk)).status_code == 403
    assert _upload(client, police_request.pk, "x.xlsx", workbook(GOOD)).status_code == 403
    assert client_for(world.outsider).get(_url("start", police_request.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("bomb.xlsx", hostile.bomb_bytes(100 * MB), "would unpack to more than"),
        ("locked.xlsx", CFB + b"\0" * 600, "protected with a password"),
        ("fake.xlsx", b"PK\x03\x04 this is not a workbook", "is not really an Excel workbook"),
        ("binary.csv", b"Date,Source\r\n\x00\x01\x02", "holds binary data"),
        ("empty.csv", b"", "empty"),
    ],
)  # fmt: skip
def test_hostile_files_are_refused_and_nothing_is_kept(
    client_for, world, police_request, files_root, settings, name, content, says
):
    settings.MAX_UNPACKED_BYTES = 20 * MB
    settings.MAX_ARCHIVE_RATIO = 10**9
    client = client_for(world.subgroup_member)
    response = _upload(client, police_request.pk, name, content)
    assert response.status_code == 200
    page = _page(response)
    assert "There is a problem" in page and says in page
    assert "chronology_import" not in client.session
    assert not [p for p in files_root.rglob("*") if p.is_file()]


def test_a_workbook_with_an_xml_entity_is_refused(client_for, world, police_request, files_root):
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c>'
        b"</row></sheetData></worksheet>"
    )
    content = hostile.zip_of(
        {
            "[Content_Types].xml": hostile.CONTENT_TYPES,
            "xl/workbook.xml": hostile.WORKBOOK,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )
    page = _page(_upload(client_for(world.subgroup_member), police_request.pk, "t.xlsx", content))
    assert "t.xlsx holds an XML declaration Excel never writes" in page
    assert not ChronologyEntry.objects.exists()
