"""The quality pages as each role meets them: the review page's row, the profile with what the
product already records, rating a stage part-way, a stale page, and the partnership's table."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from casereviews.actions import services as action_services
from casereviews.actions.models import Action, Rag
from casereviews.audits.quality import selectors, services
from casereviews.core.models import AuditLog
from tests.audits.quality.conftest import rate
from tests.factories import DelayFactory

pytestmark = pytest.mark.django_db


def quality_url(review) -> str:
    return reverse("audits:quality", args=[review.pk])


def rate_url(review, stage: str = "setup") -> str:
    return reverse("audits:quality_rate", args=[review.pk, stage])


def text(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(plain))


def test_the_review_page_links_to_its_quality_markers(client_for, world, review):
    services.save_ratings(world.business_unit, review, rate(referral="met"), None)
    page = client_for(world.subgroup_member).get(reverse("reviews:detail", args=[review.pk]))
    body = text(page)
    assert "Quality markers" in body and "1 of 18 markers rated" in body
    assert quality_url(review) in page.content.decode()


def test_the_practitioner_sees_no_quality_row_on_a_published_review(client_for, world, review):
    review.published_on = dt.date(2026, 11, 1)
    review.save()
    page = client_for(world.practitioner).get(reverse("reviews:detail", args=[review.pk]))
    assert page.status_code == 200
    assert "Quality markers" not in text(page)
    assert client_for(world.practitioner).get(quality_url(review)).status_code == 403


def test_the_profile_shows_what_the_product_records_beside_the_markers(client_for, world, review):
    review.published_on = dt.date(2026, 11, 2)
    review.learning_event_on = dt.date(2026, 7, 8)
    review.save()
    DelayFactory(review=review, reason="criminal")
    DelayFactory(review=review, reason="family_engagement")
    rec = action_services.create_recommendation(
        world.business_unit, review, text="Agencies check who else works with the family."
    )
    for agency in (world.police, world.health):
        action_services.create_action(
            world.business_unit,
            rec,
            agency=agency,
            description="Brief every team on the finding.",
            lead_role="Named lead",
            due_on=dt.date(2026, 12, 31),
        )
    # One action has evidence of impact (set directly: the evidence upload is not under test).
    Action.objects.filter(agency=world.police).update(status=Rag.BLUE)
    services.save_ratings(world.business_unit, review, rate(review_management="partly_met"), None)
    body = text(client_for(world.business_unit).get(quality_url(review)))
    assert "Agreed: 1 June 2026" in body and "Initiated: 15 June 2026" in body
    assert "2 delays logged in all" in body
    assert "1 delay logged for criminal, family court or coroner's processes" in body
    assert "1 delay logged for engaging the family" in body
    assert "Practitioner learning event: 8 July 2026" in body
    assert "Published: 2 November 2026" in body
    assert "1 recommendation, 2 actions" in body
    assert "1 of 2 actions with evidence of impact" in body
    assert "Partly met" in body and "Evidence for review_management." in body
    assert "1 of 18 markers rated" in body


def test_rating_a_stage_part_way_keeps_what_was_written(client_for, world, review, lead_reviewer):
    client = client_for(lead_reviewer)
    form = client.get(rate_url(review))
    assert form.status_code == 200
    assert "Informing the family" in text(form)
    posted = {
        "version": "",
        "referral-rating": "met",
        "referral-evidence": "Referred within a week of the incident.",
        "informing_family-rating": "",
        "informing_family-evidence": "Still to ask the social worker.",
    }
    saved = client.post(rate_url(review), posted)
    assert saved.status_code == 302 and saved.url == quality_url(review)
    ratings = selectors.ratings_of(review)
    assert ratings["referral"].rating == "met"
    assert ratings["informing_family"].rating == ""
    assert ratings["informing_family"].evidence == "Still to ask the social worker."
    again = client.get(rate_url(review))
    assert "Still to ask the social worker." in again.content.decode()
    # Sent twice (a double click): nothing more is written, and it still succeeds.
    entries = AuditLog.objects.count()
    assert client.post(rate_url(review), posted).status_code == 302
    assert AuditLog.objects.count() == entries


def test_a_stale_page_is_refused_with_who_saved_and_keeps_the_entries(
    client_for, world, review, lead_reviewer
):
    opened_at = None  # the lead reviewer opened the form when nothing was saved
    services.save_ratings(world.business_unit, review, rate(referral="not_met"), opened_at)
    response = client_for(lead_reviewer).post(
        rate_url(review),
        {"version": "", "referral-rating": "met", "referral-evidence": "My view."},
    )
    assert response.status_code == 200
    body = text(response)
    assert "was changed by" in body and world.business_unit.get_full_name() in body
    assert "My view." in response.content.decode()
    assert selectors.ratings_of(review)["referral"].rating == "not_met"


def test_a_bad_rating_gets_a_clear_message(client_for, world, review):
    response = client_for(world.business_unit).post(
        rate_url(review, "outputs"), {"version": "", "report-rating": "brilliant"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert selectors.ratings_of(review) == {}


def test_who_reaches_the_pages(client_for, world, review, restricted_review):
    assert client_for(world.reviewer).get(quality_url(review)).status_code == 200
    assert client_for(world.reviewer).get(rate_url(review)).status_code == 403
    assert client_for(world.outsider).get(quality_url(review)).status_code == 404
    assert client_for(world.subgroup_member).get(quality_url(restricted_review)).status_code == 404
    assert client_for(world.business_unit).get(rate_url(review, "nonsense")).status_code == 404


def test_viewing_a_restricted_reviews_ratings_is_audited(client_for, world, restricted_review):
    assert client_for(world.business_unit).get(quality_url(restricted_review)).status_code == 200
    assert AuditLog.objects.filter(action="view", actor=world.business_unit).exists()


def test_the_partnership_table_counts_weak_markers_without_hidden_reviews(
    client_for, world, review, restricted_review, lead_reviewer
):
    services.save_ratings(
        world.business_unit, review, rate(analysis="not_met", report="partly_met"), None
    )
    services.save_ratings(lead_reviewer, restricted_review, rate(analysis="not_met"), None)
    assert selectors.weak_counts(world.business_unit)["analysis"] == {"not_met": 2}
    assert selectors.weak_counts(world.subgroup_member)["analysis"] == {"not_met": 1}
    page = client_for(world.subgroup_member).get(reverse("audits:quality_summary"))
    body = text(page)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    # Weakest first: analysis (not met) above the report (partly met).
    assert body.index("13. Analysis Running the review 1 0") < body.index(
        "14. The report What the review produces and what follows 0 1"
    )
    assert client_for(world.practitioner).get(reverse("audits:quality_summary")).status_code == 403
    other = client_for(world.outsider).get(reverse("audits:quality_summary"))
    assert "13. Analysis Running the review 0 0" in text(other)
