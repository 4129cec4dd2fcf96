"""The learning library's index: one row per searchable record (docs/adr/0038).

The rows are derived: the services that write a record rewrite its row (core.search_index), and
`casereviews library rebuild` writes them all again. The text engine's own structures sit beside
this table: an FTS5 table on SQLite, a generated tsvector column with a GIN index on PostgreSQL
(both made by the migration, for the database in use).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from casereviews.core.scoping import Reach, ScopedModel


class Kind(models.TextChoices):
    REVIEW = "review", "Review"
    FINDING = "finding", "Finding"
    RECOMMENDATION = "recommendation", "Recommendation"
    REPORT = "report", "Review report"
    BRIEFING = "briefing", "Briefing"
    NEWSLETTER = "newsletter", "Newsletter"
    ACTION = "action", "Action"
    EVIDENCE = "evidence", "Action update or evidence note"
    CASE_AUDIT = "case_audit", "Case audit"
    JOINT_AUDIT = "joint_audit", "Multi-agency case audit"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    CHRONOLOGY_ENTRY = "chronology_entry", "Chronology entry"
    EVENT = "event", "Event or training"


class AgeGroup(models.TextChoices):
    """The Ofsted "ages of concern" split: babies, and young people 14 and over."""

    UNDER_1 = "under_1", "Under 1"
    ONE_TO_FOUR = "1_4", "1 to 4"
    FIVE_TO_NINE = "5_9", "5 to 9"
    TEN_TO_THIRTEEN = "10_13", "10 to 13"
    FOURTEEN_PLUS = "14_plus", "14 and over"


class SearchEntry(ScopedModel):
    # The kinds' own selectors decide who reads what (library.selectors); this declaration adds
    # the partnership and the restricted-review rule under them. A published briefing of a
    # restricted review is read by the whole partnership (docs/adr/0013), so briefings are open
    # here and the briefing selector decides.
    reach = Reach(partnership="partnership", reviews="review", open_when=Q(kind=Kind.BRIEFING))

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    record_id = models.PositiveBigIntegerField()
    # A review report has an entry for the whole report (part 0: matched, counted and ranked
    # like any record) and one per page (a PDF) or passage of a few paragraphs (a document
    # without pages), searched only within the reports a results page shows, so that a result
    # can say where in the report the words are (library.search).
    part = models.PositiveIntegerField(
        default=0, help_text="A report's page or passage number (1, 2…); 0 for a whole record"
    )
    part_is_page = models.BooleanField(default=False, help_text="Whether `part` is a page")
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # Accepted theme ids, space-separated with a space at each end (" a b "), so that one theme
    # is found with `contains " a "` on both databases.
    theme_ids = models.CharField(max_length=2000, blank=True, default="")
    review_type = models.CharField(max_length=20, blank=True)
    reporting_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The first year of the reporting year (2016 for 2016-17)"
    )
    age_group = models.CharField(max_length=10, choices=AgeGroup.choices, blank=True)
    link = models.CharField(max_length=300)
    dated = models.DateField(null=True, blank=True, help_text="The record's date, for newest")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "part"], name="searchentry_unique_record_part"
            )
        ]
        indexes = [models.Index(fields=["partnership", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}: {self.title}"

    @property
    def part_label(self) -> str:
        """'Page 12' or 'Passage 3' for a part of a report, '' for a whole record."""
        if not self.part:
            return ""
        return f"{'Page' if self.part_is_page else 'Passage'} {self.part}"

    @property
    def themes(self) -> list[str]:
        return self.theme_ids.split()
