"""Chronology entries in the learning library: indexed as they are written, found by the
review's panel only (the business unit and the review's reviewers), never by an agency, a
practitioner or another partnership, nor by a non-member when the review is restricted."""

from __future__ import annotations

from casereviews.chronology import services
from casereviews.library import search
from tests.chronology.conftest import entry

SHOUTING = "Called to the home after a report of shouting by the stepfather."


def found(user, query="stepfather"):
    return [r.entry.title for r in search.search(user, query).results]


def test_the_panel_finds_an_entry_as_it_is_written_changed_and_deleted(world, police_request):
    lead = world.subgroup_member  # the police's lead writes the police's entries
    written = services.add_entry(lead, police_request, entry(event=SHOUTING))
    assert found(world.business_unit) == ["Ref053 chronology: 12/03/2021, Northshire Police"]
    assert found(world.reviewer)  # leads the review
    for outside in (lead, world.practitioner, world.other_subgroup_member, world.outsider):
        assert found(outside) == []
    services.change_entry(lead, police_request, written, entry(event="Nobody answered."))
    assert found(world.business_unit) == []
    assert found(world.business_unit, "answered")
    services.delete_entry(lead, police_request, written)
    assert found(world.business_unit, "answered") == []


def test_a_restricted_review_s_entries_are_its_members(world, review, police_request):
    services.add_entry(world.subgroup_member, police_request, entry(event=SHOUTING))
    review.restricted = True
    review.save()
    review.restricted_members.add(world.reviewer, world.business_unit)
    assert found(world.reviewer) and found(world.business_unit)
    from tests.factories import UserFactory

    other_bu = UserFactory(
        username="bu2", partnership=world.partnership, agency=None, role="business_unit"
    )
    assert found(other_bu) == []
