from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.presenters import format_date
from casereviews.core.scoping import SELF, Reach, ScopedModel


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    BOTH = "both", "Male and female"
    OTHER = "other", "Other or not known"


class DecisionOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    SINGLE_AGENCY = "single_agency", "Single agency review"
    CASE_MAPPING = "case_mapping", "Case mapping exercise"
    THEMATIC = "thematic", "Thematic learning review"
    SCR = "scr", "Serious case review / local child safeguarding practice review"

    @property
    def creates_review(self) -> bool:
        return self is not DecisionOutcome.NO_FURTHER_ACTION


class Methodology(models.TextChoices):
    LEARNING_TOGETHER = "learning_together", "SCIE Learning Together"
    WELSH_MODEL = "welsh_model", "Welsh model"
    CASE_MAPPING = "case_mapping", "Case mapping"
    TRADITIONAL = "traditional", "Traditional"
    OTHER = "other", "Other"


class ReviewStatus(models.TextChoices):
    AGREED = "agreed", "Agreed"
    UNDERWAY = "underway", "Underway"
    DRAFT_REPORT = "draft_report", "Draft report"
    SIGN_OFF = "sign_off", "Awaiting panel sign-off"
    COMPLETED = "completed", "Completed"
    PUBLISHED = "published", "Published"


# The milestone fields in the order a review passes them (name, label).
MILESTONES: list[tuple[str, str]] = [
    ("agreed_on", "Agreed"),
    ("initiated_on", "Initiated"),
    ("learning_event_on", "Practitioner learning event"),
    ("draft_report_on", "Draft report"),
    ("panel_signoff_on", "Panel sign-off"),
    ("completed_on", "Completed"),
    ("published_on", "Published"),
]


# Milestones that can be planned ahead ("workshop arranged for May 2017"): planned date fields.
PLANNED_MILESTONES: list[tuple[str, str]] = [
    ("planned_learning_event_on", "learning_event_on"),
    ("planned_draft_report_on", "draft_report_on"),
    ("planned_completed_on", "completed_on"),
    ("planned_published_on", "published_on"),
]


class PublicationHandling(models.TextChoices):
    """How a publication was handled with the media (seed 002)."""

    MEDIA_EVENT = "media_event", "Media event (open session for questions)"
    ONE_TO_ONE = "one_to_one", "One-to-one interviews with the independent chair"
    PRESS_RELEASE = "press_release", "Press release only"
    NONE = "none", "No media handling"


class Review(ScopedModel):
    reach = Reach(partnership="partnership", reviews=SELF)

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="reviews"
    )
    ref = models.CharField("Ref", max_length=20)
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    review_type = models.CharField("Type", max_length=20, choices=DecisionOutcome.choices)
    methodology = models.CharField(max_length=30, choices=Methodology.choices, blank=True)
    summary = models.CharField(max_length=300)
    location = models.CharField(max_length=120, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    age_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    age_various = models.BooleanField("Several children of various ages", default=False)
    lead_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_reviews",
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_reviews"
    )
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default="agreed")
    status_note = models.CharField(max_length=300, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    initiated_on = models.DateField(null=True, blank=True)
    learning_event_on = models.DateField(null=True, blank=True)
    draft_report_on = models.DateField(null=True, blank=True)
    panel_signoff_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    planned_learning_event_on = models.DateField(null=True, blank=True)
    planned_draft_report_on = models.DateField(null=True, blank=True)
    planned_completed_on = models.DateField(null=True, blank=True)
    planned_published_on = models.DateField(null=True, blank=True)
    publication_handling = models.CharField(
        "How the publication was handled",
        max_length=20,
        choices=PublicationHandling.choices,
        blank=True,
    )
    publication_note = models.TextField("Publication: what happened", blank=True)
    family_involvement = models.TextField(
        "Family involvement",
        blank=True,
        help_text="How the family, and the child's own voice, took part in the review",
    )
    restricted = models.BooleanField(default=False)
    restricted_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_reviews"
    )
    notes = models.TextField(
        blank=True, help_text="Where demo data invents a date, it says so here."
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "ref"], name="review_unique_ref")
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.summary}"


class DelayReason(models.TextChoices):
    CRIMINAL_PROCEEDINGS = "criminal", "Parallel criminal proceedings"
    FAMILY_PROCEEDINGS = "family", "Family court proceedings"
    CORONER = "coroner", "Inquest or coroner"
    AUTHOR = "author", "Author or reviewer availability"
    AGENCY_RESPONSE = "agency", "Waiting for agency information"
    FAMILY_ENGAGEMENT = "family_engagement", "Engaging the family"
    FURTHER_WORK = "further_work", "Further work commissioned"
    OTHER = "other", "Other"


class Delay(ScopedModel):
    """One entry in a review's delay log."""

    reach = Reach(partnership="review__partnership", reviews="review")

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="delays")
    noted_on = models.DateField("Date")
    reason = models.CharField(max_length=30, choices=DelayReason.choices)
    detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["noted_on", "id"]

    def __str__(self) -> str:
        return f"{self.review.ref} delay {format_date(self.noted_on)}: {self.get_reason_display()}"
