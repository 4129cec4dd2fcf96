"""The multi-agency chronology of a review (docs/adr/0033).

One `Chronology` per review: its scope period and the child's pseudonym (and date of birth,
where known). The business unit sends a `ChronologyRequest` to each agency involved, with a due
date; the agency's lead (or a named contributor) adds `ChronologyEntry` rows, typed or imported
(`EntryImport`), and sends them. The panel merges the agencies' entries into the integrated
chronology; a gap the reviewer turns into a finding is remembered (`GapFinding`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach, ScopedModel

__all__ = [
    "Chronology",
    "ChronologyEntry",
    "ChronologyRequest",
    "EntryImport",
    "GapFinding",
    "Precision",
    "Shared",
]

CHRONOLOGY_REACH = Reach(partnership="review__partnership", reviews="review")
BELOW_REACH = Reach(partnership="chronology__review__partnership", reviews="chronology__review")


class Chronology(ScopedModel):
    reach = CHRONOLOGY_REACH

    review = models.OneToOneField(
        "reviews.Review", on_delete=models.PROTECT, related_name="chronology"
    )
    child = models.CharField(max_length=40, help_text="The child's pseudonym, never a name")
    child_born_on = models.DateField(null=True, blank=True)
    scope_from = models.DateField()
    scope_to = models.DateField()
    merged_at = models.DateTimeField(null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Chronology of {self.review.ref}"

    @property
    def merged(self) -> bool:
        return self.merged_at is not None


class ChronologyRequest(ScopedModel):
    """The business unit's request to one agency for its chronology."""

    reach = BELOW_REACH

    chronology = models.ForeignKey(Chronology, on_delete=models.PROTECT, related_name="requests")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Someone of the agency named to write its chronology, besides its lead",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["chronology", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["chronology", "agency"], name="chronology_request_one_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.chronology}: {self.agency}"


class Precision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"


class Shared(models.TextChoices):
    NOT_RECORDED = "", "Not recorded"
    SHARED = "shared", "Shared"
    LATE = "late", "Shared late"
    NOT_SHARED = "not_shared", "Not shared"


class EntryImport(ScopedModel):
    """One spreadsheet imported into an agency's chronology (all its rows, or none)."""

    reach = Reach(
        partnership="request__chronology__review__partnership",
        reviews="request__chronology__review",
    )

    request = models.ForeignKey(ChronologyRequest, on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.original_name} ({self.rows} entries)"


class ChronologyEntry(ScopedModel):
    """One thing an agency knew or did, in the agency's own words.

    The date is kept as the agency wrote it (`when`) and as the days it may mean: `starts_on`
    (the earliest possible day, by which the integrated chronology orders it) and `latest_on`.
    """

    reach = BELOW_REACH

    chronology = models.ForeignKey(Chronology, on_delete=models.PROTECT, related_name="entries")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    when = models.CharField("Date", max_length=40)
    precision = models.CharField(max_length=10, choices=Precision.choices)
    approximate = models.BooleanField(default=False)
    starts_on = models.DateField()
    latest_on = models.DateField()
    time = models.TimeField(null=True, blank=True)
    ends = models.CharField("End date", max_length=40, blank=True)
    ends_on = models.DateField(null=True, blank=True)  # the latest possible day of the end
    source = models.CharField("Source of information", max_length=300)
    event = models.TextField()
    people = models.CharField("Who was involved", max_length=300, blank=True)
    known = models.TextField("What was known", blank=True)
    done = models.TextField("What was done", blank=True)
    shared = models.CharField(max_length=20, choices=Shared.choices, blank=True)
    shared_with = models.CharField(max_length=300, blank=True)
    shared_on = models.DateField(null=True, blank=True)
    child_seen = models.BooleanField("The child was seen", default=False)
    significant = models.BooleanField("A significant event", default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    imported = models.ForeignKey(
        EntryImport, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    row = models.PositiveIntegerField(null=True, blank=True)  # in the imported file

    class Meta:
        ordering = ["starts_on", "time", "agency__name", "id"]
        indexes = [models.Index(fields=["chronology", "starts_on"], name="chron_entry_order")]

    def __str__(self) -> str:
        return f"{self.when}: {self.agency}"


class GapFinding(ScopedModel):
    """A gap in what agencies knew or shared that the reviewer turned into a finding."""

    reach = BELOW_REACH

    chronology = models.ForeignKey(Chronology, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120)
    finding = models.ForeignKey("learning.Finding", on_delete=models.PROTECT, related_name="+")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chronology", "key"], name="gap_finding_once")
        ]

    def __str__(self) -> str:
        return f"{self.chronology}: {self.key}"
