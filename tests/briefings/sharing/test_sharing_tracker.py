"""Which agencies have confirmed sharing each briefing, and how long since publication."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from casereviews.briefings.sharing import services as services_sharing

TRACKER = "/briefings/sharing/"


def share(user, briefing, agency, *, on, staff=10, method="team_meeting", feedback=""):
    return services_sharing.record_dissemination(
        user,
        briefing,
        agency=agency,
        method=method,
        shared_on=on,
        staff_reached=staff,
        feedback=feedback,
    )


@pytest.fixture
def older(world, review, make_briefing, education):
    """Published 5 January 2026: 56 days before today; nobody has confirmed it."""
    return make_briefing(
        world.partnership, review, published_on=dt.date(2026, 1, 5), title="Older briefing"
    )


def rows_text(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = body.split('<tr class="govuk-table__row">')[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_tracker_url_and_who_may_see_it(world, client_for, briefing):
    assert reverse("sharing:tracker") == TRACKER
    assert client_for(world.business_unit).get(TRACKER).status_code == 200
    for user in (world.subgroup_member, world.practitioner, world.reviewer):
        assert client_for(user).get(TRACKER).status_code == 403


def test_outsider_sees_only_their_own_partnerships_briefings(world, client_for, briefing, theirs):
    """The outsider is another partnership's business unit: their tracker, none of ours."""
    html = client_for(world.outsider).get(TRACKER).content.decode()
    assert "Theirs" in html
    assert "Learning from Ref057" not in html and "Northshire" not in html


def test_tracker_lists_outstanding_agencies_longest_waiting_first(
    world, client_for, briefing, older, education
):
    share(world.subgroup_member, briefing, world.police, on=dt.date(2026, 2, 3), staff=30)
    share(world.subgroup_member, briefing, world.police, on=dt.date(2026, 2, 9), staff=12)
    share(world.other_subgroup_member, briefing, world.health, on=dt.date(2026, 2, 4), staff=7)
    html = client_for(world.business_unit).get(TRACKER).content.decode()
    first, second = rows_text(html)
    # The older briefing waits longest (56 days, nobody confirmed) and comes first.
    assert first.startswith("Older briefing")
    assert "56 days ago" in first
    assert "0 of 3" in first
    assert "Northshire Education" in first and "Northshire Health" in first
    assert "Northshire Police" in first
    assert second.startswith("Learning from Ref057")
    assert "29 days ago" in second
    assert "2 of 3" in second
    assert "49" in second  # staff reached: 30 + 12 + 7
    assert "Northshire Education" in second
    assert "Northshire Police" not in second and "Northshire Health" not in second


def test_days_since_publication_move_with_the_calendar(world, client_for, briefing):
    with time_machine.travel(dt.datetime(2026, 2, 2, 9, 0), tick=False):
        html = client_for(world.business_unit).get(TRACKER).content.decode()
    assert "1 day ago" in html
    with time_machine.travel(dt.datetime(2026, 5, 2, 9, 0), tick=False):
        html = client_for(world.business_unit).get(TRACKER).content.decode()
    assert "90 days ago" in html


def test_filter_only_briefings_with_agencies_outstanding(
    world, client_for, briefing, older, education
):
    for user, agency in (
        (world.subgroup_member, world.police),
        (world.other_subgroup_member, world.health),
        (world.business_unit, education),
    ):
        share(user, briefing, agency, on=dt.date(2026, 2, 20))
    client = client_for(world.business_unit)
    everything = rows_text(client.get(TRACKER).content.decode())
    assert len(everything) == 2
    assert "All confirmed" in everything[1] and "3 of 3" in everything[1]
    outstanding = rows_text(client.get(TRACKER + "?outstanding=on").content.decode())
    assert len(outstanding) == 1 and outstanding[0].startswith("Older briefing")


def test_drafts_are_not_on_the_tracker(world, client_for, draft):
    html = client_for(world.business_unit).get(TRACKER).content.decode()
    assert "Draft learning" not in html
    assert "No briefing has been published yet" in html


def test_inactive_agency_is_not_expected_but_its_confirmation_counts(
    world, client_for, briefing, education
):
    share(world.business_unit, briefing, education, on=dt.date(2026, 2, 20))
    education.active = False
    education.save()
    html = client_for(world.business_unit).get(TRACKER).content.decode()
    (row,) = rows_text(html)
    assert "1 of 3" in row  # police and health outstanding, education confirmed


# --- one briefing's sharing page ----------------------------------------------------------


def page_url(briefing) -> str:
    return reverse("sharing:briefing", args=[briefing.pk])


def test_briefing_page_shows_records_quotes_and_outstanding(world, client_for, briefing):
    share(
        world.subgroup_member,
        briefing,
        world.police,
        on=dt.date(2026, 2, 3),
        staff=30,
        method="supervision",
        feedback="Officers said the key points made them think about who else lives in the home.",
    )
    for user in (world.business_unit, world.subgroup_member, world.other_subgroup_member):
        response = client_for(user).get(page_url(briefing))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Officers said the key points made them think" in html
        assert "Supervision" in html and "3 February 2026" in html
        assert "1 of 3" in html
        outstanding = html.split('id="outstanding"', 1)[1].split("</ul>", 1)[0]
        assert "Northshire Health" in outstanding and "Northshire Education" in outstanding
        assert "Northshire Police" not in outstanding


@pytest.mark.parametrize("who", ["practitioner", "reviewer"])
def test_briefing_page_is_for_board_members(world, client_for, briefing, who):
    assert client_for(getattr(world, who)).get(page_url(briefing)).status_code == 403


def test_briefing_page_outsider_404(world, client_for, briefing, theirs):
    assert client_for(world.outsider).get(page_url(briefing)).status_code == 404
    assert client_for(world.business_unit).get(page_url(theirs)).status_code == 404


def test_briefing_page_of_a_draft_says_it_is_not_published(world, client_for, draft):
    html = client_for(world.business_unit).get(page_url(draft)).content.decode()
    assert "not published yet" in html
    assert reverse("sharing:record", args=[draft.pk]) not in html


def test_restricted_reviews_draft_is_not_found_for_non_members(world, client_for, draft):
    draft.review.restricted = True
    draft.review.save()
    draft.review.restricted_members.set([world.business_unit])
    assert client_for(world.subgroup_member).get(page_url(draft)).status_code == 404
    assert client_for(world.business_unit).get(page_url(draft)).status_code == 200
