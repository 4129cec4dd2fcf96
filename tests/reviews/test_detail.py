"""The review page: milestones, publication target, timeliness, delay log, referral link."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from casereviews.core.models import AuditLog
from tests.factories import DelayFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _page(client, review) -> str:
    return client.get(f"/reviews/{review.pk}/").content.decode()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.datetime(2026, 10, 1, 9), "On track"),
        (dt.datetime(2026, 11, 17, 9), "At risk"),  # 28 days before 15 December 2026
        (dt.datetime(2026, 12, 15, 9), "At risk"),  # the target day itself
        (dt.datetime(2026, 12, 16, 9), "Overdue"),
    ],
)
def test_timeliness_is_computed_on_the_page(world, client_for, review, today, expected):
    with time_machine.travel(today, tick=False):  # sign in "today": sessions expire
        html = _page(client_for(world.business_unit), review)
    assert "Target publication (6 months after initiation)" in html
    assert "15 December 2026" in html
    assert f">{expected}<" in html.replace("\n", "").replace("  ", "")


def test_not_at_risk_more_than_4_weeks_before(world, client_for, review):
    with time_machine.travel(dt.datetime(2026, 11, 16, 9), tick=False):
        html = _page(client_for(world.business_unit), review)
    assert "At risk" not in html
    assert "On track" in html


def test_published_late_shows_in_words(world, client_for, review):
    review.completed_on = dt.date(2026, 12, 1)
    review.published_on = dt.date(2027, 1, 4)
    review.save()
    with time_machine.travel(dt.datetime(2027, 2, 1, 9), tick=False):
        html = _page(client_for(world.business_unit), review)
    assert "Published late" in html


def test_page_shows_the_review_and_milestones(world, client_for, review):
    review.lead_reviewer = world.reviewer
    review.age_years, review.age_months = 1, 11
    review.save()
    html = _page(client_for(world.business_unit), review)
    for text in [
        "Ref057",
        "Welsh model",
        "1 yr 11 mths",
        "Northampton",
        str(world.reviewer),
        "Practitioner learning event",
        "Panel sign-off",
        "15 June 2026",
        "No delays have been recorded.",
    ]:
        assert text in html, text


def test_delay_log_lists_delays(world, client_for, review):
    DelayFactory(review=review, recorded_by=world.business_unit)
    html = _page(client_for(world.subgroup_member), review)
    assert "Parallel criminal proceedings" in html
    assert "Trial listed for March." in html
    assert str(world.business_unit) in html
    assert "Record a delay" not in html  # a sub-group member may not add one


def test_recording_a_delay(world, client_for, review):
    client = client_for(world.reviewer)
    response = client.post(
        f"/reviews/{review.pk}/delays/new/",
        {
            "noted_on-day": "28",
            "noted_on-month": "9",
            "noted_on-year": "2026",
            "reason": "coroner",
            "detail": "Inquest adjourned.",
        },
    )
    assert response.status_code == 302
    delay = review.delays.get()
    assert delay.recorded_by == world.reviewer
    assert delay.noted_on == dt.date(2026, 9, 28)
    assert AuditLog.objects.filter(action="create", object_type="reviews.Delay").exists()
    html = _page(client, review)
    assert "Inquest or coroner" in html


def test_delay_form_validation(world, client_for, review):
    client = client_for(world.business_unit)
    response = client.post(
        f"/reviews/{review.pk}/delays/new/",
        {"noted_on-day": "2", "noted_on-month": "10", "noted_on-year": "2026"},
    )
    html = response.content.decode()
    assert "The date of the delay must be today or in the past" in html
    assert "Select the reason for the delay" in html
    assert not review.delays.exists()


def test_link_to_the_referral(world, client_for, review):
    referral = ReferralFactory(partnership=world.partnership, source_agency=world.police)
    review.referral = referral
    review.save()
    html = _page(client_for(world.business_unit), review)
    try:
        from django.urls import reverse

        href = reverse("referrals:detail", args=[referral.pk])
    except Exception:  # the referral pages are built alongside
        pytest.skip("referrals:detail is not there yet")
    assert href in html
