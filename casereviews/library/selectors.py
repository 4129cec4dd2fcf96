"""Which library entries a user may find: the same selectors the linked pages use.

An entry is found only when the record it comes from is one the user may open: a review from
the register's selector (role: assigned reviewers, practitioners published reviews only), its
findings, recommendations and reports with it, briefings, newsletters, actions, case audits and
events from their own apps' selectors. `in_reach` adds the partnership and the restricted-review
rule under them all (core.scoping).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from casereviews.actions.models import ActionUpdate
from casereviews.actions.selectors import actions_in_reach
from casereviews.audits.joint.selectors import visible_joints
from casereviews.audits.selectors import visible_audits
from casereviews.audits.self_assessment.selectors import visible_assessments
from casereviews.briefings.newsletters.selectors import newsletters_for
from casereviews.briefings.selectors import visible_briefings
from casereviews.chronology.selectors import panel_entries
from casereviews.core.per_view import once_per_view
from casereviews.core.reporting_year import ReportingYear
from casereviews.core.scoping import in_reach
from casereviews.events.selectors import events_in_reach
from casereviews.learning import themes
from casereviews.learning.models import TagState, ThemeTag
from casereviews.library.models import AgeGroup, Kind, SearchEntry
from casereviews.reviews.models import DecisionOutcome
from casereviews.reviews.selectors import visible_reviews

REVIEW_PARTS = (Kind.REVIEW, Kind.FINDING, Kind.RECOMMENDATION, Kind.REPORT)


@dataclass(frozen=True)
class Filters:
    theme: str = ""
    kind: str = ""
    review_type: str = ""
    reporting_year: int | None = None
    age_group: str = ""
    # One report's passages (the "more in this report" link): all of them, not the first few.
    report: int | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.theme or self.kind or self.review_type or self.reporting_year or self.age_group
        )


def _ids(queryset: QuerySet) -> QuerySet:
    return queryset.order_by().values("pk")


def entries_in_reach(user) -> QuerySet[SearchEntry]:
    """The entries of records the user may open. Built once per page view (the search, its
    filter choices and its counts each start from it; building its rule, a dozen scoped
    subqueries, cost the search page a fifth of its time at national scale)."""
    return once_per_view(("library.entries_in_reach", user.pk), lambda: _entries_in_reach(user))


def _entries_in_reach(user) -> QuerySet[SearchEntry]:
    reviews = _ids(visible_reviews(user))
    actions = _ids(actions_in_reach(user))
    rule = (
        Q(kind__in=REVIEW_PARTS, review__in=reviews)
        | Q(kind=Kind.BRIEFING, record_id__in=_ids(visible_briefings(user)))
        | Q(kind=Kind.NEWSLETTER, record_id__in=_ids(newsletters_for(user)))
        | Q(kind=Kind.ACTION, record_id__in=actions)
        | Q(
            kind=Kind.EVIDENCE,
            record_id__in=_ids(in_reach(ActionUpdate.objects.filter(action__in=actions), user)),
        )
        | Q(kind=Kind.CASE_AUDIT, record_id__in=_ids(visible_audits(user)))
        | Q(kind=Kind.JOINT_AUDIT, record_id__in=_ids(visible_joints(user)))
        | Q(kind=Kind.SELF_ASSESSMENT, record_id__in=_ids(visible_assessments(user)))
        | Q(kind=Kind.CHRONOLOGY_ENTRY, record_id__in=_ids(panel_entries(user)))
        | Q(kind=Kind.EVENT, record_id__in=_ids(events_in_reach(user)))
    )
    return in_reach(SearchEntry.objects.all(), user).filter(rule)


def filtered(queryset: QuerySet[SearchEntry], filters: Filters) -> QuerySet[SearchEntry]:
    if filters.theme:
        queryset = queryset.filter(theme_ids__contains=f" {filters.theme} ")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.review_type:
        queryset = queryset.filter(review_type=filters.review_type)
    if filters.reporting_year:
        queryset = queryset.filter(reporting_year=filters.reporting_year)
    if filters.age_group:
        queryset = queryset.filter(age_group=filters.age_group)
    if filters.report:
        queryset = queryset.filter(kind=Kind.REPORT, record_id=filters.report)
    return queryset


def whole_records(queryset: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
    """One entry per record, without a report's pages (theme counts, theme pages)."""
    return queryset.filter(part=0)


def report_part(report, part: int) -> SearchEntry | None:
    """The indexed text of one page (or passage) of a report the caller has checked the user
    may open (None for part 0, the whole report)."""
    if part < 1:
        return None
    return SearchEntry.objects.filter(kind=Kind.REPORT, record_id=report.pk, part=part).first()


def report_part_numbers(report) -> list[int]:
    return list(
        SearchEntry.objects.filter(kind=Kind.REPORT, record_id=report.pk, part__gt=0)
        .order_by("part")
        .values_list("part", flat=True)
    )


def accepted_themes(user) -> list[tuple[str, str]]:
    """(id, name) of the themes accepted on a finding or report the user may see, by name."""
    reviews = _ids(visible_reviews(user))
    # One query per path (findings', reports'), each reached from the partnership's reviews
    # rather than an OR over the nation's tags; no order, so DISTINCT is over the theme alone.
    accepted = in_reach(ThemeTag.objects.filter(state=TagState.ACCEPTED), user).order_by()
    ids: set[str] = set()
    for path in ("finding__review__in", "report__review__in"):
        ids |= set(accepted.filter(**{path: reviews}).values_list("theme_id", flat=True).distinct())
    return sorted(((i, themes.theme_name(i)) for i in ids), key=lambda pair: pair[1])


def filter_options(user) -> dict[str, list[tuple[str, str]]]:
    years = (
        entries_in_reach(user)
        .exclude(reporting_year=None)
        .order_by("-reporting_year")
        .values_list("reporting_year", flat=True)
        .distinct()
    )
    return {
        "theme": accepted_themes(user),
        "kind": list(Kind.choices),
        "review_type": list(DecisionOutcome.choices[1:]),
        "reporting_year": [(str(y), ReportingYear(y).label) for y in years],
        "age_group": list(AgeGroup.choices),
    }
