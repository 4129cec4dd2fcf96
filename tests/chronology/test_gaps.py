"""What agencies knew and shared, and the swim-lane picture of it."""

import re

from casereviews.chronology import gaps, selectors, services, timeline
from tests.chronology.conftest import D, entry


def _analysis(world, chronology):
    entries = selectors.integrated(world.reviewer, chronology)
    agencies = selectors.agencies_in(chronology)
    return (
        entries,
        agencies,
        gaps.find_gaps(entries, agencies, chronology.scope_from, chronology.scope_to),
    )


def test_a_significant_event_shared_with_an_agency_that_has_no_record_is_a_gap(
    world, police_request, health_request
):
    services.add_entry(
        world.practitioner,
        health_request,
        entry(
            when="01/02/2021",
            source="ED record",
            event="Burn to the hand, two days old, seen in the emergency department.",
            known="Delay in seeking care.",
            shared="Shared",
            shared_with="Northshire Police",
            significant="yes",
            child_seen=True,
        ),
    )
    services.add_entry(world.subgroup_member, police_request, entry(when="20/01/2021"))
    entries, agencies, found = _analysis(world, police_request.chronology)
    (event,) = gaps.significant_events(entries, agencies)
    assert [a.name for a in event.not_recorded_by] == ["Northshire Police"]
    (gap,) = [g for g in found if g.kind == "unrecorded"]
    assert "recorded it as shared with" in gap.description
    assert "information sharing between agencies failed" in gap.description


def test_the_same_event_in_another_agency_record_counts_as_known(
    world, police_request, health_request
):
    services.add_entry(
        world.practitioner,
        health_request,
        entry(when="01/02/2021", source="ED record", event="Burn to the hand treated.",
              significant=True),
    )  # fmt: skip
    services.add_entry(
        world.subgroup_member,
        police_request,
        entry(when="?/02/2021", event="Told of a burn to the hand by the hospital."),
    )
    entries, agencies, found = _analysis(world, police_request.chronology)
    (event,) = gaps.significant_events(entries, agencies)
    assert event.not_recorded_by == [] and len(event.recorded_by) == 2
    assert not [g for g in found if g.kind == "unrecorded"]


def test_not_shared_late_and_silences_are_gaps(world, police_request):
    services.add_entry(
        world.subgroup_member, police_request, entry(when="01/02/2020", shared="no", child_seen=1)
    )
    services.add_entry(
        world.subgroup_member,
        police_request,
        entry(
            when="01/03/2020",
            event="Second call.",
            shared="Shared",
            shared_with="CSC",
            shared_on="30/03/2020",
            child_seen="yes",
        ),
    )
    _entries, _agencies, found = _analysis(world, police_request.chronology)
    kinds = [g.kind for g in found]
    assert kinds.count("not_shared") == 1 and kinds.count("late") == 1
    silence = [g for g in found if g.kind == "silence"]
    assert len(silence) == 1 and silence[0].starts_on == D(2020, 3, 1)
    assert silence[0].ends_on == D(2023, 12, 31)


def test_the_timeline_draws_a_lane_per_agency_and_escapes_text(
    world, police_request, health_request
):
    services.add_entry(
        world.subgroup_member, police_request, entry(event="<script>alert(1)</script> seen")
    )
    services.add_entry(
        world.practitioner, health_request, entry(when="c. 2021", source="GP", significant=1)
    )
    chronology = police_request.chronology
    entries = selectors.integrated(world.reviewer, chronology)
    agencies = selectors.agencies_in(chronology)
    svg = timeline.svg(entries, agencies, chronology.scope_from, chronology.scope_to)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Northshire Police" in svg and "Northshire Health" in svg
    assert len(re.findall(r'stroke-dasharray="3 2"', svg)) == 1  # the uncertain date
    rows = timeline.lane_table(entries, agencies)
    assert [r[0]["text"] for r in rows] == ["Northshire Health", "Northshire Police"]
