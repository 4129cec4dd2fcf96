"""Convening a joint audit, linking the agencies' audits and recording the discussion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereviews.audits.joint import selectors, services
from casereviews.audits.joint.models import JointStatus
from casereviews.core.models import AuditLog
from tests.audits.conftest import details

pytestmark = pytest.mark.django_db


def test_convening_makes_a_discussion_per_theme_and_is_audited(world, joint):
    assert [d.theme.number for d in selectors.discussions_of(joint)] == list(range(1, 10))
    entry = AuditLog.objects.get(object_id=str(joint.pk), object_type__iendswith="jointaudit")
    assert entry.actor_id == world.business_unit.pk


def test_convening_refuses_a_future_date_and_an_empty_child(world):
    with pytest.raises(ValidationError) as exc:
        services.convene(
            world.business_unit,
            world.partnership,
            {
                "case_reference": "X-1",
                "child": " ",
                "meeting_date": dt.date.today() + dt.timedelta(days=3),
            },
        )
    assert set(exc.value.message_dict) == {"child", "meeting_date"}


def test_only_the_business_unit_convenes(world):
    with pytest.raises(PermissionDenied):
        services.convene(
            world.practitioner,
            world.partnership,
            {"case_reference": "X-1", "child": "A", "meeting_date": dt.date.today()},
        )


def test_an_author_links_their_own_audit_once(world, joint, health_audit, police_audit, officer):
    services.link(world.practitioner, joint, health_audit)
    with pytest.raises(PermissionDenied):  # the police audit is not theirs
        services.link(world.practitioner, joint, police_audit)
    with pytest.raises(ValidationError):
        services.link(world.business_unit, joint, health_audit)
    services.link(officer, joint, police_audit)
    agencies = {a.agency.name for a in selectors.linked_audits(joint)}
    assert agencies == {"Northshire Health", "Northshire Police"}


def test_an_audit_of_another_case_cannot_join(world, joint, manager):
    from casereviews.audits import services as audits

    other = audits.start_audit(
        world.practitioner, world.partnership, details(world, case_reference="OTHER-9")
    )
    with pytest.raises(ValidationError):
        services.link(world.business_unit, joint, other)


def test_side_by_side_shows_each_agencys_judgement_and_next_action(
    world, joint, health_audit, police_audit
):
    services.link(world.business_unit, joint, health_audit)
    services.link(world.business_unit, joint, police_audit)
    row = selectors.side_by_side(joint)[2]
    assert row.theme.number == 3
    by_agency = {v.agency: v for v in row.agencies}
    assert by_agency["Northshire Health"].judgement == "Evident, not yet addressed"
    assert "discharge summary" in by_agency["Northshire Health"].next_action
    assert by_agency["Northshire Police"].judgement == "Evident and addressed"


def test_the_discussion_is_saved_part_way_then_agreed(world, joint, health_audit, police_audit):
    services.save_discussion(
        world.business_unit,
        joint,
        {3: {"judgement": "evident_not_addressed", "agreements": "Both saw it."}},
    )
    with pytest.raises(ValidationError) as exc:
        services.agree(world.business_unit, joint)
    assert "t1-judgement" in exc.value.message_dict
    assert selectors.discussions_of(joint)[2].agreements == "Both saw it."  # kept
    services.save_discussion(
        world.business_unit,
        joint,
        {n: {"judgement": "not_evident"} for n in (1, 2, 4, 5, 6, 7, 8, 9)},
    )
    with pytest.raises(ValidationError, match="two agencies"):
        services.agree(world.business_unit, joint)
    services.link(world.business_unit, joint, health_audit)
    services.link(world.business_unit, joint, police_audit)
    services.agree(world.business_unit, joint)
    joint.refresh_from_db()
    assert joint.status == JointStatus.AGREED
    with pytest.raises(PermissionDenied):  # agreed: no more changes
        services.save_discussion(world.business_unit, joint, {3: {"agreements": "x"}})


def test_a_judgement_outside_the_choices_is_refused(world, joint):
    with pytest.raises(ValidationError) as exc:
        services.save_discussion(world.business_unit, joint, {2: {"judgement": "maybe"}})
    assert "t2-judgement" in exc.value.message_dict
