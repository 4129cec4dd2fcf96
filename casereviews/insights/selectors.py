"""The figures of analysis across reviews, computed by the database (docs/adr/0039).

The unit is the review: a review raises a theme when a person accepted that theme on one of its
findings or on one of its uploaded reports. Every figure starts from `review_themes(user)`, the
accepted tags the user may reach (their partnership; a restricted review only for its members:
core.scoping), and groups and counts them in SQL; no figure loads every row into Python.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from casereviews.accounts.permissions import is_board_member
from casereviews.actions.models import COMPLETE, Action, Recommendation, UpdateKind
from casereviews.analysis import TOXIC_TRIO
from casereviews.audits.models import AuditAnswer, AuditFramework, AuditTheme
from casereviews.audits.selectors import summary_answers
from casereviews.briefings.models import Briefing, BriefingStatus
from casereviews.core.per_view import once_per_view
from casereviews.core.scoping import in_partnership, in_reach
from casereviews.events.models import Event
from casereviews.insights.models import NationalCorpus, NationalThemeCount
from casereviews.learning.models import Finding, ReviewReport, TagState, ThemeTag
from casereviews.learning.selectors import accepted_theme_q
from casereviews.reviews.models import Review

# The Ofsted "ages of concern" split: babies under one and young people of 14 and over.
AGE_GROUPS: list[tuple[str, str]] = [
    ("under-1", "Under 1"),
    ("1-4", "1 to 4"),
    ("5-9", "5 to 9"),
    ("10-13", "10 to 13"),
    ("14+", "14 and over"),
    ("various", "Several children"),
    ("unknown", "Age not recorded"),
]


def _review(field: str) -> Coalesce:
    """A field of the review a tag hangs off, through its finding or its report."""
    return Coalesce(F(f"finding__review__{field}"), F(f"report__review__{field}"))


def reporting_year_of(day_field: str) -> Case:
    """The first calendar year of the April-March reporting year of an annotated date, in SQL
    (core.reporting_year.ReportingYear.of, as the database computes it)."""
    year = ExtractYear(day_field)
    return Case(
        When(Q(**{f"{day_field}__isnull": True}), then=Value(None)),
        When(Q(**{f"{day_field}__month__lt": 4}), then=year - 1),
        default=year,
        output_field=IntegerField(),
    )


# Above this many ids a list would pass SQLite's limit on a statement's parameters: the rows
# are then found by a subquery instead (slower on PostgreSQL, but right).
MAX_LISTED_IDS = 10_000


def _ids(queryset: QuerySet) -> list[int] | QuerySet:
    """The rows' ids as a list (the database then reads its indexes directly), or as a
    subquery when there are too many to list."""
    ids = list(queryset.values_list("pk", flat=True)[: MAX_LISTED_IDS + 1])
    return ids if len(ids) <= MAX_LISTED_IDS else queryset.values("pk")


def _findings_and_reports_in_reach(user) -> tuple[list[int] | QuerySet, list[int] | QuerySet]:
    """The ids of the findings and reports of the reviews in the user's reach, read once per
    page view: the themes page builds `review_themes` for its figures, its trend and its
    year choices (three reads of up to 5,000 ids each were a third of its time)."""

    def read() -> tuple[list[int] | QuerySet, list[int] | QuerySet]:
        reviews = _ids(in_reach(Review.objects.all(), user))
        findings = _ids(Finding.objects.filter(review_id__in=reviews))
        return findings, _ids(ReviewReport.objects.filter(review_id__in=reviews))

    return once_per_view(("insights.findings_and_reports_in_reach", user.pk), read)


def review_themes(user) -> QuerySet[ThemeTag]:
    """Accepted theme tags the user may reach, each annotated with its review (`rid`), theme
    (`tid`), the review's reporting year (`year`: from the date it was agreed, else initiated),
    type (`rtype`) and the child's age group (`age`). Nothing for anyone but a board member
    (business unit and sub-group members: docs/adr/0039)."""
    # The reach rule is applied to the reviews (partnership, restricted: members only), and the
    # tags found from them by their indexed keys: the database starts from one partnership's
    # few hundred findings, not from every tag of every partnership.
    # The ids are read once (a partnership's reviews: hundreds), so the many figures of a page
    # do not each repeat the restricted-review rule over every review of every partnership.
    # Likewise the findings' and reports' ids: an OR of two plain lists lets PostgreSQL read
    # both indexes of the tags (an OR of two subqueries made it scan every tag).
    findings, reports = _findings_and_reports_in_reach(user)
    queryset = (
        ThemeTag.objects.filter(state=TagState.ACCEPTED)
        .filter(Q(finding_id__in=findings) | Q(report_id__in=reports))
        .order_by()
        .annotate(
            rid=Coalesce(F("finding__review_id"), F("report__review_id")),
            tid=F("theme_id"),
            rtype=_review("review_type"),
            r_day=Coalesce(_review("agreed_on"), _review("initiated_on")),
            r_years=_review("age_years"),
            r_months=_review("age_months"),
            r_weeks=_review("age_weeks"),
            r_various=_review("age_various"),
        )
        .annotate(
            year=reporting_year_of("r_day"),
            age=Case(
                When(r_various=True, then=Value("various")),
                When(r_years__lt=1, then=Value("under-1")),
                When(r_years__lte=4, then=Value("1-4")),
                When(r_years__lte=9, then=Value("5-9")),
                When(r_years__lte=13, then=Value("10-13")),
                When(r_years__gte=14, then=Value("14+")),
                When(Q(r_months__lt=12) | Q(r_weeks__isnull=False), then=Value("under-1")),
                default=Value("unknown"),
                output_field=CharField(),
            ),
        )
    )
    return queryset if is_board_member(user) else queryset.none()


def reviews_counted(rt: QuerySet[ThemeTag]) -> int:
    """How many reviews have at least one accepted theme: the base of every percentage."""
    return rt.aggregate(n=Count("rid", distinct=True))["n"] or 0


def theme_counts(rt: QuerySet[ThemeTag]) -> dict[str, dict[str, int]]:
    """{theme id: {"reviews": n, "findings": n, "reports": n}}."""
    rows = rt.values("tid").annotate(
        reviews=Count("rid", distinct=True),
        findings=Count("finding", distinct=True),
        reports=Count("report", distinct=True),
    )
    return {
        r["tid"]: {"reviews": r["reviews"], "findings": r["findings"], "reports": r["reports"]}
        for r in rows
    }


def counts_by(rt: QuerySet[ThemeTag], key: str) -> tuple[dict[object, int], dict[tuple, int]]:
    """({group: reviews}, {(group, theme id): reviews}) for `key` one of year, rtype, age."""
    totals = {r[key]: r["n"] for r in rt.values(key).annotate(n=Count("rid", distinct=True))}
    cells = {
        (r[key], r["tid"]): r["n"]
        for r in rt.values(key, "tid").annotate(n=Count("rid", distinct=True))
    }
    return totals, cells


def theme_pairs(rt: QuerySet[ThemeTag]) -> list[tuple[str, str, int]]:
    """(theme a, theme b, reviews raising both), most first: the review-theme set joined to
    itself in one SQL statement (the set is the scoped queryset's own SQL)."""
    try:
        sql, params = rt.values("rid", "tid").distinct().query.sql_with_params()
    except EmptyResultSet:  # nothing in reach (a new partnership): no SQL to run
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH rt AS ({sql}) "  # noqa: S608 - our ORM's SQL, user input only as params
            "SELECT a.tid, b.tid, COUNT(*) FROM rt a JOIN rt b "
            "ON a.rid = b.rid AND a.tid < b.tid "
            "GROUP BY a.tid, b.tid ORDER BY COUNT(*) DESC, a.tid, b.tid",
            params,
        )
        return [(a, b, n) for a, b, n in cursor.fetchall()]


