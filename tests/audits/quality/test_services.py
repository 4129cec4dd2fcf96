"""Saving ratings: part-way, audited with the acting user, refused when stale or not allowed,
harmless when replayed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereviews.audits.quality import selectors, services
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from tests.audits.quality.conftest import rate

pytestmark = pytest.mark.django_db


def test_ratings_save_part_way_and_are_audited_with_who_saved(world, review):
    assessment = services.save_ratings(
        world.business_unit, review, rate(referral="met", decision_making="partly_met"), None
    )
    saved = selectors.ratings_of(review)
    assert {k: r.rating for k, r in saved.items()} == {
        "referral": "met",
        "decision_making": "partly_met",
    }
    assert saved["referral"].evidence == "Evidence for referral."
    assert saved["referral"].rated_by == world.business_unit
    entries = AuditLog.objects.filter(object_type="audits.QualityRating")
    assert entries.count() == 2
    assert {e.actor for e in entries} == {world.business_unit}
    assert all(e.partnership == world.partnership for e in entries)
    assert assessment.version == 1


def test_the_lead_reviewer_changes_a_rating_and_the_log_keeps_before_and_after(
    world, review, lead_reviewer
):
    first = services.save_ratings(world.business_unit, review, rate(analysis="met"), None)
    services.save_ratings(lead_reviewer, review, rate(analysis="not_met"), first.version)
    row = selectors.ratings_of(review)["analysis"]
    assert row.rating == "not_met" and row.rated_by == lead_reviewer
    change = AuditLog.objects.filter(
        object_type="audits.QualityRating", action="update", actor=lead_reviewer
    ).get()
    assert change.changes["rating"] == ["met", "not_met"]


def test_a_save_from_a_stale_page_is_refused_and_changes_nothing(world, review, lead_reviewer):
    services.save_ratings(world.business_unit, review, rate(report="met"), None)
    # The lead reviewer opened the page before the business unit saved (no assessment then).
    with pytest.raises(StaleRecordError):
        services.save_ratings(lead_reviewer, review, rate(report="not_met"), None)
    assert selectors.ratings_of(review)["report"].rating == "met"


def test_a_replayed_save_does_no_harm(world, review):
    first = services.save_ratings(world.business_unit, review, rate(publication="met"), None)
    # The same form sent again (a double click, a resubmitted page) with the old version.
    again = services.save_ratings(world.business_unit, review, rate(publication="met"), None)
    assert again.pk == first.pk and again.version == first.version
    assert AuditLog.objects.filter(object_type="audits.QualityRating").count() == 1


def test_another_reviewer_and_the_practitioner_may_not_rate(world, review):
    for user in (world.reviewer, world.practitioner, world.subgroup_member):
        with pytest.raises(PermissionDenied):
            services.save_ratings(user, review, rate(referral="met"), None)
    assert selectors.ratings_of(review) == {}


def test_an_unknown_rating_or_marker_is_refused_whole(world, review):
    with pytest.raises(ValidationError) as exc:
        services.save_ratings(
            world.business_unit, review, rate(referral="met", governance="excellent"), None
        )
    assert exc.value.message_dict == {"governance-rating": ["Select a rating from the list"]}
    with pytest.raises(ValidationError):
        services.save_ratings(world.business_unit, review, rate(marker_19="met"), None)
    assert selectors.ratings_of(review) == {}
