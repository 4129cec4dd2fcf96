"""Reads of findings, reports and theme tags, always scoped to the user's partnership.

A finding, report or tag of a restricted review is "not found" for anyone who is not a named
member of that review, as the review itself is (reviews.selectors.reviews_in_reach).

Other apps use `accepted_theme_ids`, `finding_themes` and `accepted_theme_q` to speak of a
review's or an action's themes: only themes a person accepted count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404

from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import in_reach
from casereviews.learning.models import (
    Finding,
    ReportStatus,
    ReviewReport,
    TagEvent,
    TagState,
    ThemeTag,
)
from casereviews.reviews.models import Review
from casereviews.reviews.selectors import get_review  # noqa: F401 - the review pages' own rule


def _one(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def get_finding(user, finding_id: int) -> Finding:
    queryset = in_reach(Finding.objects.select_related("review"), user)
    return _one(queryset, finding_id)


def get_report(user, report_id: int) -> ReviewReport:
    queryset = in_reach(ReviewReport.objects.select_related("review", "uploaded_by"), user)
    return _one(queryset, report_id)


def get_tag(user, tag_id: int) -> ThemeTag:
    """A tag of a finding or a report the user may reach, or 404."""
    queryset = in_reach(
        ThemeTag.objects.select_related(
            "finding__review", "report__review", "added_by", "decided_by"
        ),
        user,
    )
    return _one(queryset, tag_id)


def _tags_prefetch() -> Prefetch:
    return Prefetch(
        "tags",
        queryset=ThemeTag.objects.select_related("added_by", "decided_by").order_by("id"),
    )


def findings_of(review: Review) -> list[Finding]:
    """The review's findings in order, each with its tags (call after authorising the review)."""
    return list(review.findings.select_related("created_by").prefetch_related(_tags_prefetch()))


def reports_of(review: Review) -> list[ReviewReport]:
    return list(
        review.reports.filter(status=ReportStatus.ANALYSED)
        .select_related("uploaded_by")
        .prefetch_related(_tags_prefetch())
    )


def report_tags(report: ReviewReport) -> list[ThemeTag]:
    return list(report.tags.select_related("added_by", "decided_by").order_by("-score", "id"))


def finding_tags(finding: Finding) -> list[ThemeTag]:
    return list(finding.tags.select_related("added_by", "decided_by").order_by("id"))


def awaiting_decision(finding: Finding) -> int:
    """How many of the finding's themes await a person's decision."""
    return finding.tags.filter(state=TagState.SUGGESTED).count()


def taken_themes(finding: Finding) -> set[str]:
    """Themes the finding has (accepted) or may get (awaiting decision)."""
    return set(
        finding.tags.filter(state__in=[TagState.SUGGESTED, TagState.ACCEPTED]).values_list(
            "theme_id", flat=True
        )
    )


def tag_history(finding: Finding) -> list[TagEvent]:
    """Every suggestion and decision about the finding's tags, oldest first."""
    return list(
        TagEvent.objects.filter(tag__finding=finding)
        .select_related("tag", "actor")
        .order_by("at", "id")
    )


def next_finding_number(review: Review) -> int:
    highest = Finding.objects.filter(review=review).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def last_change(finding: Finding) -> AuditLog | None:
    return audit.last_change(finding)


# --- For other apps: the themes people accepted -------------------------------------------


def accepted_theme_ids(review: Review) -> list[str]:
    """The theme ids accepted on any of the review's findings, sorted."""
    return sorted(
        set(
            ThemeTag.objects.filter(finding__review=review, state=TagState.ACCEPTED).values_list(
                "theme_id", flat=True
            )
        )
    )


def accepted_theme_ids_by_review(review_ids: Iterable[int]) -> dict[int, list[str]]:
    """{review id: the theme ids accepted on its findings, sorted} in one query (a page of an
    API list: accepted_theme_ids for each review would be a query per row)."""
    rows = (
        ThemeTag.objects.filter(finding__review_id__in=list(review_ids), state=TagState.ACCEPTED)
        .values_list("finding__review_id", "theme_id")
        .distinct()
    )
    themes: dict[int, set[str]] = {}
    for review_id, theme_id in rows:
        themes.setdefault(review_id, set()).add(theme_id)
    return {review_id: sorted(ids) for review_id, ids in themes.items()}


def finding_themes(findings: Iterable[Finding | int]) -> dict[int, list[str]]:
    """{finding id: its accepted theme ids, sorted} for the given findings (or their ids)."""
    ids = [getattr(f, "pk", f) for f in findings]
    out: dict[int, list[str]] = defaultdict(list)
    rows = (
        ThemeTag.objects.filter(finding_id__in=ids, state=TagState.ACCEPTED)
        .order_by("theme_id")
        .values_list("finding_id", "theme_id")
    )
    for finding_id, theme_id in rows:
        out[finding_id].append(theme_id)
    return {pk: out.get(pk, []) for pk in ids}


def accepted_theme_q(theme_id: str, path: str = "") -> Q:
    """A filter for records whose findings carry an accepted `theme_id`.

    `path` leads from the filtered model to Finding, ending in "__": "" for findings,
    "findings__" for recommendations, "recommendation__findings__" for actions. Add .distinct()
    to the queryset when the path crosses a many-to-many.
    """
    return Q(**{f"{path}tags__theme_id": theme_id, f"{path}tags__state": TagState.ACCEPTED})


def learning_counts(review: Review) -> dict[str, int]:
    """For the review page: how many findings, and how many distinct themes accepted."""
    return {
        "findings": review.findings.count(),
        "themes": review.findings.filter(tags__state=TagState.ACCEPTED)
        .values("tags__theme_id")
        .distinct()
        .count(),
    }
