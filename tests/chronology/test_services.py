"""Writes to a chronology: each audited, each refused whole with its reasons."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereviews.chronology import gaps, selectors, services
from casereviews.chronology.models import ChronologyEntry, GapFinding
from casereviews.core.models import AuditLog
from casereviews.learning.models import Finding, ThemeTag
from tests.chronology.conftest import D, entry


def test_starting_checks_the_period_and_is_audited(world, review):
    with pytest.raises(ValidationError) as refused:
        services.start(
            world.business_unit,
            review,
            {"child": "", "scope_from": D(2022, 1, 1), "scope_to": D(2021, 1, 1)},
        )
    assert refused.value.message_dict == {
        "child": ["Enter the child's pseudonym, for example Child F"],
        "scope_to": ["The end of the period must be after its start"],
    }
    chronology = services.start(
        world.business_unit,
        review,
        {"child": "Child F", "scope_from": D(2020, 1, 1), "scope_to": D(2021, 1, 1)},
    )
    assert AuditLog.objects.filter(
        object_type="chronology.Chronology", object_id=str(chronology.pk), action="create"
    ).exists()


def test_only_the_business_unit_asks_agencies(world, chronology):
    with pytest.raises(PermissionDenied):
        services.request_agencies(world.reviewer, chronology, [world.police], D(2024, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.request_agencies(world.business_unit, chronology, [], None)
    assert set(refused.value.message_dict) == {"agencies", "due_on"}


def test_a_named_contributor_must_work_for_the_agency(world, chronology):
    with pytest.raises(ValidationError) as refused:
        services.request_agencies(
            world.business_unit, chronology, [world.police], D(2024, 1, 1), world.practitioner
        )
    assert "contributor" in refused.value.message_dict


def test_an_agency_lead_adds_its_entries_and_who_added_each_is_audited(world, police_request):
    made = services.add_entry(world.subgroup_member, police_request, entry())
    assert made.added_by == world.subgroup_member and made.agency == world.police
    log = AuditLog.objects.get(object_type="chronology.ChronologyEntry", object_id=str(made.pk))
    assert log.actor == world.subgroup_member and log.action == "create"
    assert log.review_id == police_request.chronology.review_id


def test_a_bad_entry_is_refused_whole(world, police_request):
    with pytest.raises(ValidationError) as refused:
        services.add_entry(
            world.subgroup_member, police_request, entry(when="01/01/2030", source="")
        )
    assert set(refused.value.message_dict) == {"when", "source"}
    assert not ChronologyEntry.objects.exists()


def test_the_same_entry_twice_is_refused(world, police_request):
    services.add_entry(world.subgroup_member, police_request, entry())
    with pytest.raises(ValidationError) as refused:
        services.add_entry(world.subgroup_member, police_request, entry())
    assert "already has this entry" in refused.value.message_dict["event"][0]


def test_another_agency_cannot_write_into_the_police_chronology(world, police_request):
    with pytest.raises(PermissionDenied):
        services.add_entry(world.other_subgroup_member, police_request, entry())
    with pytest.raises(PermissionDenied):
        services.add_entry(world.practitioner, police_request, entry())


def test_the_named_contributor_writes_for_their_agency(world, health_request):
    made = services.add_entry(world.practitioner, health_request, entry(source="ED record"))
    assert made.agency == world.health


def test_sending_then_merging_closes_the_agency_chronology(world, police_request):
    with pytest.raises(ValidationError):
        services.send(world.subgroup_member, police_request)
    made = services.add_entry(world.subgroup_member, police_request, entry())
    services.send(world.subgroup_member, police_request)
    police_request.refresh_from_db()
    assert police_request.sent_at is not None and police_request.sent_by == world.subgroup_member
    chronology = services.merge(world.reviewer, police_request.chronology)
    assert chronology.merged
    police_request.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.change_entry(world.subgroup_member, police_request, made, entry(when="2021"))
    with pytest.raises(PermissionDenied):
        services.merge(world.business_unit, chronology)


def test_change_and_delete_are_audited(world, police_request):
    made = services.add_entry(world.subgroup_member, police_request, entry())
    services.change_entry(world.subgroup_member, police_request, made, entry(when="?/03/2021"))
    made.refresh_from_db()
    assert (made.precision, made.approximate, made.starts_on) == ("month", True, D(2021, 3, 1))
    services.delete_entry(world.subgroup_member, police_request, made)
    assert list(
        AuditLog.objects.filter(object_type="chronology.ChronologyEntry")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["create", "update", "delete"]


def test_a_gap_becomes_a_finding_with_suggested_themes_once(world, police_request, health_request):
    services.add_entry(
        world.subgroup_member,
        police_request,
        entry(
            event="Domestic abuse incident at the home; Child F present and neglected.",
            known="Domestic abuse and neglect of the child; no food in the house.",
            shared="Not shared",
        ),
    )
    chronology = police_request.chronology
    found = gaps.find_gaps(
        selectors.integrated(world.reviewer, chronology),
        selectors.agencies_in(chronology),
        chronology.scope_from,
        chronology.scope_to,
    )
    gap = next(g for g in found if g.kind == "not_shared")
    made = services.gap_to_finding(world.reviewer, chronology, gap)
    finding = Finding.objects.get(pk=made.finding_id)
    assert finding.review == chronology.review and "was not shared" in finding.text
    assert ThemeTag.objects.filter(finding=finding).exists()  # the engine's suggestions
    with pytest.raises(ValidationError):
        services.gap_to_finding(world.reviewer, chronology, gap)
    assert GapFinding.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.gap_to_finding(world.subgroup_member, chronology, gap)


def test_a_chronology_can_be_sent_with_the_date_it_came(world, police_request):
    services.add_entry(world.subgroup_member, police_request, entry())
    with pytest.raises(ValidationError):
        services.send(
            world.subgroup_member,
            police_request,
            at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
        )
