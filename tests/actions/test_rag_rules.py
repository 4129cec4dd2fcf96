"""The RAG rules, enforced by the services whoever calls them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereviews.actions import services
from casereviews.actions.models import ActionUpdate, Rag, UpdateKind
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from tests.actions.conftest import TODAY, pdf_bytes, upload


def test_recommendations_are_numbered_in_turn(world, review):
    first = services.create_recommendation(world.business_unit, review, text="First")
    second = services.create_recommendation(world.business_unit, review, text="Second")
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError) as err:
        services.create_recommendation(world.business_unit, review, text="Again", number=2)
    assert "Recommendation 2 already exists" in str(err.value)


def test_a_recommendation_links_only_its_own_reviews_findings(world, review):
    from casereviews.learning.models import Finding
    from tests.factories import ReviewFactory

    other = ReviewFactory(partnership=world.partnership)
    finding = Finding.objects.create(review=other, number=1, text="Elsewhere")
    with pytest.raises(ValidationError, match="findings of this review"):
        services.create_recommendation(world.business_unit, review, text="Text", findings=[finding])


def test_a_new_action_cannot_be_blue(world, recommendation):
    with pytest.raises(ValidationError) as err:
        services.create_action(
            world.business_unit,
            recommendation,
            agency=world.police,
            description="Something",
            lead_role="Lead",
            due_on=TODAY,
            status=Rag.BLUE,
        )
    assert "only be Blue with evidence" in str(err.value)


def test_an_agency_lead_adds_actions_only_for_their_own_agency(world, recommendation):
    with pytest.raises(ValidationError) as err:
        services.create_action(
            world.subgroup_member,
            recommendation,
            agency=world.health,
            description="Something",
            lead_role="Lead",
            due_on=TODAY,
        )
    assert "only add actions for your own agency, Northshire Police" in str(err.value)
    own = services.create_action(
        world.subgroup_member,
        recommendation,
        agency=world.police,
        description="Something",
        lead_role="Lead",
        due_on=TODAY,
    )
    assert own.agency == world.police


def test_an_agency_of_another_partnership_is_refused(world, recommendation):
    from tests.factories import AgencyFactory

    stranger = AgencyFactory(partnership=world.other_partnership)
    with pytest.raises(ValidationError, match="agency of this partnership"):
        services.create_action(
            world.business_unit,
            recommendation,
            agency=stranger,
            description="Something",
            lead_role="Lead",
            due_on=TODAY,
        )


def test_a_practitioner_cannot_add_an_action(world, recommendation):
    with pytest.raises(PermissionDenied):
        services.create_action(
            world.practitioner,
            recommendation,
            agency=world.health,
            description="Something",
            lead_role="Lead",
            due_on=TODAY,
        )


def test_an_action_added_amber_starts_its_history_with_that_status(world, recommendation):
    action = services.create_action(
        world.business_unit,
        recommendation,
        agency=world.police,
        description="Something",
        lead_role="Lead",
        due_on=TODAY,
        status=Rag.AMBER,
    )
    (first,) = action.updates.all()
    assert (first.kind, first.status_from, first.status_to) == ("status", "", "amber")


def test_blue_is_refused_without_evidence(world, police_action):
    with pytest.raises(ValidationError) as err:
        services.add_update(
            world.business_unit,
            police_action,
            kind=UpdateKind.STATUS,
            written_on=TODAY,
            status_to=Rag.BLUE,
        )
    assert "only be Blue with evidence" in str(err.value)
    police_action.refresh_from_db()
    assert police_action.status == Rag.RED
    assert not police_action.updates.exists()


def test_blue_with_an_evidence_entry_sets_the_completed_date(world, police_action):
    update = services.add_update(
        world.business_unit,
        police_action,
        kind=UpdateKind.EVIDENCE,
        written_on=dt.date(2026, 9, 28),
        text="Dip sample of 40 incidents: children recorded at 38.",
        status_to=Rag.BLUE,
    )
    police_action.refresh_from_db()
    assert police_action.status == Rag.BLUE
    assert police_action.completed_on == dt.date(2026, 9, 28)
    assert (update.status_from, update.status_to) == ("red", "blue")


def test_blue_after_an_earlier_evidence_entry(world, police_action):
    services.add_update(
        world.business_unit,
        police_action,
        kind=UpdateKind.EVIDENCE,
        written_on=dt.date(2026, 9, 1),
        text="Audit shows the change.",
    )
    services.add_update(
        world.business_unit,
        police_action,
        kind=UpdateKind.STATUS,
        written_on=TODAY,
        status_to=Rag.GREEN,
    )
    services.add_update(
        world.business_unit,
        police_action,
        kind=UpdateKind.STATUS,
        written_on=TODAY,
        status_to=Rag.BLUE,
    )
    police_action.refresh_from_db()
    assert police_action.status == Rag.BLUE
    assert police_action.completed_on == TODAY
    changes = [
        (u.status_from, u.status_to) for u in police_action.updates.filter(kind=UpdateKind.STATUS)
    ]
    assert changes == [("red", "green"), ("green", "blue")]


def test_green_then_back_to_amber_clears_the_completed_date(world, police_action):
    services.add_update(
        world.business_unit, police_action, kind="status", written_on=TODAY, status_to="green"
    )
    police_action.refresh_from_db()
    assert police_action.completed_on == TODAY
    services.add_update(
        world.business_unit,
        police_action,
        kind="progress",
        written_on=TODAY,
        text="Reopened: the audit found gaps.",
        status_to="amber",
    )
    police_action.refresh_from_db()
    assert (police_action.status, police_action.completed_on) == ("amber", None)


def test_a_future_date_and_an_empty_note_are_refused(world, police_action):
    with pytest.raises(ValidationError) as err:
        services.add_update(
            world.business_unit,
            police_action,
            kind="progress",
            written_on=TODAY + dt.timedelta(days=1),
        )
    assert set(err.value.message_dict) == {"written_on", "text"}


def test_an_agency_lead_updates_only_their_own_agencys_actions(world, police_action, health_action):
    services.add_update(
        world.subgroup_member, police_action, kind="progress", written_on=TODAY, text="Started."
    )
    with pytest.raises(PermissionDenied):
        services.add_update(
            world.subgroup_member, health_action, kind="progress", written_on=TODAY, text="No."
        )


def test_updates_are_audited(world, police_action):
    services.add_update(
        world.business_unit, police_action, kind="status", written_on=TODAY, status_to="amber"
    )
    entries = AuditLog.objects.filter(object_type="actions.Action", object_id=str(police_action.pk))
    assert entries.filter(action="update").exists()
    assert AuditLog.objects.filter(object_type="actions.ActionUpdate").exists()


def test_two_updates_from_the_same_version_the_second_is_stale(world, police_action):
    opened = police_action.version
    services.add_update(
        world.business_unit,
        police_action,
        kind="progress",
        written_on=TODAY,
        text="First person's note.",
        expected_version=opened,
    )
    with pytest.raises(StaleRecordError):
        services.add_update(
            world.subgroup_member,
            police_action,
            kind="progress",
            written_on=TODAY,
            text="Second person's note.",
            status_to="amber",
            expected_version=opened,
        )
    texts = list(ActionUpdate.objects.values_list("text", flat=True))
    assert texts == ["First person's note."]
    police_action.refresh_from_db()
    assert police_action.status == "red"


def test_editing_an_action_from_a_stale_version_is_refused(world, police_action):
    opened = police_action.version
    services.update_action(world.business_unit, police_action, {"lead_role": "DCI"}, opened)
    with pytest.raises(StaleRecordError):
        services.update_action(world.business_unit, police_action, {"lead_role": "DS"}, opened)


def test_an_agency_lead_cannot_move_their_action_to_another_agency(world, police_action):
    with pytest.raises(ValidationError, match="your own agency"):
        services.update_action(
            world.subgroup_member, police_action, {"agency": world.health}, police_action.version
        )


def test_a_refused_update_keeps_no_file(world, police_action, files_root):
    with pytest.raises(ValidationError):
        services.add_update(
            world.business_unit,
            police_action,
            kind="status",
            written_on=TODAY,
            status_to="blue",
            files=[upload("audit.pdf", pdf_bytes())],
        )
    assert not any(p.is_file() for p in files_root.rglob("*"))
