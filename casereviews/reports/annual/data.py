"""Reads for the annual report: everything of one partnership's reporting year, in a few
queries (a partnership of 1,000 reviews and 10,000 actions is produced in seconds: `make bench`).

A `Reader` says whose eyes read: a signed-in user (core.scoping.in_reach: restricted reviews
only for their members) or, on the command line, the whole partnership (like the exports).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from casereviews.accounts.models import Partnership
from casereviews.actions.models import SUBGROUP_PLAN, Action, ActionUpdate, BusinessPriority, Rag
from casereviews.audits.models import AuditAnswer, AuditStatus
from casereviews.audits.self_assessment.models import (
    AssessmentStatus,
    SelfAssessment,
    SelfAssessmentAnswer,
)
from casereviews.briefings.models import Briefing, BriefingStatus, Dissemination
from casereviews.core.reporting_year import ReportingYear
from casereviews.core.scoping import in_reach, in_whole_partnership
from casereviews.referrals.models import Decision, Referral
from casereviews.referrals.selectors import considered_in
from casereviews.reports.models import AnnualNarrative
from casereviews.reviews.models import Delay, Review
from casereviews.reviews.selectors import open_in
from casereviews.subgroup.models import HealthCheck, Meeting, TermsOfReference


@dataclass(frozen=True)
class Reader:
    partnership: Partnership
    user: Any = None

    def __call__(self, queryset: QuerySet) -> QuerySet:
        if self.user is not None:
            return in_reach(queryset, self.user)
        return in_whole_partnership(queryset, self.partnership.pk)


def referrals(read: Reader, year: ReportingYear) -> list[Referral]:
    """Referrals the sub-group first considered in the year, decisions loaded oldest first."""
    queryset = considered_in(read(Referral.objects.all()), year)
    return list(
        queryset.prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("meeting_on", "id"))
        ).order_by("first_considered", "id")
    )


def reviews(read: Reader, year: ReportingYear) -> list[Review]:
    """Reviews open at any time in the year (agreed by its end, not finished before its start),
    with their delays and the decisions of their referral."""
    queryset = open_in(read(Review.objects.all()), year)
    return list(
        queryset.select_related("referral")
        .prefetch_related(
            Prefetch("delays", queryset=Delay.objects.order_by("noted_on", "id")),
            Prefetch("referral__decisions", queryset=Decision.objects.order_by("meeting_on", "id")),
        )
        .order_by("ref")
    )


def briefings(read: Reader, year: ReportingYear) -> list[Briefing]:
    """Briefings published in the year, each with what agencies shared of it by the year's end
    (sharing after the year's end is not in this year's figures)."""
    return list(
        read(Briefing.objects.all())
        .filter(
            status=BriefingStatus.PUBLISHED,
            published_on__gte=year.start,
            published_on__lte=year.end,
        )
        .select_related("review")
        .prefetch_related(
            Prefetch(
                "disseminations",
                queryset=Dissemination.objects.filter(shared_on__lte=year.end)
                .select_related("agency")
                .order_by("shared_on"),
            )
        )
        .order_by("published_on", "id")
    )


Positions = dict[tuple[bool, tuple[str | None, ...]], int]


def rag_positions(read: Reader, days: list[dt.date]) -> Positions:
    """How many actions of the plan stood where on each of `days`: {(of the sub-group's own
    plan?, (its RAG on each day, None where it was not yet in the plan)): how many}, worked out
    and counted in the database from each action's history.

    On a day, an action is in the plan once added (created by then) or once an update was
    written about it by then (an imported tracker's row keeps its older dates). Its RAG then is
    what its last status change by that day made it; before its first change, what that change
    moved it from; with no change at all, its status now. Only the counts come back: replaying
    every status change in Python took 150 ms of a 230 ms page for a partnership of 10,000
    actions, and reading one row per action back still 30 ms (issue 13).

    The two databases are fastest at this in different ways (10,000 actions and 17,500 changes
    inside the bench's nation; ADR 0050): PostgreSQL in one pass over the updates grouped by action
    (30-40 ms, against 65-85 ms looking each action's history up by index), SQLite by index
    (45 ms, against 60-80 ms in one pass). Both give the same counts on either database."""
    if connection.vendor == "postgresql":
        return _positions_in_one_pass(read, days)
    return _positions_by_lookups(read, days)


def _start_of_next_day(day: dt.date) -> dt.datetime:
    """Midnight after `day`, local time: an action created before it was in the plan that day."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _positions_by_lookups(read: Reader, days: list[dt.date]) -> Positions:
    """`rag_positions` with a subquery per action and day: two index probes per action per day."""
    changes = ActionUpdate.objects.filter(action=OuterRef("pk")).exclude(status_to="")
    first_from = changes.order_by("written_on", "id").values("status_from")[:1]
    columns: dict[str, Any] = {
        "subgroup": ExpressionWrapper(Q(origin=SUBGROUP_PLAN), output_field=BooleanField())
    }
    for n, day in enumerate(days):
        after = _start_of_next_day(day)
        written_by = ActionUpdate.objects.filter(action=OuterRef("pk"), written_on__lte=day)
        columns[f"in_{n}"] = ExpressionWrapper(
            Q(created_at__lt=after) | Exists(written_by),
            output_field=BooleanField(),
        )
        last_to = (
            changes.filter(written_on__lte=day).order_by("-written_on", "-id").values("status_to")
        )
        columns[f"rag_{n}"] = Coalesce(
            Subquery(last_to[:1]), NullIf(Subquery(first_from), Value("")), F("status")
        )
    rows = (
        read(Action.objects.all())
        .annotate(**columns)
        .values(*columns)
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Positions = {}
    for row in rows:
        key = (
            row["subgroup"],
            tuple(row[f"rag_{n}"] if row[f"in_{n}"] else None for n in range(len(days))),
        )
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _positions_in_one_pass(read: Reader, days: list[dt.date]) -> Positions:
    """`rag_positions` in one pass over the actions' updates, grouped by action, then the
    actions counted by position. "The last change by a day" is the greatest of the changes'
    numbers (`_in_history_order`) by then, an ordinary aggregate; its last digit is the status.
    (As `date, id, status` strings the same pass took as long as the index lookups.)"""
    change = ~Q(updates__status_to="")
    columns: dict[str, Any] = {
        "subgroup": ExpressionWrapper(Q(origin=SUBGROUP_PLAN), output_field=BooleanField()),
        "status": F("status"),
        "first_from": Min(_in_history_order("status_from"), filter=change),
    }
    for n, day in enumerate(days):
        after = _start_of_next_day(day)
        columns[f"in_{n}"] = Max(
            Case(
                When(Q(created_at__lt=after) | Q(updates__written_on__lte=day), then=Value(1)),
                default=Value(0),
            )
        )
        by_then = change & Q(updates__written_on__lte=day)
        columns[f"to_{n}"] = Max(_in_history_order("status_to"), filter=by_then)
    per_action = read(Action.objects.all()).values("pk").annotate(**columns)
    counts: Positions = {}
    for got in _counted_by(per_action, list(columns)):
        before_any = _RAG_OF_CODE.get(got["first_from"]) or got["status"]
        key = (
            bool(got["subgroup"]),
            tuple(
                (_RAG_OF_CODE.get(got[f"to_{n}"]) or before_any) if got[f"in_{n}"] else None
                for n in range(len(days))
            ),
        )
        counts[key] = counts.get(key, 0) + got["count"]
    return counts


_STATUSES = 10  # statuses are coded 1-4 in the last digit; 0 is none
_CODE_OF_RAG = {rag.value: code for code, rag in enumerate(Rag, start=1)}
_RAG_OF_CODE = {code: value for value, code in _CODE_OF_RAG.items()}


class _DayNumber(Func):
    """A date as a whole number of days, for arithmetic (the two databases spell it apart)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')")

    def as_sqlite(self, compiler, connection, **extra):  # noqa: ANN001, ANN003, ANN201
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - julianday('1970-01-01') AS INTEGER)",
        )


def _in_history_order(status: str) -> Any:
    """An update as one number that sorts as its history does (its day, then its id), with
    the code of its `status` field as the last digit: under 10**18 (a 64-bit integer) for ids
    under 10**12 and days until the year 2243."""
    code = Case(
        *(
            When(**{f"updates__{status}": value}, then=Value(c))
            for value, c in _CODE_OF_RAG.items()
        ),
        default=Value(0),
    )
    day_then_id = _DayNumber("updates__written_on") * Value(10**12) + F("updates__id")
    return ExpressionWrapper(day_then_id * Value(_STATUSES) + code, output_field=BigIntegerField())


def _counted_by(per_action: QuerySet, columns: list[str]) -> list[dict]:
    """The rows of `per_action` (one per action) counted by their columns in the database, the
    history numbers (`_in_history_order`) by their last digit, the status: an outer query
    groups what the inner one aggregated (the ORM cannot group by aggregates)."""
    inner, params = per_action.query.sql_with_params()
    digits = {"first_from", *(c for c in columns if c.startswith("to_"))}
    quoted = ", ".join(
        f"{connection.ops.quote_name(c)} %% {_STATUSES}"
        if c in digits
        else connection.ops.quote_name(c)
        for c in columns
    )
    sql = f"SELECT {quoted}, COUNT(*) FROM ({inner}) per_action GROUP BY {quoted}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip([*columns, "count"], row, strict=True)) for row in cursor.fetchall()]


def meetings(read: Reader, year: ReportingYear) -> list[Meeting]:
    return list(
        read(Meeting.objects.all())
        .filter(held_on__gte=year.start, held_on__lte=year.end)
        .prefetch_related("attendance__agency")
        .order_by("held_on", "id")
    )


def health_checks(read: Reader, year: ReportingYear) -> list[HealthCheck]:
    return list(
        read(HealthCheck.objects.all())
        .filter(done_on__gte=year.start, done_on__lte=year.end)
        .prefetch_related("answers")
        .order_by("done_on", "id")
    )


def terms_in_force(read: Reader, year: ReportingYear) -> TermsOfReference | None:
    """The terms of reference in force at the end of the year."""
    return read(TermsOfReference.objects.filter(agreed_on__lte=year.end)).first()


def priorities(read: Reader, year: ReportingYear) -> list[BusinessPriority]:
    actions = read(Action.objects.filter(origin=SUBGROUP_PLAN)).select_related("agency")
    return list(
        read(BusinessPriority.objects.filter(reporting_year=year.label))
        .prefetch_related(Prefetch("actions", queryset=actions.order_by("due_on", "id")))
        .order_by("number")
    )


def case_audit_answers(read: Reader, year: ReportingYear) -> list[AuditAnswer]:
    """The answers of the case audits completed in the year (audit date within it)."""
    return list(
        read(AuditAnswer.objects.all())
        .filter(
            audit__status=AuditStatus.COMPLETED,
            audit__audit_date__gte=year.start,
            audit__audit_date__lte=year.end,
        )
        .select_related("theme", "audit__agency")
    )


def self_assessment_answers(read: Reader, year: ReportingYear) -> list[SelfAssessmentAnswer]:
    """The answers of self-assessments completed for the year (their period is the year)."""
    done = read(SelfAssessment.objects.all()).filter(
        period=year.label, status=AssessmentStatus.COMPLETED
    )
    return list(
        SelfAssessmentAnswer.objects.filter(assessment__in=done)
        .exclude(Q(rating=""))
        .select_related("question__issue", "assessment__agency")
    )


def narratives(read: Reader, year: ReportingYear) -> dict[str, AnnualNarrative]:
    rows = read(AnnualNarrative.objects.filter(reporting_year=year.label))
    return {row.section: row for row in rows}
