"""The figures of analysis across reviews on the small world (conftest.py), counted by hand."""

from __future__ import annotations

import csv
import io
import re

import pytest

from casereviews.core.reporting_year import ReportingYear
from casereviews.insights import presenters, selectors
from tests.insights.conftest import DA, FATHERS, MH, NEGLECT, SM
from tests.sql import starting_with, statements_of_get

pytestmark = pytest.mark.django_db


def rows_of(table) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table.rows}


def test_prevalence_counts_reviews_findings_and_reports(world, small):
    a = presenters.analysis(world.business_unit, None)
    # R1-R4 each have an accepted theme; R9 is another partnership's.
    assert a.reviews == 4
    prevalence = rows_of(a.tables["prevalence"])
    # reviews, % of 4, findings, reports
    assert prevalence["Domestic abuse"] == ["3", "75%", "3", "0"]  # R1, R2, R4 (R3's rejected)
    assert prevalence["Parental mental health and learning disability"] == ["2", "50%", "2", "0"]
    assert prevalence["Parental substance misuse"] == ["1", "25%", "1", "0"]
    # 3 findings in 2 reviews
    assert prevalence["Fathers and male carers"] == ["2", "50%", "3", "0"]
    # R2's report; only suggested on R1's finding 2
    assert prevalence["Neglect and poor parenting"] == ["1", "25%", "0", "1"]
    assert a.tables["prevalence"].rows[0][0] == "Domestic abuse"  # most raised first


def test_toxic_trio_and_pairs(world, small):
    a = presenters.analysis(world.business_unit, None)
    trio = rows_of(a.tables["toxic-trio"])
    assert trio["All three (the toxic trio)"] == ["1", "25%"]  # R1 only
    da_mh = "Domestic abuse with Parental mental health and learning disability"
    assert trio[da_mh] == ["2", "50%"]
    found = selectors.theme_pairs(selectors.review_themes(world.business_unit))
    pairs = {(a_, b_): n for a_, b_, n in found}
    assert pairs[(DA, MH)] == 2  # R1, R4
    assert pairs[(DA, SM)] == 1 and pairs[(MH, SM)] == 1
    assert pairs[(DA, FATHERS)] == pairs[(DA, NEGLECT)] == pairs[(FATHERS, NEGLECT)] == 1
    assert len(pairs) == 6


def test_by_reporting_year_with_trend(world, small):
    a = presenters.analysis(world.business_unit, None)
    trend = a.tables["trend"]
    # R1 (May 2024) and R2 (February 2025) are 2024-25; R3 and R4 2025-26.
    assert trend.head == ["Theme", "2024-25 (2 reviews)", "2025-26 (2 reviews)", "Trend"]
    rows = rows_of(trend)
    assert rows["Domestic abuse"] == ["2 (100%)", "1 (50%)", "Falling (50 points)"]
    assert rows["Fathers and male carers"] == ["1 (50%)", "1 (50%)", "Steady"]
    assert rows["Parental substance misuse"] == ["1 (50%)", "0 (0%)", "Falling (50 points)"]
    # One year only: its figures and no trend table.
    only = presenters.analysis(world.business_unit, ReportingYear(2025))
    assert only.reviews == 2 and "trend" not in only.tables
    assert rows_of(only.tables["prevalence"])["Domestic abuse"][:2] == ["1", "50%"]


def test_by_age_group_and_review_type(world, small):
    a = presenters.analysis(world.business_unit, None)
    ages = a.tables["age-groups"]
    assert ages.head == [
        "Theme", "Under 1 (1 reviews)", "1 to 4 (1 reviews)", "5 to 9 (1 reviews)",
        "14 and over (1 reviews)",
    ]  # fmt: skip
    assert rows_of(ages)["Domestic abuse"] == ["1 (100%)", "0 (0%)", "1 (100%)", "1 (100%)"]
    types = a.tables["review-types"]
    assert types.head[1:] == [
        "Thematic learning review (1 reviews)",
        "Serious case review / local child safeguarding practice review (3 reviews)",
    ]
    assert rows_of(types)["Fathers and male carers"] == ["1 (100%)", "1 (33%)"]


def test_actions_by_agency(world, small):
    a = presenters.analysis(world.business_unit, None)
    rows = {(r[0], r[1]): r[2:] for r in a.tables["agencies"].rows}
    assert rows == {
        ("Northshire Health", "Domestic abuse"): ["1", "0"],
        ("Northshire Health", "Fathers and male carers"): ["1", "0"],
        ("Northshire Health", "Parental mental health and learning disability"): ["1", "0"],
        ("Northshire Police", "Domestic abuse"): ["1", "1"],
        ("Northshire Police", "Parental mental health and learning disability"): ["1", "1"],
    }


