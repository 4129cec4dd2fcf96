"""Reads for reports and exports, always scoped to one partnership.

The briefing paper reads as a user (core.scoping, restricted reviews only for their members);
the command-line exports read a whole partnership, named by its slug, for the business unit's
records.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.db.models import Prefetch, Q, QuerySet

from casereviews.accounts.models import Partnership
from casereviews.core.scoping import in_reach
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import Delay, Review, ReviewStatus


def partnership_for_export(slug: str | None) -> Partnership:
    """The partnership named by `slug`; the only one if no slug is given and there is one."""
    if slug:
        try:
            return Partnership.objects.get(slug=slug)
        except Partnership.DoesNotExist as exc:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(
                f"No partnership has the slug '{slug}'. Partnerships: {known}."
            ) from exc
    partnerships = list(Partnership.objects.all()[:2])
    if not partnerships:
        raise CommandError("There is no partnership to export. Run `casereviews demo` first?")
    if len(partnerships) > 1:
        known = ", ".join(Partnership.objects.values_list("slug", flat=True))
        raise CommandError(
            f"There is more than one partnership: choose one with --partnership SLUG ({known})."
        )
    return partnerships[0]


def _with_delays(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return queryset.select_related("lead_reviewer", "referral").prefetch_related(
        Prefetch("delays", queryset=Delay.objects.order_by("noted_on", "id"))
    )


def reviews_for_export(partnership: Partnership) -> QuerySet[Review]:
    """Every review of the partnership, restricted ones included (flagged in the export)."""
    return _with_delays(Review.objects.filter(partnership=partnership)).order_by("ref")


def referrals_for_export(partnership: Partnership) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(partnership=partnership)
        .select_related("source_agency")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("meeting_on", "id")),
            Prefetch("reviews", queryset=Review.objects.order_by("id")),
        )
        .order_by("received_on", "id")
    )


# A finished review stays on the briefing paper this long after it was published (or, never
# published, completed); older ones are history, in the register.
BRIEFING_KEEPS_FINISHED = dt.timedelta(days=365)


def reviews_for_briefing(user, today: dt.date) -> QuerySet[Review]:
    """The reviews the sub-group meets about: those under way, and those published (or completed
    and not published) in the last 12 months; restricted ones only where the user is a member.
    Seed 002's paper is of the year's reviews; listing every review ever held made a paper of
    1,000 rows (474 KB) for a partnership with years of history."""
    cutoff = today - BRIEFING_KEEPS_FINISHED
    finished_long_ago = Q(published_on__lt=cutoff) | Q(
        status=ReviewStatus.COMPLETED, published_on=None, completed_on__lt=cutoff
    )
    queryset = in_reach(Review.objects.exclude(finished_long_ago), user)
    return _with_delays(queryset).order_by("ref")
