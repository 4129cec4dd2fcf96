"""Reads of the audit log: only the user's partnership's entries, newest first, and which of
them are about a restricted review the user may not see (shown without their content)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from casereviews.accounts.models import User
from casereviews.core.models import AuditLog
from casereviews.core.scoping import hidden_review_ids, in_partnership, reach_of, reach_reviews
from casereviews.reviews.models import Review


def audit_entries(
    user,
    action: str | None = None,
    actor_id: int | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet:
    """The partnership's entries, newest first, filtered. The dates are whole local days, asked
    as a range of times so the (partnership, time) index serves them; a record as its kind and
    number, served by the (kind, number, time) index."""
    queryset = in_partnership(AuditLog.objects.all(), user).order_by("-at", "-id")
    if action:
        queryset = queryset.filter(action=action)
    if actor_id:
        queryset = queryset.filter(actor_id=actor_id)
    if record_type:
        queryset = queryset.filter(object_type=record_type)
    if record_id:
        queryset = queryset.filter(object_id=record_id)
    zone = timezone.get_current_timezone()
    if date_from:
        queryset = queryset.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, zone))
    if date_to:
        after = date_to + dt.timedelta(days=1)
        queryset = queryset.filter(at__lt=dt.datetime.combine(after, dt.time.min, zone))
    return queryset


def people_named(user, entries: Iterable[AuditLog]) -> dict[str, str]:
    """{user id: full name} for the people a page of entries names in its changes (a lead
    reviewer, who recorded something): one query for the page."""
    ids = set()
    for entry in entries:
        model = _any_model(entry.object_type)
        if model is None:
            continue
        for name in _person_fields(model):
            ids.update(_ids_in((entry.changes or {}).get(name)))
            for state in ("after", "before"):
                ids.update(_ids_in(((entry.changes or {}).get(state) or {}).get(name)))
    if not ids:
        return {}
    people = in_partnership(User.objects.filter(pk__in=ids), user)
    return {str(p.pk): p.get_full_name() or p.username for p in people}


def _ids_in(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if v not in (None, "") and str(v).isdigit()]


def _any_model(label: str):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _person_fields(model) -> list[str]:
    return [
        f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is User
    ]


def audit_people(user) -> QuerySet[User]:
    """The partnership's people, to filter the log by who did something."""
    return in_partnership(User.objects.all(), user).order_by("last_name", "first_name", "username")


def _model(label: str):
    try:
        model = apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None
    if model is None or not hasattr(model, "reach"):
        return None
    return model if reach_of(model).hangs_off_a_review else None


def hidden_entry_ids(user, entries: Iterable[AuditLog]) -> set[int]:
    """The entries whose content the user may not read: about a record of a restricted review
    that does not name them.

    An entry names its review (AuditLog.review) when the record hung off one as it was written;
    an entry written before that (a referral recorded before its decision made the review) is
    judged by where its record hangs now. A record that hangs off reviews but is gone is hidden.
    """
    entries = list(entries)
    hidden = set(hidden_review_ids(Review, user))
    if not hidden:
        return set()
    result = {e.pk for e in entries if e.review_id in hidden}
    pending: dict[type, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        model = _model(entry.object_type) if entry.review_id is None else None
        if model is not None:
            pending[model][entry.object_id].append(entry.pk)
    for model, by_object in pending.items():
        keys = [k for k in by_object if k.isdigit()]
        found = {str(obj.pk): obj for obj in model._default_manager.filter(pk__in=keys)}
        for object_id, entry_ids in by_object.items():
            obj = found.get(object_id)
            if obj is None or any(r.pk in hidden for r in reach_reviews(obj)):
                result.update(entry_ids)
    return result