def toxic_trio_reviews(rt: QuerySet[ThemeTag]) -> int:
    """Reviews raising all three of the toxic trio."""
    return (
        rt.filter(tid__in=TOXIC_TRIO)
        .values("rid")
        .annotate(k=Count("tid", distinct=True))
        .filter(k=len(TOXIC_TRIO))
        .count()
    )


def actions_by_agency(user, rt: QuerySet[ThemeTag]) -> list[dict]:
    """Per agency and theme, the actions answering the theme (through their recommendation's
    findings) and how many of them are complete. Only for reviews counted in `rt`."""
    if not is_board_member(user):
        return []
    return list(
        in_reach(Action.objects.all(), user)
        .order_by()
        .filter(
            # The reviews counted, as ids (hundreds): a subquery of `rt` here misleads
            # PostgreSQL's planner into visiting every action (18 s at 20,000 reviews).
            recommendation__review_id__in=_ids(Review.objects.filter(pk__in=rt.values("rid"))),
            recommendation__findings__tags__state=TagState.ACCEPTED,
        )
        .values(agency_name=F("agency__name"), tid=F("recommendation__findings__tags__theme_id"))
        .annotate(
            actions=Count("id", distinct=True),
            complete=Count("id", distinct=True, filter=Q(status__in=list(COMPLETE))),
        )
        .order_by("agency_name", "tid")
    )


