"""Reads of recommendations and actions, always scoped to the user's partnership.

Actions of a restricted review are filtered out HERE for anyone who is not a named member of it,
so neither the plan, the escalation view nor an export can show one by accident.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from casereviews.accounts.models import Agency
from casereviews.accounts.permissions import is_board_member
from casereviews.actions.models import (
    COMPLETE,
    OPEN_STATUSES,
    Action,
    ActionUpdate,
    EvidenceFile,
    Rag,
    Recommendation,
    UpdateKind,
)
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.paging import Sort, by_label
from casereviews.core.reporting_year import parse_or_none
from casereviews.core.scoping import get_in_reach_or_404, in_partnership, in_reach
from casereviews.learning.models import Finding, TagState, ThemeTag
from casereviews.reviews.models import Review

DUE_CHOICES = {"overdue": "Overdue", "next_30_days": "Due in the next 30 days"}


def actions_in_reach(user) -> QuerySet[Action]:
    """The partnership's actions the user may see: board members, restricted reviews hidden."""
    if not is_board_member(user):
        return Action.objects.none()
    return in_reach(Action.objects.all(), user)


def actions_answering(user, recommendation_ids: list[int]) -> QuerySet[Action]:
    """The actions answering recommendations the caller found in the user's reach (a theme's
    learning loop in the library): read with the recommendations, as on a review's
    recommendations page (docs/adr/0045); restricted reviews for their members only."""
    return (
        in_reach(Action.objects.filter(recommendation_id__in=recommendation_ids), user)
        .select_related("agency", "recommendation__review")
        .order_by("due_on", "id")
    )


def plan_actions(
    user,
    *,
    agency_id: int | None = None,
    review_id: int | None = None,
    theme_id: str | None = None,
    status: str | None = None,
    due: str | None = None,
    reporting_year: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Action]:
    """The composite plan: every action the user may see, filtered.

    theme: an accepted theme tag on one of the findings the action's recommendation answers.
    due: "overdue" (due date passed, not Green or Blue) or "next_30_days" (due from today to
    30 days on, not Green or Blue). reporting_year ("2016-17"): due within that year.
    """
    today = today or timezone.localdate()
    queryset = actions_in_reach(user)
    if agency_id:
        queryset = queryset.filter(agency_id=agency_id)
    if review_id:
        queryset = queryset.filter(recommendation__review_id=review_id)
    if theme_id:
        tags = ThemeTag.objects.filter(
            finding__recommendations=OuterRef("recommendation_id"),
            theme_id=theme_id,
            state=TagState.ACCEPTED,
        )
        queryset = queryset.filter(Exists(tags))
    if status:
        queryset = queryset.filter(status=status)
    year = parse_or_none(reporting_year)
    if year is not None:
        queryset = queryset.filter(due_on__gte=year.start, due_on__lte=year.end)
    if due == "overdue":
        queryset = queryset.filter(due_on__lt=today, status__in=OPEN_STATUSES)
    elif due == "next_30_days":
        queryset = queryset.filter(
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=30),
            status__in=OPEN_STATUSES,
        )
    return queryset.select_related("agency", "recommendation__review").order_by(
        "due_on", "recommendation__review__ref", "recommendation__number", "id"
    )


def due_range(user) -> list[dt.date | None]:
    """The earliest and latest due dates of the plan the user sees (for the year filter)."""
    span = actions_in_reach(user).aggregate(first=Min("due_on"), last=Max("due_on"))
    return [span["first"], span["last"]]


def overdue_actions(user, today: dt.date | None = None) -> QuerySet[Action]:
    return plan_actions(user, due="overdue", today=today)


def joined_after_paging(actions: QuerySet[Action]) -> QuerySet[Action]:
    """`actions` with their agency, recommendation and review read for the page's rows only
    (three small queries by key), not joined before the page is chosen: when the page is
    ordered by something of the action's own (the escalation page's agency rank), PostgreSQL
    otherwise hashed the whole nation's recommendations and reviews to sort one partnership's
    overdue actions (docs/adr/0047)."""
    return actions.select_related(None).prefetch_related("agency", "recommendation__review")


def escalation_agencies(overdue: QuerySet[Action]) -> list[dict]:
    """The agencies with overdue actions, in the escalation page's order (the most overdue
    first, then the longest overdue, then by name), each with its count and oldest due date:
    one aggregate query."""
    rows = (
        overdue.order_by()
        .values("agency_id", "agency__name")
        .annotate(count=Count("id"), oldest=Min("due_on"))
    )
    return sorted(rows, key=lambda r: (-r["count"], r["oldest"], r["agency__name"]))


