"""Reads of referrals, always scoped to the user's partnership and, through the reviews they
led to, to the reach of restricted reviews (core.scoping)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from casereviews.accounts.models import Agency
from casereviews.core import audit
from casereviews.core.clocks import (
    NOTIFICATION_WORKING_DAYS,
    RAPID_REVIEW_WORKING_DAYS,
    first_start_due_after,
    last_start_due_with,
)
from casereviews.core.models import AuditLog
from casereviews.core.paging import Sort, earliest
from casereviews.core.reporting_year import ReportingYear, parse_or_none
from casereviews.core.scoping import get_in_reach_or_404, in_partnership, in_reach
from casereviews.core.workdays import add_working_days
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import DecisionOutcome, Review


def referrals_for(user) -> QuerySet[Referral]:
    """The user's partnership's referrals, newest first, with decisions and reviews loaded."""
    return (
        in_reach(Referral.objects.all(), user)
        .select_related("source_agency")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("meeting_on", "id")),
            Prefetch("reviews", queryset=Review.objects.order_by("id")),
        )
    )


def considered_in(queryset: QuerySet[Referral], year: ReportingYear) -> QuerySet[Referral]:
    """Referrals the sub-group first decided on within the reporting year."""
    first = (
        Decision.objects.filter(referral=OuterRef("pk"))
        .order_by("meeting_on", "id")
        .values("meeting_on")[:1]
    )
    return queryset.annotate(first_considered=Subquery(first)).filter(
        first_considered__gte=year.start, first_considered__lte=year.end
    )


def outcome_at(referral: Referral, day: dt.date | None = None) -> str:
    """The outcome of the referral's latest decision on or before `day` ('' if none)."""
    decisions = [d for d in referral.decisions.all() if day is None or d.meeting_on <= day]
    decisions.sort(key=lambda d: (d.meeting_on, d.id))
    return decisions[-1].outcome if decisions else ""


def outcome_counts(referrals, day: dt.date | None = None) -> dict[str, int]:
    """{outcome: how many} over every outcome (zeros kept), for referrals with decisions loaded."""
    counts = dict.fromkeys(DecisionOutcome.values, 0)
    for referral in referrals:
        outcome = outcome_at(referral, day)
        if outcome:
            counts[outcome] += 1
    return counts


def with_outcome(queryset: QuerySet[Referral], day: dt.date | None = None) -> QuerySet[Referral]:
    """Annotate `outcome_then`: the outcome of the latest decision on or before `day` (None if
    none), in SQL (outcome_at does the same in Python for referrals already loaded)."""
    decisions = Decision.objects.filter(referral=OuterRef("pk"))
    if day is not None:
        decisions = decisions.filter(meeting_on__lte=day)
    latest = decisions.order_by("-meeting_on", "-id").values("outcome")[:1]
    return queryset.annotate(outcome_then=Subquery(latest))


def filtered_referrals(user, *, reporting_year: str = "", outcome: str = "") -> QuerySet[Referral]:
    """The referral list's rows: considered in the reporting year, with the outcome chosen (as
    it stood at the year's end); filtered in the database."""
    queryset = referrals_for(user)
    year = parse_or_none(reporting_year)
    if year is not None:
        queryset = considered_in(queryset, year)
    queryset = with_outcome(queryset, year.end if year else None)
    if outcome:
        queryset = queryset.filter(outcome_then=outcome)
    return queryset


def outcome_counts_of(queryset: QuerySet[Referral]) -> dict[str, int]:
    """{outcome: how many} (zeros kept) for referrals annotated by with_outcome: one aggregate
    query, however many referrals."""
    counts = dict.fromkeys(DecisionOutcome.values, 0)
    rows = queryset.order_by().values("outcome_then").annotate(n=Count("id"))
    for row in rows:
        if row["outcome_then"] in counts:
            counts[row["outcome_then"]] += row["n"]
    return counts


REFERRAL_SORTS = {
    "received": Sort("Received", ("received_on",)),
    "child": Sort("Child", (Lower("child_pseudonym"), "received_on")),
    "agency": Sort("Source agency", (Lower("source_agency__name"), "received_on")),
}


def decision_days(user) -> list[dt.date]:
    return list(in_reach(Decision.objects.all(), user).values_list("meeting_on", flat=True))


def referrals_with_open_clocks(user) -> QuerySet[Referral]:
    """Referrals whose notification or rapid review is still to be done (for the dashboard)."""
    return (
        in_reach(Referral.objects.all(), user)
        .annotate(rapid_review_held=rapid_review_held())
        .filter(CLOCK_RULES[0].running | CLOCK_RULES[1].running)
        .order_by("received_on", "id")
    )


def rapid_review_held() -> Coalesce:
    """Whether the decision in force (the last by meeting date) says a rapid review was held:
    its clock then stops counting even when the date it was completed is not recorded, as the
    referral's page says ("Held: date completed not recorded")."""
    latest = Decision.objects.filter(referral=OuterRef("pk")).order_by("-meeting_on", "-id")
    return Coalesce(Subquery(latest.values("rapid_review")[:1]), Value(False))


@dataclass(frozen=True)
class ClockRule:
    """One statutory clock (core.clocks.referral_clocks) as the database sees it: running from
    the `start` date until the `done` date is recorded, due `working_days` after the start."""

    name: str
    start: str
    done: str
    working_days: int
    stopped_by: str = ""  # an annotation of referrals_with_open_clocks that stops the clock

    @property
    def running(self) -> Q:
        running = Q(**{f"{self.start}__isnull": False, f"{self.done}__isnull": True})
        return running & Q(**{self.stopped_by: False}) if self.stopped_by else running

    def due_before(self, day: dt.date) -> Q:
        """Running and due before `day`."""
        first = first_start_due_after(day - dt.timedelta(days=1), self.working_days)
        return self.running & Q(**{f"{self.start}__lt": first})

    def widen(self, start: dt.date) -> dt.date:
        return last_start_due_with(start, self.working_days)


