"""Reads for the tracker import, always scoped to the user's partnership."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from casereviews.accounts.models import Agency
from casereviews.accounts.roles import Permission, Role
from casereviews.actions.importing.checks import ImportContext, recommendation_key
from casereviews.actions.models import ImportBatch, Recommendation
from casereviews.core.scoping import in_partnership
from casereviews.reviews.refs import ref_number
from casereviews.reviews.selectors import reviews_in_reach


def context_for(user) -> ImportContext:
    """What each row is checked against: only what this user may reach.

    Reviews: the partnership's, restricted ones only for their named members (anyone else is
    told the Ref is not a review of the partnership, and learns nothing more).
    """
    reviews = list(reviews_in_reach(user).only("pk", "ref", "partnership_id", "restricted"))
    by_text = {r.ref.strip().lower(): r for r in reviews}
    by_number: dict[int, list] = {}
    for review in reviews:
        number = ref_number(review.ref)
        if number is not None:
            by_number.setdefault(number, []).append(review)
    agencies: dict[str, Agency] = {}
    for agency in in_partnership(Agency.objects.all(), user).order_by("-active", "name"):
        for name in (agency.name, agency.short_name):
            key = " ".join((name or "").lower().split())
            if key:
                agencies.setdefault(key, agency)
    existing = {
        recommendation_key(rec.review_id, rec.text): rec
        for rec in Recommendation.objects.filter(review__in=reviews).order_by("number")
    }
    own_agency = None
    if getattr(user, "role", None) == Role.SUBGROUP_MEMBER:
        own_agency = user.agency

    allowed: dict[int, bool] = {}

    def may_add(review) -> bool:
        if review.pk not in allowed:  # once per review, not once per row
            allowed[review.pk] = user.has_perm(Permission.CHANGE_RECOMMENDATIONS, review)
        return allowed[review.pk]

    return ImportContext(
        partnership_name=user.partnership.name,
        reviews_by_text=by_text,
        reviews_by_number={n: rs[0] for n, rs in by_number.items() if len(rs) == 1},
        agencies=agencies,
        existing_recommendations=existing,
        own_agency=own_agency,
        may_add_recommendations=may_add,
        today=timezone.localdate(),
    )


def batches(user) -> QuerySet[ImportBatch]:
    return in_partnership(ImportBatch.objects.all(), user).select_related("imported_by")


def get_batch(user, batch_id: int) -> ImportBatch:
    """One import of the user's partnership; an agency lead sees only their own imports."""
    queryset = batches(user).annotate(
        recommendation_count=Count("actions__recommendation", distinct=True)
    )
    if getattr(user, "role", None) != Role.BUSINESS_UNIT:
        queryset = queryset.filter(imported_by=user)
    try:
        return queryset.get(pk=batch_id)
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc


def earlier_import_of(user, sha256: str) -> ImportBatch | None:
    """The same file, imported before into this partnership."""
    return batches(user).filter(sha256=sha256).order_by("imported_at").first()


def imported_actions(user, batch: ImportBatch, limit: int = 20) -> list:
    """The first actions of an import the user may see (restricted reviews: members only)."""
    from casereviews.actions.selectors import actions_in_reach

    return list(
        actions_in_reach(user)
        .filter(import_batch=batch)
        .select_related("agency", "recommendation__review")
        .order_by("id")[:limit]
    )
