"""The sub-group briefing paper: the page, the Word document, and who may see them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from docx import Document
from docx.enum.section import WD_ORIENT

from tests.factories import DelayFactory, ReviewFactory

pytestmark = pytest.mark.django_db
PAGE = "/reports/briefing-paper/"
DOCX = "/reports/briefing-paper.docx"


@pytest.fixture
def reviews(world):
    scr = ReviewFactory(
        partnership=world.partnership,
        ref="Ref053",
        review_type="scr",
        summary="Extreme neglect and cruelty",
        location="Northampton",
        gender="male",
        age_years=12,
        status="underway",
        status_note="SCR agreed and initiated",
        agreed_on=dt.date(2017, 2, 5),
        initiated_on=dt.date(2017, 2, 5),
    )
    DelayFactory(review=scr, noted_on=dt.date(2017, 5, 18), reason="criminal")
    ReviewFactory(
        partnership=world.partnership,
        ref="Ref050",
        review_type="case_mapping",
        summary="CSE and grooming",
        location="Kettering",
        gender="female",
        age_years=16,
        initiated_on=dt.date(2016, 12, 1),
        learning_event_on=dt.date(2017, 6, 15),
        status_note="Review underway and workshop arranged for June 2017",
    )
    ReviewFactory(
        partnership=world.partnership,
        ref="Ref052",
        review_type="thematic",
        summary="CSE involving multiple victims",
        age_years=None,
        age_various=True,
        gender="both",
    )
    secret = ReviewFactory(
        partnership=world.partnership, ref="Ref058", summary="Restricted matter", restricted=True
    )
    secret.restricted_members.set([world.business_unit])
    ReviewFactory(partnership=world.other_partnership, ref="Ref900", summary="Southshire case")
    return world


@time_machine.travel(dt.date(2017, 6, 1))
def test_page_lists_reviews_grouped_with_status_and_timeliness(client_for, reviews):
    # Finished: one within the last 12 months (still on the paper), two long ago (history).
    ReviewFactory(
        partnership=reviews.partnership, ref="Ref013", status="published",
        completed_on=dt.date(2016, 5, 1), published_on=dt.date(2016, 7, 6),
    )  # fmt: skip
    ReviewFactory(
        partnership=reviews.partnership, ref="Ref011", status="published",
        completed_on=dt.date(2015, 12, 1), published_on=dt.date(2016, 1, 26),
    )  # fmt: skip
    ReviewFactory(
        partnership=reviews.partnership, ref="Ref009", status="completed",
        completed_on=dt.date(2016, 4, 30), published_on=None,
    )  # fmt: skip
    html = client_for(reviews.subgroup_member).get(PAGE).content.decode()
    assert "As at 1 June 2017" in html
    order = [
        html.index("Serious case reviews"),
        html.index("Ref053"),
        html.index("Thematic learning reviews"),
        html.index("Ref052"),
        html.index("Case mapping exercises"),
        html.index("Ref050"),
        html.index("Single agency reviews"),
    ]
    assert order == sorted(order)
    # Finished reviews stay for 12 months after publication (or completion), then leave it.
    assert "Ref013" in html
    assert "Ref011" not in html and "Ref009" not in html
    assert "Initiated 5 February 2017. SCR agreed and initiated" in html
    assert "5 August 2017: On track" in html
    assert "Parallel criminal proceedings (noted 18 May 2017)" in html
    assert "Practitioner learning event 15 June 2017" in html
    assert "Various" in html
    # Not a member of the restricted review; another partnership's review never shows.
    assert "Ref058" not in html
    assert "Ref900" not in html and "Southshire case" not in html
    assert 'href="/reports/briefing-paper.docx"' in html


def test_restricted_review_shows_for_its_members(client_for, reviews):
    html = client_for(reviews.business_unit).get(PAGE).content.decode()
    assert "Ref058" in html


@time_machine.travel(dt.date(2017, 6, 1))
def test_word_document_has_title_date_and_a_table_per_group(client_for, reviews):
    response = client_for(reviews.subgroup_member).get(DOCX)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Sub-group briefing paper: current reviews"
    assert document.paragraphs[0].style.name == "Title"
    assert any("As at 1 June 2017" in t for t in texts)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Serious case reviews and local child safeguarding practice reviews",
        "Thematic learning reviews",
        "Case mapping exercises",
        "Single agency reviews",
    ]
    assert "None." in texts  # no single agency reviews
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    scr_table, thematic_table, cme_table = document.tables
    header = [c.text for c in scr_table.rows[0].cells]
    assert header[:6] == ["Ref", "Summary", "Location", "Gender", "Age", "Status"]
    assert [c.text for c in scr_table.rows[1].cells][:5] == [
        "Ref053",
        "Extreme neglect and cruelty",
        "Northampton",
        "Male",
        "12 yrs",
    ]
    assert scr_table.rows[1].cells[6].text == "5 August 2017: On track"
    assert len(scr_table.rows) == 2  # the restricted Ref058 is not there for this user
    assert [r.cells[0].text for r in cme_table.rows[1:]] == ["Ref050"]
    assert [r.cells[0].text for r in thematic_table.rows[1:]] == ["Ref052"]
    body = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Ref900" not in body


@pytest.mark.parametrize("url", [PAGE, DOCX])
def test_permissions(client_for, reviews, url):
    assert client_for(reviews.business_unit).get(url).status_code == 200
    assert client_for(reviews.subgroup_member).get(url).status_code == 200
    assert client_for(reviews.reviewer).get(url).status_code == 403
    assert client_for(reviews.practitioner).get(url).status_code == 403


def test_another_partnership_sees_only_its_own(client_for, reviews):
    html = client_for(reviews.outsider).get(PAGE).content.decode()
    assert "Ref900" in html
    assert "Ref053" not in html and "Ref058" not in html


@time_machine.travel(dt.date(2017, 6, 1))
def test_a_completed_case_mapping_exercise_is_not_overdue(client_for, reviews):
    ReviewFactory(
        partnership=reviews.partnership,
        ref="Ref044",
        review_type="case_mapping",
        initiated_on=dt.date(2016, 3, 14),
        completed_on=dt.date(2016, 9, 22),
        status="completed",
    )
    html = client_for(reviews.business_unit).get(PAGE).content.decode()
    assert "14 September 2016: Completed late" in html


def test_a_summary_with_pasted_control_characters_still_makes_the_word_file(world, client_for):
    # A vertical tab or form feed pasted from another program is not allowed in a Word file.
    ReviewFactory(partnership=world.partnership, ref="Ref060", summary="Neglect\x0band\x0cinjury")
    response = client_for(world.business_unit).get(DOCX)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Neglectandinjury" in cells


@time_machine.travel(dt.date(2017, 6, 1))
def test_the_status_is_said_once(client_for, reviews):
    ReviewFactory(
        partnership=reviews.partnership,
        ref="Ref044",
        review_type="case_mapping",
        initiated_on=dt.date(2016, 3, 14),
        completed_on=dt.date(2016, 9, 22),
        status="completed",
    )
    ReviewFactory(
        partnership=reviews.partnership,
        ref="Ref021",
        status="published",
        status_note="SCR completed. Published 26 January 2017",
        published_on=dt.date(2017, 1, 26),
    )
    html = client_for(reviews.business_unit).get(PAGE).content.decode()
    assert "Completed 22 September 2016" in html and "Completed. Completed" not in html
    assert ">SCR completed. Published 26 January 2017<" in html
    assert "Published. SCR completed" not in html
    # Ref050, underway, its note saying so: the milestone and the note.
    assert ">Practitioner learning event 15 June 2017. Review underway and workshop" in html
