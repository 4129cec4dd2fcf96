"""The briefing pages lead to recording and tracking how agencies shared a briefing."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.briefings.models import Briefing
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _briefing(world, status: str) -> Briefing:
    review = ReviewFactory(partnership=world.partnership, ref="Ref053")
    return Briefing.objects.create(
        partnership=world.partnership,
        review=review,
        kind="seven_minute",
        title="Seven minutes on neglect",
        sections={"background": "Child F lived with his mother."},
        status=status,
        published_on=dt.date(2026, 11, 2) if status == "published" else None,
    )


def test_an_agency_lead_is_asked_to_record_how_their_agency_shared_it(world, client_for):
    briefing = _briefing(world, "published")
    text = client_for(world.subgroup_member).get(f"/briefings/{briefing.pk}/").content.decode()
    assert "Record how Northshire Police shared this briefing" in text
    assert f'href="/briefings/{briefing.pk}/sharing/new/"' in text
    assert f'href="/briefings/{briefing.pk}/sharing/"' in text


def test_a_practitioner_reads_the_briefing_without_the_sharing_links(world, client_for):
    briefing = _briefing(world, "published")
    text = client_for(world.practitioner).get(f"/briefings/{briefing.pk}/").content.decode()
    assert "Seven minutes on neglect" in text
    assert "/sharing/" not in text


def test_a_draft_has_no_sharing_links(world, client_for):
    briefing = _briefing(world, "draft")
    text = client_for(world.business_unit).get(f"/briefings/{briefing.pk}/").content.decode()
    assert "/sharing/" not in text


def test_the_business_unit_finds_the_sharing_tracker_from_the_briefings(world, client_for):
    assert (
        'href="/briefings/sharing/"'
        in client_for(world.business_unit).get("/briefings/").content.decode()
    )
    assert (
        'href="/briefings/sharing/"'
        not in client_for(world.subgroup_member).get("/briefings/").content.decode()
    )
