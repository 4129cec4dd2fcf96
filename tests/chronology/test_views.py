"""The chronology's pages as each kind of user meets them: the panel sees all, an agency its
own until the merge (then the anonymised integrated chronology), other partnerships nothing;
restricted reviews keep their reach; the documents read back."""

import io
import json

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from casereviews.chronology import services
from casereviews.core.models import AuditLog
from tests.chronology.conftest import entry
from tests.factories import UserFactory

NAMED_DETAIL = "Mrs Jane Smith"


@pytest.fixture
def filled(world, police_request, health_request):
    services.add_entry(
        world.subgroup_member,
        police_request,
        entry(when="14/02/2021", known=f"{NAMED_DETAIL} said the child was at her house."),
    )
    services.add_entry(
        world.practitioner,
        health_request,
        entry(
            when="?/01/2021",
            source="ED record",
            event="Burn to the hand.",
            people="Child F, ED doctor",
            significant=True,
        ),
    )
    services.add_entry(
        world.practitioner,
        health_request,
        entry(when="05/06/2022", source="GP record", event="Missed appointment.", people="GP"),
    )
    return police_request.chronology


def _get(client_for, user, name, *args, **query):
    url = reverse(f"chronology:{name}", args=args)
    return client_for(user).get(url, query)


def test_the_panel_sees_every_agency_merged_in_date_order(client_for, world, filled):
    for user in (world.business_unit, world.reviewer):
        page = _get(client_for, user, "integrated", filled.pk)
        assert page.status_code == 200
        text = page.content.decode()
        burn, police, missed = (
            text.index("Burn to the hand."),
            text.index("Police log 1/21"),
            text.index("Missed appointment."),
        )
        assert burn < police < missed  # ?/01/2021 placed at its earliest day, before 14/02
        assert "?/01/2021 (month only, approximate)" in text and "Uncertain date" in text
        assert NAMED_DETAIL in text and "Added by" in text


def test_filters_by_agency_period_and_person(client_for, world, filled):
    by_agency = _get(client_for, world.reviewer, "integrated", filled.pk, agency=world.health.pk)
    assert "Police log 1/21" not in by_agency.content.decode()
    by_period = _get(client_for, world.reviewer, "integrated", filled.pk, start="1/3/2021")
    assert "Missed appointment." in by_period.content.decode()
    assert "Burn to the hand." not in by_period.content.decode()
    by_person = _get(client_for, world.reviewer, "integrated", filled.pk, person="GP")
    assert "1 of 3 entries" in by_person.content.decode()


def test_the_anonymised_view_keeps_roles_and_pseudonyms_only(client_for, world, filled):
    text = _get(client_for, world.reviewer, "integrated", filled.pk, view="anonymised")
    text = text.content.decode()
    assert "Jane Smith" not in text and "[name removed]" in text
    assert "Child F" in text and "Northshire Police" in text
    assert "Added by" not in text


def test_an_agency_sees_only_its_own_until_the_merge(client_for, world, filled, health_request):
    police_request = filled.requests.get(agency=world.police)
    lead = world.subgroup_member
    assert _get(client_for, lead, "overview", filled.review_id).status_code == 200
    own = _get(client_for, lead, "agency", police_request.pk)
    assert own.status_code == 200 and "Burn to the hand." not in own.content.decode()
    assert _get(client_for, lead, "agency", health_request.pk).status_code == 403
    assert _get(client_for, lead, "integrated", filled.pk).status_code == 403
    assert _get(client_for, lead, "knew", filled.pk).status_code == 403
    assert _get(client_for, lead, "download", filled.pk, "docx").status_code == 403
    services.merge(world.business_unit, filled)
    merged = _get(client_for, lead, "integrated", filled.pk, view="named")
    assert merged.status_code == 200
    text = merged.content.decode()
    assert "Burn to the hand." in text and "Jane Smith" not in text  # anonymised, whatever asked
    assert _get(client_for, lead, "add_entry", police_request.pk).status_code == 403
    assert _get(client_for, lead, "knew", filled.pk).status_code == 403


def test_people_outside_the_review_get_nothing(client_for, world, filled, health_request):
    assert _get(client_for, world.outsider, "integrated", filled.pk).status_code == 404
    assert _get(client_for, world.outsider, "overview", filled.review_id).status_code == 404
    assert _get(client_for, world.outsider, "agency", health_request.pk).status_code == 404
    stranger = UserFactory(
        username="stranger", partnership=world.partnership, agency=None, role="reviewer"
    )
    assert _get(client_for, stranger, "integrated", filled.pk).status_code == 403
    other_lead = UserFactory(
        username="other.lead", partnership=world.partnership, agency=None, role="subgroup_member"
    )
    assert _get(client_for, other_lead, "overview", filled.review_id).status_code == 403


def test_a_restricted_review_keeps_its_reach_and_views_are_audited(client_for, world, filled):
    review = filled.review
    review.restricted = True
    review.save()
    review.restricted_members.add(world.business_unit)
    assert _get(client_for, world.reviewer, "integrated", filled.pk).status_code == 404
    assert _get(client_for, world.subgroup_member, "overview", review.pk).status_code == 404
    assert _get(client_for, world.business_unit, "integrated", filled.pk).status_code == 200
    assert AuditLog.objects.filter(action="view", actor=world.business_unit, review=review).exists()


def test_the_anonymised_word_has_the_agency_column_and_no_names(client_for, world, filled):
    response = _get(client_for, world.reviewer, "download", filled.pk, "docx", view="anonymised")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    table = document.tables[0]
    head = [c.text for c in table.rows[0].cells]
    assert head[:3] == ["Date", "Time", "Agency"] and "Added by" not in head
    agencies = [row.cells[2].text for row in table.rows[1:]]
    assert agencies == ["Northshire Health", "Northshire Police", "Northshire Health"]
    body = "\n".join(c.text for row in table.rows for c in row.cells)
    assert "Jane Smith" not in body and "[name removed]" in body
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Anonymised" in paragraphs and "1 details removed" in paragraphs
    assert AuditLog.objects.filter(action="export", actor=world.reviewer).exists()


def test_the_named_excel_and_the_summary_timeline(client_for, world, filled):
    response = _get(client_for, world.business_unit, "download", filled.pk, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == "Agency" and rows[1][-1] == "Added by"
    assert any(NAMED_DETAIL in (cell or "") for row in rows for cell in row)
    summary = _get(client_for, world.business_unit, "download", filled.pk, "summary")
    table = docx.Document(io.BytesIO(summary.content)).tables[0]
    assert [r.cells[2].text for r in table.rows[1:]] == ["Burn to the hand."]  # significant only


def test_the_export_command_gives_the_anonymised_chronology(world, filled, capsys):
    call_command("export", "chronology", "--review", "ref053", "--partnership", "northshire")
    data = json.loads(capsys.readouterr().out)
    assert [row["agency"] for row in data] == [
        "Northshire Health",
        "Northshire Police",
        "Northshire Health",
    ]
    assert "Jane Smith" not in json.dumps(data)
    call_command(
        "export",
        "chronology",
        "--review",
        "Ref053",
        "--partnership",
        "northshire",
        "--format",
        "csv",
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("review,agency,date,precision") and len(lines) == 4
