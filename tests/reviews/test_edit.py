"""Editing a review: validation with nothing half-saved, optimistic concurrency, the audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from casereviews.reviews import services
from tests.factories import ReviewFactory, UserFactory
from tests.reviews.conftest import edit_data

pytestmark = pytest.mark.django_db


def _post(client, review, **changes):
    return client.post(f"/reviews/{review.pk}/edit/", edit_data(review, **changes))


def _unchanged(review) -> None:
    before = (review.summary, review.version, review.ref, review.draft_report_on)
    review.refresh_from_db()
    assert (review.summary, review.version, review.ref, review.draft_report_on) == before
    assert not AuditLog.objects.filter(action="update", object_id=str(review.pk)).exists()


def test_edit_saves_and_audits_before_and_after(world, client_for, review):
    response = _post(
        client_for(world.business_unit),
        review,
        summary="Neglect and cruelty",
        draft_report_on=dt.date(2026, 9, 1),
        reviewers=[],
        lead_reviewer=str(world.reviewer.pk),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.summary == "Neglect and cruelty"
    assert review.version == 2
    assert review.lead_reviewer == world.reviewer
    assert list(review.reviewers.all()) == []
    entry = AuditLog.objects.get(action="update", object_id=str(review.pk))
    assert entry.actor == world.business_unit
    assert entry.changes["summary"] == ["Extreme neglect and cruelty", "Neglect and cruelty"]
    assert entry.changes["draft_report_on"] == [None, "2026-09-01"]
    assert entry.changes["reviewers"] == [[str(world.reviewer.pk)], []]
    assert "version" not in entry.changes


def test_milestone_before_initiation_is_refused(world, client_for, review):
    response = _post(
        client_for(world.business_unit), review, summary="X", draft_report_on=dt.date(2026, 6, 1)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The draft report date must be on or after the initiation date, 15 June 2026" in html
    assert 'href="#id_draft_report_on-day"' in html
    _unchanged(review)


def test_agreed_after_initiation_is_refused(world, client_for, review):
    response = _post(client_for(world.business_unit), review, agreed_on=dt.date(2026, 7, 1))
    assert "The agreed date must be on or before the initiation date" in response.content.decode()
    _unchanged(review)


def test_published_without_completed_is_refused(world, client_for, review):
    response = _post(
        client_for(world.business_unit),
        review,
        summary="X",
        status="published",
        published_on=dt.date(2026, 9, 20),
    )
    html = response.content.decode()
    assert "Enter the completed date: a review must be completed before it is published" in html
    _unchanged(review)


def test_future_date_is_refused(world, client_for, review):
    response = _post(
        client_for(world.business_unit), review, learning_event_on=dt.date(2026, 11, 2)
    )
    html = response.content.decode()
    assert "The practitioner learning event date must be today or in the past" in html
    _unchanged(review)


def test_duplicate_ref_is_refused(world, client_for, review, unassigned):
    response = _post(client_for(world.business_unit), review, ref="Ref058", summary="X")
    html = response.content.decode()
    assert "Ref058 is already used by another review. Enter a different Ref" in html
    _unchanged(review)


def test_same_ref_in_another_partnership_is_allowed(world, client_for, review, theirs):
    response = _post(client_for(world.business_unit), review, ref=theirs.ref)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.ref == theirs.ref


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age_years", "18", "Age in years must be between 0 and 17"),
        ("age_months", "12", "Age in months must be between 0 and 11"),
        ("age_years", "four", "Age in years must be a whole number, like 4"),
    ],
)
def test_age_out_of_range_is_refused(world, client_for, review, field, value, message):
    response = _post(client_for(world.business_unit), review, **{field: value})
    assert message in response.content.decode()
    _unchanged(review)


def test_invalid_date_keeps_what_the_user_typed(world, client_for, review):
    data = edit_data(review, summary="My new summary")
    data["completed_on-day"], data["completed_on-month"], data["completed_on-year"] = (
        "31",
        "2",
        "2026",
    )
    html = (
        client_for(world.business_unit).post(f"/reviews/{review.pk}/edit/", data).content.decode()
    )
    assert "Completed date must be a real date" in html
    assert "My new summary" in html
    _unchanged(review)


def test_second_save_from_a_stale_version_is_refused(world, client_for, review):
    first = client_for(world.business_unit)
    stale = edit_data(review, summary="Summary typed by the reviewer")
    assert _post(first, review, status_note="Panel met").status_code == 302
    response = client_for(world.reviewer).post(f"/reviews/{review.pk}/edit/", stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "since you opened it" in html
    assert str(world.business_unit) in html  # who, from the audit log
    assert "Summary typed by the reviewer" in html  # their own entry is kept
    assert "Panel met" in html  # and the saved value is shown
    review.refresh_from_db()
    assert review.summary == "Extreme neglect and cruelty"
    assert review.status_note == "Panel met"
    assert review.version == 2
    # The form now carries the current version: saving again is deliberate and succeeds.
    assert 'name="version" value="2"' in html


def test_service_refuses_stale_version_and_bad_data(world, review):
    services.update_review(world.business_unit, review, {"summary": "First"}, version=1)
    with pytest.raises(StaleRecordError):
        services.update_review(world.business_unit, review, {"summary": "Second"}, version=1)
    with pytest.raises(ValidationError) as excinfo:
        services.update_review(
            world.business_unit, review, {"draft_report_on": dt.date(2026, 1, 1)}, version=None
        )
    assert "draft_report_on" in excinfo.value.message_dict
    review.refresh_from_db()
    assert review.summary == "First"
    assert review.draft_report_on is None


def test_service_refuses_users_of_another_partnership(world, review):
    stranger = UserFactory(partnership=world.other_partnership, role="reviewer")
    with pytest.raises(ValidationError):
        services.update_review(world.business_unit, review, {"reviewers": [stranger]}, None)
    assert not review.reviewers.filter(pk=stranger.pk).exists()


def test_assigned_reviewers_offer_only_reviewers_of_the_partnership(world, client_for, review):
    UserFactory(partnership=world.other_partnership, role="reviewer", last_name="Elsewhere")
    html = client_for(world.business_unit).get(f"/reviews/{review.pk}/edit/").content.decode()
    assert str(world.reviewer) in html
    assert "Elsewhere" not in html


def test_ref_is_unique_case_insensitively(world, review):
    ReviewFactory(partnership=world.partnership, ref="Ref070")
    with pytest.raises(ValidationError):
        services.update_review(world.business_unit, review, {"ref": "ref070"}, None)


def test_ref_with_the_same_number_counts_as_taken(world, review, unassigned):
    with pytest.raises(ValidationError) as excinfo:
        services.update_review(world.business_unit, review, {"ref": "Ref58"}, None)
    assert excinfo.value.message_dict["ref"] == [
        "Ref58 is already used by another review. Enter a different Ref"
    ]
