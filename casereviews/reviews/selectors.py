"""Reads of reviews, always scoped to the user's partnership (core.scoping).

Restricted reviews are filtered out HERE for anyone who is not a named member, so no page
(detail, register, dashboard) can show one by accident.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, DateField, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Lower
from django.http import Http404
from django.utils import timezone

from casereviews.accounts.models import User
from casereviews.accounts.roles import Role
from casereviews.core import audit, reporting_year
from casereviews.core.clocks import (
    AT_RISK_DAYS,
    PUBLICATION_MONTHS,
    PUBLISHED_TYPES,
    add_months,
    publication_target,
)
from casereviews.core.models import AuditLog
from casereviews.core.paging import Sort, by_label
from casereviews.core.per_view import once_per_view
from casereviews.core.reporting_year import ReportingYear, parse_or_none
from casereviews.core.scoping import in_partnership, in_reach
from casereviews.reviews import refs
from casereviews.reviews.models import Delay, Review, ReviewStatus


def reviews_in_reach(user) -> QuerySet[Review]:
    """The partnership's reviews the user could be allowed to open (restricted: members only).

    The role rule (a reviewer's assigned reviews, a practitioner's published ones) is applied by
    the permission check on the page, so a same-partnership user without the right gets a 403.
    """
    return in_reach(Review.objects.all(), user)


def visible_reviews(user) -> QuerySet[Review]:
    """The reviews the user may see in lists: the register and the dashboard."""
    queryset = reviews_in_reach(user)
    role = getattr(user, "role", None)
    if role in (Role.BUSINESS_UNIT, Role.SUBGROUP_MEMBER):
        pass
    elif role == Role.REVIEWER:
        queryset = queryset.filter(Q(lead_reviewer=user) | Q(reviewers=user)).distinct()
    elif role == Role.PRACTITIONER:
        queryset = queryset.filter(published_on__isnull=False)
    else:
        queryset = queryset.none()
    return queryset.select_related("lead_reviewer").annotate(
        year=ExtractYear(Coalesce("agreed_on", "initiated_on"))
    )


def get_review(user, review_id: int) -> Review:
    """One review of the user's partnership they may reach, or 404 (learning nothing)."""
    queryset = reviews_in_reach(user).select_related("lead_reviewer", "referral")
    try:
        return queryset.get(pk=review_id)
    except Review.DoesNotExist as exc:
        raise Http404 from exc


def delays_of(review: Review) -> list[Delay]:
    return list(review.delays.select_related("recorded_by").order_by("noted_on", "id"))


def assigned_reviewers(review: Review) -> list[User]:
    return list(review.reviewers.order_by("last_name", "first_name", "username"))


def restricted_members(review: Review) -> list[User]:
    return list(review.restricted_members.order_by("last_name", "first_name", "username"))


def partnership_users(user) -> QuerySet[User]:
    """Active users of the user's partnership (lead reviewer, restricted members)."""
    people = User.objects.filter(is_active=True, is_service_account=False)
    return in_partnership(people, user).order_by("last_name", "first_name", "username")


def partnership_reviewers(user) -> QuerySet[User]:
    """Active users of the partnership with the reviewer role (assigned reviewers)."""
    return partnership_users(user).filter(role=Role.REVIEWER)


def open_in(queryset: QuerySet[Review], year: ReportingYear) -> QuerySet[Review]:
    """Reviews open at any time in the reporting year: agreed (or initiated) by its end, and
    not yet published (or, if never to be published, completed) before its start."""
    return queryset.annotate(
        began=Coalesce("agreed_on", "initiated_on"),
        finished=Coalesce("published_on", "completed_on"),
    ).filter(Q(began__lte=year.end) & (Q(finished__isnull=True) | Q(finished__gte=year.start)))


def register_options(user) -> dict[str, list]:
    """The values the register's filters offer: years and localities in use."""
    queryset = visible_reviews(user)
    years = sorted({y for y in queryset.values_list("year", flat=True) if y}, reverse=True)
    localities = sorted({loc for loc in queryset.values_list("location", flat=True) if loc})
    began = list(queryset.values_list("agreed_on", flat=True))
    return {
        "years": years,
        "localities": localities,
        "reporting_years": reporting_year.choices(began, timezone.localdate()),
    }


def filtered_reviews(
    user,
    *,
    status: str = "",
    review_type: str = "",
    year: int | None = None,
    reporting_year: str = "",
    locality: str = "",
) -> QuerySet[Review]:
    queryset = visible_reviews(user)
    chosen = parse_or_none(reporting_year)
    if chosen is not None:
        queryset = open_in(queryset, chosen)
    if status:
        queryset = queryset.filter(status=status)
    if review_type:
        queryset = queryset.filter(review_type=review_type)
    if year:
        queryset = queryset.filter(year=year)
    if locality:
        queryset = queryset.filter(location=locality)
    return queryset


