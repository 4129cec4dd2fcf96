"""Partnership scoping: every selector of sensitive records starts here."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404


def scoped(queryset: QuerySet, user, field: str = "partnership") -> QuerySet:
    """Only the rows of the user's partnership; nothing at all for a user without one."""
    partnership_id = getattr(user, "partnership_id", None)
    if not getattr(user, "is_authenticated", False) or partnership_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": partnership_id})


def get_scoped_or_404(queryset: QuerySet, user, field: str = "partnership", **lookup) -> Model:
    """One record of the user's partnership, or 404: another partnership's is "not found"."""
    try:
        return scoped(queryset, user, field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