def test_restricted_review_counted_only_for_its_members(world, small):
    a = presenters.analysis(world.subgroup_member, None)
    assert a.reviews == 3  # R4 is restricted to the business unit
    assert rows_of(a.tables["prevalence"])["Domestic abuse"][:2] == ["2", "67%"]
    assert (
        rows_of(a.tables["toxic-trio"])[
            "Domestic abuse with Parental mental health and learning disability"
        ][0]
        == "1"
    )  # noqa: E501


def test_other_partnership_never_counted(world, small):
    a = presenters.analysis(world.outsider, None)
    assert a.reviews == 1  # Southshire's R9 alone
    assert rows_of(a.tables["prevalence"])["Domestic abuse"][:2] == ["1", "100%"]
    assert a.tables["agencies"].rows == []


def test_practitioner_and_reviewer_may_not_see(world, small, client_for):
    assert selectors.reviews_counted(selectors.review_themes(world.practitioner)) == 0
    for user in (world.practitioner, world.reviewer):
        client = client_for(user)
        assert client.get("/insights/").status_code == 403
        assert client.get("/insights/prevalence.csv").status_code == 403
        assert client.get(f"/insights/themes/{FATHERS}/").status_code == 403


CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def _html_table(html: str, key: str) -> list[list[str]]:
    section = html.split(f'id="{key}-heading"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", section, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in CELL.findall(row)] for row in cells]


@pytest.mark.parametrize("key", ["prevalence", "trend", "toxic-trio", "age-groups", "agencies"])
def test_csv_matches_the_table_on_the_page(world, small, client_for, key):
    client = client_for(world.business_unit)
    page = client.get("/insights/")
    assert page.status_code == 200
    html = page.content.decode()
    response = client.get(f"/insights/{key}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    from_csv = list(csv.reader(io.StringIO(response.content.decode())))
    assert from_csv == _html_table(html, key)
    assert len(from_csv) > 1


def test_pages_show_the_figures(world, small, client_for):
    client = client_for(world.business_unit)
    html = client.get("/insights/").content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "4 reviews" in html
    assert "No national corpus has been loaded" in html
    assert client.get("/insights/nonsense.csv").status_code == 404
    # Navigation: the board sees the entry, a practitioner does not.
    assert 'href="/insights/"' in html
    assert 'href="/insights/"' not in client_for(world.practitioner).get("/").content.decode()


def test_learning_loop_of_a_theme(world, small, client_for):
    loop = presenters.loop(world.business_unit, FATHERS)
    assert loop.reviews == 2 and len(loop.findings) == 3
    assert [r.review.ref for r in loop.recommendations] == ["R3"]
    assert loop.rag == {"amber": 1} and loop.with_evidence == 1
    assert [b.title for b in loop.briefings] == ["Seven minutes on R2"]
    assert [e.title for e in loop.events] == ["Working with fathers"]
    assert loop.verdict.startswith("Raised in 2 reviews and answered by 1 action")
    html = client_for(world.subgroup_member).get(f"/insights/themes/{FATHERS}/").content.decode()
    assert "Working with fathers" in html and "Fathers audit" in html and "1 entry" in html
    # The restricted R4 raised domestic abuse: not for a sub-group member who is not on it.
    assert presenters.loop(world.subgroup_member, DA).reviews == 2
    assert presenters.loop(world.business_unit, DA).reviews == 3
    assert presenters.loop(world.outsider, FATHERS).reviews == 0
    assert client_for(world.business_unit).get("/insights/themes/no-such-theme/").status_code == 404


def test_same_figures_when_there_are_too_many_ids_to_list(world, small, monkeypatch):
    listed = presenters.analysis(world.business_unit, None)
    monkeypatch.setattr(selectors, "MAX_LISTED_IDS", 1)  # every id set found by subquery
    found = presenters.analysis(world.business_unit, None)
    assert [t.rows for t in found.ordered] == [t.rows for t in listed.ordered]


def test_the_themes_page_reads_the_findings_in_reach_once(world, small, client_for):
    """Its figures, trend and year choices share one read of the findings' ids per view."""
    statements, _ = statements_of_get(client_for(world.business_unit), "/insights/")
    assert len(starting_with(statements, 'SELECT "learning_finding"."id"')) == 1