def escalation_sorts(agency_order: list[int]) -> dict[str, Sort]:
    """How the escalation page may order the actions within each agency (the agencies keep
    their order: `agency_order`)."""
    rank = Case(
        *(When(agency_id=pk, then=Value(i)) for i, pk in enumerate(agency_order)),
        default=Value(len(agency_order)),
        output_field=IntegerField(),
    )
    return {
        "due": Sort("Days overdue", (rank, "due_on")),
        "review": Sort(
            "Review", (rank, "recommendation__review__ref", "recommendation__number", "due_on")
        ),
        "status": Sort("Status", (rank, by_label("status", Rag.choices), "due_on")),
    }


def get_action(user, action_id: int) -> Action:
    """One action the user could be allowed to open, or 404 (another partnership's, or one of a
    restricted review they are not a member of). The role rule is the page's permission check."""
    queryset = Action.objects.select_related("agency", "recommendation__review", "created_by")
    return get_in_reach_or_404(queryset, user, pk=action_id)


def get_recommendation(user, recommendation_id: int) -> Recommendation:
    queryset = Recommendation.objects.select_related("review")
    return get_in_reach_or_404(queryset, user, pk=recommendation_id)


def get_evidence_file(user, file_id: int) -> EvidenceFile:
    queryset = EvidenceFile.objects.select_related("update__action__recommendation__review")
    return get_in_reach_or_404(queryset, user, pk=file_id)


def recommendations_of(review: Review) -> list[Recommendation]:
    """The review's recommendations, each with its actions and its findings loaded."""
    return list(
        review.recommendations.select_related("review")
        .prefetch_related("findings", "actions", "actions__agency")
        .order_by("number")
    )


def findings_of(review: Review) -> QuerySet[Finding]:
    return Finding.objects.filter(review=review).order_by("number")


def history_of(action: Action) -> list[ActionUpdate]:
    """The action's updates, oldest first, with their files and authors."""
    return list(
        action.updates.select_related("author")
        .prefetch_related("files")
        .order_by("written_on", "id")
    )


def has_evidence(action: Action) -> bool:
    return action.updates.filter(kind=UpdateKind.EVIDENCE).exists()


def last_update_dates(action_ids: list[int]) -> dict[int, dt.date]:
    """{action id: the date of its latest update} for the actions that have one."""
    rows = (
        ActionUpdate.objects.filter(action_id__in=action_ids)
        .order_by()
        .values("action_id")
        .annotate(last=Max("written_on"))
    )
    return {row["action_id"]: row["last"] for row in rows}


def partnership_agencies(user) -> QuerySet[Agency]:
    return in_partnership(Agency.objects.filter(active=True), user).order_by("name")


def plan_reviews(user) -> QuerySet[Review]:
    """The reviews that have actions the user may see (the plan's review filter): a review in
    reach has its actions in reach, so each review in reach is asked whether it has one (through
    the recommendations' index), instead of joining every action of the plan to its
    recommendation."""
    has_actions = Action.objects.filter(recommendation__review=OuterRef("pk"))
    return (
        in_reach(Review.objects.filter(Exists(has_actions)), user).order_by("ref").only("pk", "ref")
    )


def rag_counts(queryset: QuerySet[Action]) -> dict[str, int]:
    counts = dict.fromkeys(Rag.values, 0)
    for row in queryset.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def last_change_of_recommendation(rec: Recommendation) -> AuditLog | None:
    return audit.last_change(rec)


def latest_activity(action: Action) -> tuple[str, dt.datetime] | None:
    """Who last changed the action (an update or an edit) and when: for the stale message."""
    update = action.updates.select_related("author").order_by("-created_at", "-id").first()
    change = audit.last_change(action)
    candidates = []
    if update is not None:
        candidates.append((str(update.author) if update.author else "", update.created_at))
    if change is not None:
        candidates.append((change.actor_name, change.at))
    return max(candidates, key=lambda c: c[1]) if candidates else None


def review_action_counts(review: Review) -> dict[str, int]:
    """For the review page: recommendations, actions, and how many done and evidenced."""
    statuses = list(
        Action.objects.filter(recommendation__review=review).values_list("status", flat=True)
    )
    return {
        "recommendations": review.recommendations.count(),
        "actions": len(statuses),
        "actions_done": sum(status in COMPLETE for status in statuses),
        "actions_evidenced": statuses.count(Rag.BLUE),
    }
