"""The services called from Python (the demo loader uses them), and the Ref helpers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from casereviews.core import audit
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from casereviews.referrals import services
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review
from casereviews.reviews.refs import is_ref_taken, next_free_ref
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def data(world, **overrides):
    values = {
        "received_on": dt.date(2017, 4, 3),
        "source_agency": world.police.pk,
        "is_serious_incident_notification": True,
        "la_aware_on": dt.date(2017, 3, 31),
        "child_pseudonym": "Child A",
        "age_years": 12,
        "gender": "male",
        "locality": "Northampton",
        "harm_category": "neglect",
        "summary": "Extreme neglect and cruelty.",
        "notes": "Dates invented for the demo.",
    }
    values.update(overrides)
    return values


def test_create_then_decide_from_python(world):
    referral = services.create_referral(world.business_unit, data(world))
    assert referral.partnership == world.partnership
    decision = services.record_decision(
        world.business_unit,
        referral,
        {
            "meeting_on": dt.date(2017, 4, 20),
            "outcome": "scr",
            "rapid_review": True,
            "rationale": "Meets the criteria for a serious case review.",
        },
    )
    review = Review.objects.get(referral=referral)
    assert decision.outcome == "scr"
    assert review.ref == "Ref001"  # no ref given: the next free one
    assert AuditLog.objects.filter(action="create").count() == 3


def test_create_for_an_explicit_partnership_by_a_system_actor(world):
    actor = audit.command_actor("import")
    referral = services.create_referral(actor, data(world), partnership=world.partnership)
    entry = AuditLog.objects.get(action="create")
    assert entry.actor is None and entry.partnership == world.partnership
    assert entry.actor_name == "Command line (casereviews import)"
    assert referral.created_by is None


def test_create_with_no_actor_is_refused_and_writes_nothing(world):
    with pytest.raises(audit.MissingActor):
        services.create_referral(None, data(world), partnership=world.partnership)
    assert not Referral.objects.exists()
    assert not AuditLog.objects.exists()


def test_python_callers_meet_the_same_rules(world):
    with pytest.raises(ValidationError) as error:
        services.create_referral(
            world.business_unit, data(world, la_aware_on=dt.date(2017, 4, 4), age_years=19)
        )
    assert "la_aware_on" in error.value.message_dict
    assert "age_years" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.create_referral(
            world.business_unit, data(world, source_agency=world.outsider.agency)
        )
    with pytest.raises(TypeError):
        services.create_referral(world.business_unit, data(world, name="Real Name"))
    assert not Referral.objects.exists()


def test_update_from_a_stale_version_raises(world):
    referral = services.create_referral(world.business_unit, data(world))
    services.update_referral(world.business_unit, referral, {"locality": "Corby"}, version=1)
    stale = Referral.objects.get(pk=referral.pk)
    stale.version = 1
    with pytest.raises(StaleRecordError):
        services.update_referral(world.business_unit, stale, {"locality": "Daventry"}, version=1)
    assert Referral.objects.get(pk=referral.pk).locality == "Corby"


def test_next_free_ref(world):
    assert next_free_ref(world.partnership) == "Ref001"
    ReviewFactory(partnership=world.partnership, ref="Ref009")
    ReviewFactory(partnership=world.partnership, ref="Ref056")
    ReviewFactory(partnership=world.partnership, ref="SCR-2015")  # not the pattern: ignored
    ReviewFactory(partnership=world.other_partnership, ref="Ref200")  # another partnership's
    assert next_free_ref(world.partnership) == "Ref057"
    assert next_free_ref(world.partnership.pk) == "Ref057"
    ReviewFactory(partnership=world.partnership, ref="Ref999")
    assert next_free_ref(world.partnership) == "Ref1000"


def test_is_ref_taken(world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref057")
    assert is_ref_taken(world.partnership, "Ref057")
    assert is_ref_taken(world.partnership, " ref057 ")
    assert is_ref_taken(world.partnership, "Ref57")  # the same number
    assert not is_ref_taken(world.partnership, "Ref058")
    assert not is_ref_taken(world.partnership, "Ref057", exclude_review_id=review.pk)
    assert not is_ref_taken(world.other_partnership, "Ref057")