def is_ref_taken(partnership_id: int, ref: str, exclude_review_id: int | None = None) -> bool:
    """Whether another review of the partnership uses `ref` (the rule lives in reviews.refs)."""
    return refs.is_ref_taken(partnership_id, ref, exclude_review_id=exclude_review_id)


def last_change(review: Review) -> AuditLog | None:
    return audit.last_change(review)


# --- the register's sorting, in the database -----------------------------------------------


class PublicationTarget(Func):
    """initiated_on + 6 months, as a date (core.clocks.publication_target in SQL): a day past
    the end of the target month keeps to the month's last day (31 August -> 28 February), as in
    Python and PostgreSQL; SQLite's own date arithmetic would roll it on into March."""

    output_field = DateField()

    def __init__(self, expression, **extra):
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        day, params = compiler.compile(self.source_expressions[0])
        later = f"date({day}, '+{PUBLICATION_MONTHS} months')"
        month_end = f"date({day}, 'start of month', '+{PUBLICATION_MONTHS + 1} months', '-1 day')"
        # '%%' is a literal '%' once Django hands the SQL to SQLite
        sql = (
            f"(CASE WHEN strftime('%%d', {later}) = strftime('%%d', {day}) "
            f"THEN {later} ELSE {month_end} END)"
        )
        return sql, [*params, *params, *params, *params]

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=f"(%(expressions)s + interval '{PUBLICATION_MONTHS} months')::date",
            **extra,
        )


def _first_initiated_with_target_after(day: dt.date) -> dt.date:
    """The earliest initiation date whose publication target falls after `day`: a review
    initiated before it has its target on or before `day`."""
    candidate = add_months(day, -PUBLICATION_MONTHS) - dt.timedelta(days=4)
    while publication_target(candidate) <= day:
        candidate += dt.timedelta(days=1)
    return candidate


def timeliness_rank(today: dt.date) -> Case:
    """The register's timeliness order (reviews.presenters.TIMELINESS_ORDER) as SQL: overdue,
    at risk, on track, not started, then finished late and finished on time."""
    overdue_before = _first_initiated_with_target_after(today - dt.timedelta(days=1))
    # at risk: the target is at most AT_RISK_DAYS away
    at_risk_before = _first_initiated_with_target_after(today + dt.timedelta(days=AT_RISK_DAYS))
    target = PublicationTarget("initiated_on")
    finished_without_publication = Q(completed_on__isnull=False) & ~Q(
        review_type__in=PUBLISHED_TYPES
    )
    return Case(
        When(initiated_on__isnull=True, then=Value(3)),
        When(published_on__isnull=False, published_on__lte=target, then=Value(5)),
        When(published_on__isnull=False, then=Value(4)),
        When(finished_without_publication & Q(completed_on__lte=target), then=Value(5)),
        When(finished_without_publication, then=Value(4)),
        When(initiated_on__lt=overdue_before, then=Value(0)),
        When(initiated_on__lt=at_risk_before, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def needing_attention(queryset: QuerySet[Review], today: dt.date) -> QuerySet[Review]:
    """The reviews at risk or overdue, overdue first, then by publication target and ref: the
    dashboard's and the reminders' list, chosen and ordered by the database (timeliness_rank)
    so that only those reviews are loaded, however many the partnership has."""
    return (
        queryset.annotate(timeliness_rank=timeliness_rank(today))
        .filter(timeliness_rank__in=(0, 1))
        .order_by("timeliness_rank", "initiated_on", "ref")
    )


def count_needing_attention(needing: QuerySet[Review]) -> dict[str, int]:
    """{count, overdue} of needing_attention's reviews: one aggregate query."""
    return needing.aggregate(count=Count("pk"), overdue=Count("pk", filter=Q(timeliness_rank=0)))


def attention_counts(user, today: dt.date) -> dict[str, int]:
    """{count, overdue} of the user's visible reviews needing attention, once per page view
    (the dashboard's reviews panel and its "What falls due" both show the count)."""
    return once_per_view(
        ("attention_counts", user.pk, today),
        lambda: count_needing_attention(needing_attention(visible_reviews(user), today)),
    )


def last_initiated_with(day: dt.date) -> dt.date:
    """The last initiation date whose publication target is that of a review initiated on
    `day` (29, 30 and 31 August all have 28 February)."""
    target = publication_target(day)
    return _first_initiated_with_target_after(target) - dt.timedelta(days=1)


def register_sorts(today: dt.date) -> dict[str, Sort]:
    """The register's sortable columns (the only values `?sort=` may take)."""
    return {
        "ref": Sort("Ref", (Lower("ref"),)),
        "type": Sort(
            "Type",
            (by_label("review_type", Review._meta.get_field("review_type").choices), Lower("ref")),
        ),
        "status": Sort("Status", (by_label("status", ReviewStatus.choices), Lower("ref"))),
        "initiated": Sort("Initiated", ("initiated_on", Lower("ref"))),
        # The target is six months after initiation: the same order.
        "target": Sort("Target publication", ("initiated_on", Lower("ref"))),
        "timeliness": Sort("Timeliness", (timeliness_rank(today), "initiated_on")),
    }
