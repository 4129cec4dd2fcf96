"""Writing recommendations on the page: linked to the review's findings, numbered, versioned."""

from __future__ import annotations

from django.urls import reverse

from casereviews.actions import services
from casereviews.actions.models import Recommendation
from casereviews.core.models import AuditLog
from casereviews.learning.models import Finding


def test_add_a_recommendation_linked_to_findings(world, client_for, review):
    one = Finding.objects.create(review=review, number=1, title="Fathers unseen", text="...")
    Finding.objects.create(review=review, number=2, text="Records were poor.")
    client = client_for(world.reviewer)  # assigned to the review
    page = client.get(reverse("actions:add_recommendation", args=[review.pk]))
    assert "Finding 1: Fathers unseen" in page.text
    assert "Finding 2: Records were poor." in page.text
    response = client.post(
        reverse("actions:add_recommendation", args=[review.pk]),
        {"text": "See and assess every male carer.", "findings": [one.pk], "number": ""},
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.number == 1 and list(rec.findings.all()) == [one]
    assert AuditLog.objects.filter(
        action="create", object_type="actions.Recommendation", object_id=str(rec.pk)
    ).exists()
    listing = client.get(reverse("actions:recommendations", args=[review.pk]))
    assert "Answers: Finding 1: Fathers unseen" in listing.text


def test_an_empty_recommendation_and_a_taken_number_are_refused(
    world, client_for, review, recommendation
):
    client = client_for(world.business_unit)
    url = reverse("actions:add_recommendation", args=[review.pk])
    empty = client.post(url, {"text": "  "})
    assert "Enter the recommendation" in empty.text
    taken = client.post(url, {"text": "Another", "number": "1"})
    assert "Recommendation 1 already exists" in taken.text
    assert Recommendation.objects.count() == 1


def test_a_finding_of_another_review_cannot_be_posted(world, client_for, review):
    from tests.factories import ReviewFactory

    other = ReviewFactory(partnership=world.partnership)
    elsewhere = Finding.objects.create(review=other, number=1, text="Elsewhere")
    response = client_for(world.business_unit).post(
        reverse("actions:add_recommendation", args=[review.pk]),
        {"text": "Text", "findings": [elsewhere.pk]},
    )
    assert response.status_code == 200
    assert not Recommendation.objects.exists()


def test_editing_from_a_stale_version_keeps_the_entries(world, client_for, recommendation):
    url = reverse("actions:edit_recommendation", args=[recommendation.pk])
    opened = recommendation.version
    assert (
        client_for(world.business_unit)
        .post(url, {"text": "First edit", "number": "1", "version": opened})
        .status_code
        == 302
    )
    response = client_for(world.reviewer).post(
        url, {"text": "Second edit", "number": "1", "version": opened}
    )
    assert "was changed by Sam Tester" in response.text
    assert "Second edit" in response.text
    recommendation.refresh_from_db()
    assert recommendation.text == "First edit"


def test_a_restricted_reviews_recommendations_are_audited_when_seen(
    world, client_for, restricted_review
):
    services.create_recommendation(world.business_unit, restricted_review, text="Hidden")
    response = client_for(world.business_unit).get(
        reverse("actions:recommendations", args=[restricted_review.pk])
    )
    assert response.status_code == 200
    assert AuditLog.objects.filter(
        action="view", object_type="reviews.Review", object_id=str(restricted_review.pk)
    ).exists()
