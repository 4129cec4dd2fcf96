"""A review's self-assessment against the 18 quality markers (docs/adr/0024).

`QualityAssessment` is one per review and carries the version the rating form was opened at
(the set of markers is fixed, so a save is an update of that set, checked for staleness);
`QualityRating` is one per marker of a review. Both hang off the review, so a restricted
review's ratings are seen only where the review is (core.scoping).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach, ScopedModel


class Rating(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_YET = "not_yet", "Not yet applicable"


WEAK = (Rating.NOT_MET, Rating.PARTLY_MET)


class QualityAssessment(ScopedModel):
    reach = Reach(partnership="review__partnership", reviews="review")

    review = models.OneToOneField(
        "reviews.Review", on_delete=models.PROTECT, related_name="quality_assessment"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Quality markers of {self.review.ref}"


class QualityRating(ScopedModel):
    reach = Reach(partnership="review__partnership", reviews="review")

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.PROTECT, related_name="quality_ratings"
    )
    marker = models.CharField(max_length=40)  # a key of audits.quality.markers.BY_KEY
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "marker"], name="quality_rating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review.ref}: quality marker {self.marker}"