CLOCK_RULES = (
    ClockRule("Notification", "la_aware_on", "notified_on", NOTIFICATION_WORKING_DAYS),
    ClockRule(
        "Rapid review",
        "notified_on",
        "rapid_review_on",
        RAPID_REVIEW_WORKING_DAYS,
        stopped_by="rapid_review_held",
    ),
)


# More running clocks than this and the database chooses the first few (clocks_due).
FEW_RUNNING = 100


@dataclass(frozen=True)
class ClocksDue:
    """Running clocks due by a day: the referrals of the most urgent few, and how many there
    are in all (`count`) and missed (`missed`: due before today)."""

    referrals: list[Referral]
    count: int
    missed: int


def clocks_due(
    referrals: QuerySet[Referral], today: dt.date, *, by: dt.date | None, first: int | None
) -> ClocksDue:
    """The running clocks of `referrals` due on or before `by` (every running clock if None),
    counted in the database; `first` (None: all) loads only the referrals of the `first` clocks
    due soonest and any due the same day, in received order, so a caller ordering the clocks by
    due date (core.clocks.referral_clocks) finds the same first few as among them all. A referral
    has one running clock at most: its rapid review starts when its notification is done.

    A partnership has a handful of clocks running at once: up to FEW_RUNNING of them are read
    in one query and chosen here (the same rule, in Python); more, and the database chooses and
    counts them (four queries, however many: the dashboard of a partnership whose old referrals
    never had their dates recorded)."""
    few = list(referrals[: FEW_RUNNING + 1])
    if len(few) <= FEW_RUNNING:
        return _clocks_due_among(few, today, by=by, first=first)
    counts: dict[str, Any] = {}
    chosen = Q(pk__in=[])
    for n, rule in enumerate(CLOCK_RULES):
        wanted = rule.due_before(by + dt.timedelta(days=1)) if by else rule.running
        counts[f"count{n}"] = Count("pk", filter=wanted)
        counts[f"missed{n}"] = Count("pk", filter=wanted & rule.due_before(today))
        rows = referrals.filter(wanted)
        if first is not None:
            rows = earliest(rows, rule.start, first, rule.widen)
        chosen |= Q(pk__in=rows.values("pk"))
    totals = referrals.order_by().aggregate(**counts)
    return ClocksDue(
        referrals=list(referrals.filter(chosen).order_by("received_on", "id")),
        count=sum(totals[f"count{n}"] for n in range(len(CLOCK_RULES))),
        missed=sum(totals[f"missed{n}"] for n in range(len(CLOCK_RULES))),
    )


def _clocks_due_among(
    referrals: list[Referral], today: dt.date, *, by: dt.date | None, first: int | None
) -> ClocksDue:
    """clocks_due for referrals already read (each with a clock running)."""
    due_days: list[tuple[dt.date, Referral]] = []
    for referral in referrals:
        for rule in CLOCK_RULES:
            start, done = getattr(referral, rule.start), getattr(referral, rule.done)
            if start is None or done is not None:
                continue
            if rule.stopped_by and getattr(referral, rule.stopped_by, False):
                continue
            due = add_working_days(start, rule.working_days)
            if by is None or due <= by:
                due_days.append((due, referral))
    due_days.sort(key=lambda pair: pair[0])
    if first is not None and len(due_days) > first:
        edge = due_days[first - 1][0]
        chosen = [referral for due, referral in due_days if due <= edge]
    else:
        chosen = [referral for _, referral in due_days]
    return ClocksDue(
        referrals=sorted(set(chosen), key=lambda r: (r.received_on, r.pk)),
        count=len(due_days),
        missed=sum(due < today for due, _ in due_days),
    )


def get_referral(user, referral_id: int) -> Referral:
    """One referral of the user's partnership, or 404."""
    return get_in_reach_or_404(referrals_for(user), user, pk=referral_id)


def agencies_for_referral(
    user, referral: Referral | None = None, *, only_its_own: bool = False
) -> QuerySet[Agency]:
    """The agencies a referral may come from: the partnership's active ones, plus the
    referral's own source agency even if since made inactive. `only_its_own` keeps just the
    referral's agency (an agency lead may not hand their referral to another agency)."""
    queryset = in_partnership(Agency.objects.all(), user)
    if referral is None:
        return queryset.filter(active=True).order_by("name")
    if only_its_own:
        return queryset.filter(pk=referral.source_agency_id)
    return (queryset.filter(active=True) | queryset.filter(pk=referral.source_agency_id)).order_by(
        "name"
    )


def decisions_of(referral: Referral) -> list[Decision]:
    """All decisions on a referral, oldest first (conversions keep the decision they replace)."""
    return list(referral.decisions.all())


def latest_decision(referral: Referral) -> Decision | None:
    """The decision in force: the last one by meeting date (uses the prefetched decisions)."""
    decisions = sorted(referral.decisions.all(), key=lambda d: (d.meeting_on, d.id))
    return decisions[-1] if decisions else None


def review_of(referral: Referral) -> Review | None:
    """The review a decision on this referral created, if any."""
    reviews = list(referral.reviews.all())
    return reviews[0] if reviews else None


def last_change(referral: Referral) -> AuditLog | None:
    return audit.last_change(referral)


def last_change_or_decision(referral: Referral) -> AuditLog | None:
    """Who last changed the referral or recorded a decision on it, and when (a stale decision
    form says so)."""
    return audit.last_change(referral, referral.decisions.all())
