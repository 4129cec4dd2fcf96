"""Hostile trackers at the import page: refused with the limit named, nothing left on disk.

Uploads are forced onto temporary files (FILE_UPLOAD_MAX_MEMORY_SIZE = 0) in a folder of the
test's own, so the test sees that every temporary file is gone after the request too.
"""

from __future__ import annotations

import pytest

from tests.actions.fixtures_import import csv_bytes, good_rows, start_import, xlsx_bytes
from tests.core import hostile

MB = 1024 * 1024


@pytest.fixture
def temp_dir(settings, tmp_path):
    folder = tmp_path / "upload-temp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return folder


def _refused(client, name: str, content: bytes, files_root, temp_dir) -> str:
    response = start_import(client, name, content)
    assert response.status_code == 200
    page = response.content.decode().replace("&#39;", "'").replace("&quot;", '"')
    assert "There is a problem" in page
    assert "actions_import" not in client.session
    assert not [p for p in files_root.rglob("*") if p.is_file()]
    assert not list(temp_dir.iterdir())
    return page


def test_a_zip_bomb_tracker_is_refused_and_nothing_is_left(
    world, client_for, files_root, temp_dir, settings
):
    settings.MAX_UNPACKED_BYTES = 20 * MB
    settings.MAX_ARCHIVE_RATIO = 10**9
    page = _refused(
        client_for(world.business_unit),
        "tracker.xlsx",
        hostile.bomb_bytes(100 * MB),
        files_root,
        temp_dir,
    )
    assert "tracker.xlsx would unpack to more than 20 MB: the most accepted is 20 MB" in page


def test_a_good_tracker_leaves_no_temporary_file(world, client_for, files_root, temp_dir):
    response = start_import(client_for(world.business_unit), "t.xlsx", xlsx_bytes(good_rows()))
    assert response.status_code == 302
    assert not list(temp_dir.iterdir())
    assert [p for p in files_root.rglob("*.xlsx")]  # kept for the next steps of the import


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_too_many_rows_are_refused_with_the_limit(
    world, client_for, files_root, temp_dir, settings, kind
):
    settings.TRACKER_MAX_ROWS = 50
    rows = good_rows() * 20
    content = xlsx_bytes(rows) if kind == "xlsx" else csv_bytes(rows)
    page = _refused(client_for(world.business_unit), f"t.{kind}", content, files_root, temp_dir)
    assert f"t.{kind} has more than 50 rows: the most read is 50" in page


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_data_beyond_the_column_limit_is_refused_with_the_limit(
    world, client_for, files_root, temp_dir, settings, kind
):
    settings.TRACKER_MAX_COLUMNS = 9
    rows = [[*row, "a note in column J"] for row in good_rows()]
    content = xlsx_bytes(rows) if kind == "xlsx" else csv_bytes(rows)
    page = _refused(client_for(world.business_unit), f"t.{kind}", content, files_root, temp_dir)
    assert f"t.{kind} has data in column J (row 2): the most columns read is 9" in page


def test_an_empty_column_beyond_the_limit_is_no_problem(world, client_for, settings):
    settings.TRACKER_MAX_COLUMNS = 9
    rows = [[*row, None] for row in good_rows()]
    response = start_import(client_for(world.business_unit), "t.csv", csv_bytes(rows))
    assert response.status_code == 302


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_cell_over_the_length_limit_is_refused_with_the_limit(
    world, client_for, files_root, temp_dir, settings, kind
):
    settings.TRACKER_MAX_CELL_CHARS = 200
    rows = good_rows()
    rows[1][7] = "Briefings given. " * 20  # 340 characters
    content = xlsx_bytes(rows) if kind == "xlsx" else csv_bytes(rows)
    page = _refused(client_for(world.business_unit), f"t.{kind}", content, files_root, temp_dir)
    expected = {
        # A workbook is refused by the look at its XML before openpyxl opens it.
        "xlsx": "t.xlsx has a cell (row 3) longer than 200 characters",
        "csv": "t.csv has a cell (H3) of 340 characters",
    }[kind]
    assert f"{expected}: the most accepted in one cell is 200" in page


def test_a_csv_line_wider_than_excel_is_refused(world, client_for, files_root, temp_dir):
    content = csv_bytes(good_rows()) + b"," * 20_000 + b"\r\n"
    page = _refused(client_for(world.business_unit), "t.csv", content, files_root, temp_dir)
    assert "has a line with more than 16,384 columns, more than Excel itself allows" in page


def test_a_workbook_with_an_xml_entity_is_refused(world, client_for, files_root, temp_dir):
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
    page = _refused(client_for(world.business_unit), "t.xlsx", content, files_root, temp_dir)
    assert "t.xlsx holds an XML declaration Excel never writes" in page