def national_corpus() -> NationalCorpus | None:
    """The newest national corpus loaded by a platform administrator, or None."""
    return NationalCorpus.objects.order_by("-loaded_at", "-id").first()


def national_counts(corpus: NationalCorpus | None) -> dict[str, int]:
    if corpus is None:
        return {}
    return dict(
        NationalThemeCount.objects.filter(corpus=corpus).values_list("theme_id", "documents")
    )


# --- the learning loop of one theme ---------------------------------------------------------


def theme_findings(user, theme_id: str) -> list[Finding]:
    if not is_board_member(user):
        return []
    return list(
        in_reach(Finding.objects.all(), user)
        .filter(accepted_theme_q(theme_id))
        .select_related("review")
        .order_by("review__ref", "number")
    )


def theme_reports(user, theme_id: str) -> list[ReviewReport]:
    if not is_board_member(user):
        return []
    return list(
        in_reach(ReviewReport.objects.all(), user)
        .filter(tags__theme_id=theme_id, tags__state=TagState.ACCEPTED)
        .select_related("review")
        .order_by("review__ref", "id")
    )


def theme_recommendations(user, theme_id: str) -> list[Recommendation]:
    """The recommendations answering the theme, with their actions (agency, RAG, evidence of
    impact counted in SQL)."""
    if not is_board_member(user):
        return []
    actions = (
        Action.objects.select_related("agency")
        .annotate(
            evidence=Count("updates", filter=Q(updates__kind=UpdateKind.EVIDENCE)),
            last_evidence=Max("updates__written_on", filter=Q(updates__kind=UpdateKind.EVIDENCE)),
        )
        .order_by("due_on", "id")
    )
    return list(
        in_reach(Recommendation.objects.all(), user)
        .filter(
            pk__in=Recommendation.objects.filter(accepted_theme_q(theme_id, "findings__")).values(
                "pk"
            )
        )
        .select_related("review")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("review__ref", "number")
    )


def theme_rag(user, theme_id: str) -> dict[str, int]:
    """{status: actions} of the actions answering the theme."""
    if not is_board_member(user):
        return {}
    rows = (
        in_reach(Action.objects.all(), user)
        .order_by()
        .filter(accepted_theme_q(theme_id, "recommendation__findings__"))
        .values("status")
        .annotate(n=Count("id", distinct=True))
    )
    return {r["status"]: r["n"] for r in rows}


def theme_briefings(user, theme_id: str) -> list[Briefing]:
    """Published briefings of reviews whose findings raised the theme."""
    if not is_board_member(user):
        return []
    return list(
        in_reach(Briefing.objects.filter(status=BriefingStatus.PUBLISHED), user)
        .filter(
            review_id__in=Finding.objects.filter(accepted_theme_q(theme_id)).values("review_id")
        )
        .select_related("review")
        .order_by("-published_on", "-id")
    )


def _with_theme(queryset: QuerySet, field: str, theme_id: str) -> QuerySet:
    """Rows whose JSON list `field` holds the theme id: in SQL where the database can
    (PostgreSQL), else by the ids of the few rows that hold it (a partnership's events)."""
    if connection.features.supports_json_field_contains:
        return queryset.filter(**{f"{field}__contains": [theme_id]})
    ids = [pk for pk, values in queryset.values_list("pk", field) if theme_id in (values or [])]
    return queryset.filter(pk__in=ids)


def theme_events(user, theme_id: str) -> list[Event]:
    """Events (not cancelled) that covered the theme."""
    if not is_board_member(user):
        return []
    events = in_reach(Event.objects.filter(cancelled_at__isnull=True), user)
    return list(_with_theme(events, "themes", theme_id).order_by("-starts_at"))


def theme_audits(user, theme_id: str) -> list[dict]:
    """The case audits' judgements on the audit themes mapped to the theme, per reporting year
    of the audit: [{"year", "judgement", "n"}]. Only counts, never a case (docs/adr/0022); the
    audits a user's summary covers (audits.selectors.summary_answers)."""
    if not is_board_member(user):
        return []
    frameworks = in_partnership(AuditFramework.objects.all(), user)
    audit_themes = _with_theme(
        AuditTheme.objects.filter(framework__in=frameworks), "taxonomy_ids", theme_id
    )
    answers: QuerySet[AuditAnswer] = summary_answers(user)
    return list(
        answers.filter(theme__in=audit_themes)
        .exclude(judgement="")
        .select_related(None)
        .order_by()
        .annotate(day=F("audit__audit_date"))
        .annotate(year=reporting_year_of("day"))
        .values("year", "judgement")
        .annotate(n=Count("id"))
        .order_by("year", "judgement")
    )
