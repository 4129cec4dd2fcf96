"""Reads of referrals, always scoped to the user's partnership and, through the reviews they
led to, to the reach of restricted reviews (core.scoping)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from casereviews.accounts.models import Agency
from casereviews.core import audit
from casereviews.core.models import AuditLog
from casereviews.core.scoping import get_in_reach_or_404, in_partnership, in_reach
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import Review


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


def referrals_with_open_clocks(user) -> QuerySet[Referral]:
    """Referrals whose notification or rapid review is still to be done (for the dashboard)."""
    return (
        in_reach(Referral.objects.all(), user)
        .filter(
            Q(la_aware_on__isnull=False, notified_on__isnull=True)
            | Q(notified_on__isnull=False, rapid_review_on__isnull=True)
        )
        .order_by("received_on", "id")
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
