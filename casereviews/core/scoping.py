"""Partnership scoping and the restricted-review rule, derived from one declaration per model.

Each model of sensitive records says once how it reaches its partnership and the review it hangs
off (docs/adr/0013):

    class Finding(ScopedModel):
        reach = Reach(partnership="review__partnership", reviews="review")

and everything else is derived from that:

- `in_reach(queryset, user)`: only the rows of the user's partnership whose review the user may
  see (a restricted review: its named members only). `Finding.objects.in_reach(user)` says the
  same for a model built on `ScopedModel`.
- `in_partnership(queryset, user)`: the partnership alone, for records that hang off no review
  (agencies, users, newsletters); refused for a model that does hang off one.
- `obj.partnership_id`, `obj.partnership` and `reach_review_ids(obj)` for one record.

A review is "hidden" from a user when it is restricted and does not name them; a row is in
reach when none of its reviews is hidden. The rule is written as `NOT IN (hidden reviews)`, so a
nullable path (a tag on a finding or on a report) and a path to many reviews (a referral) both
mean what they say, and no row is repeated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from casereviews.core.per_view import once_per_view

# The path that means "this row is itself a review".
SELF = "self"


def _paths(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Reach:
    """How rows of a model reach their partnership and their review (Django lookup paths).

    `partnership`: the path to the Partnership foreign key ("partnership", "review__partnership"),
    or several when a row reaches it one way or another (a tag on a finding or on a report).
    `reviews`: the path(s) to the review the row hangs off: SELF for a review, "" or () for a
    record that hangs off no review.
    `open_when`: rows that every user of the partnership may see even when their review is
    restricted (a published briefing: docs/adr/0013), or None.
    """

    partnership: str | tuple[str, ...]
    reviews: str | tuple[str, ...] = ()
    open_when: Q | None = field(default=None, compare=False)

    @property
    def partnership_paths(self) -> tuple[str, ...]:
        return _paths(self.partnership)

    @property
    def review_paths(self) -> tuple[str, ...]:
        return tuple(p for p in _paths(self.reviews) if p)

    @property
    def hangs_off_a_review(self) -> bool:
        return bool(self.review_paths)


def reach_of(model: type[Model]) -> Reach:
    reach = getattr(model, "reach", None)
    if not isinstance(reach, Reach):
        raise ImproperlyConfigured(
            f"{model.__name__} declares no `reach`: say how it reaches its partnership "
            "(core.scoping.Reach) before querying it for a user"
        )
    return reach


def _partnership_of_user(user) -> int | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "partnership_id", None)


def _partnership_q(reach: Reach, partnership_id: int) -> Q:
    q = Q()
    for path in reach.partnership_paths:
        q |= Q(**{f"{path}_id": partnership_id})
    return q


def _model_at(model: type[Model], path: str) -> type[Model]:
    """The model a lookup path leads to (`recommendation__review` from Action: Review)."""
    if path == SELF:
        return model
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def hidden_review_ids(review_model: type[Model], user) -> list[int]:
    """Ids of the reviews the user may not see: restricted, and not naming the user.

    Only the user's own partnership's: every row in reach is of that partnership and hangs off
    its reviews (a service never links a record to another partnership's review), so it is a
    handful, not a scan of the nation's (issue 13). Given to the rule as literal values, the
    database excludes them by their keys; given as a subquery, PostgreSQL's planner walked every
    review of the nation to join them to referrals (47 ms of a 107 ms page at national scale)."""
    return once_per_view(
        ("hidden_review_ids", review_model._meta.label, getattr(user, "pk", None)),
        lambda: list(
            review_model._default_manager.filter(
                partnership_id=_partnership_of_user(user), restricted=True
            )
            .exclude(restricted_members=user.pk)
            .values_list("pk", flat=True)
        ),
    )


def restricted_rule(model: type[Model], user) -> Q:
    """Rows none of whose reviews is hidden from the user (plus those open to everyone)."""
    reach = reach_of(model)
    rule = Q()
    for path in reach.review_paths:
        hidden = hidden_review_ids(_model_at(model, path), user)
        if hidden:  # most users see every review: no rule at all
            rule &= _none_hidden(model, path, hidden)
    if reach.open_when is not None and rule:
        rule |= reach.open_when
    return rule


def _none_hidden(model: type[Model], path: str, hidden: list[int]) -> Q:
    """Rows whose review at `path` is not one of `hidden`.

    Through a foreign key (an action's `recommendation__review`), the rule names the few linked
    rows that hang off a hidden review (`recommendation IN (recommendations of the hidden
    reviews)`, found through the review's index) instead of joining the linked table: joined, the
    nation's recommendations were hashed on every action query (issue 13)."""
    if path == SELF:
        return ~Q(pk__in=hidden)
    first, _, rest = path.partition("__")
    field = model._meta.get_field(first)
    if rest and field.many_to_one:
        linked = field.related_model._default_manager.filter(**{f"{rest}__in": hidden})
        return ~Q(**{f"{first}__in": linked.values("pk")})
    if not rest and field.one_to_many:
        # A row many reviews point at (a referral and the reviews decided on it): the hidden
        # reviews' own pointers, read by their keys. Joined the other way, PostgreSQL walked
        # every review of the nation by its referral (issue 13). Empty pointers are left out:
        # one NULL in a NOT IN list would hide every row.
        pointer = field.field.attname
        holders = field.related_model._default_manager.filter(
            pk__in=hidden, **{f"{pointer}__isnull": False}
        )
        return ~Q(pk__in=holders.values(pointer))
    return ~Q(**{f"{path}__in": hidden})


def in_reach(queryset: QuerySet, user) -> QuerySet:
    """The rows of the user's partnership whose review the user may see; nothing for a user
    without a partnership (or nobody signed in)."""
    reach = reach_of(queryset.model)
    partnership_id = _partnership_of_user(user)
    if partnership_id is None:
        return queryset.none()
    queryset = queryset.filter(_partnership_q(reach, partnership_id))
    if reach.hangs_off_a_review:
        queryset = queryset.filter(restricted_rule(queryset.model, user))
    return queryset


def in_partnership(queryset: QuerySet, user) -> QuerySet:
    """The rows of the user's partnership, for a model that hangs off no review.

    A model that hangs off a review must go through `in_reach`, so that no selector can forget
    the restricted-review rule.
    """
    if reach_of(queryset.model).hangs_off_a_review:
        raise ImproperlyConfigured(
            f"{queryset.model.__name__} hangs off a review: scope it with in_reach(), which "
            "also applies the restricted-review rule"
        )
    return in_reach(queryset, user)


def in_whole_partnership(queryset: QuerySet, partnership_id: int) -> QuerySet:
    """Every row of one partnership, restricted reviews' included: for the business unit's own
    records made on the command line (exports, the annual report), never for a signed-in user."""
    return queryset.filter(_partnership_q(reach_of(queryset.model), partnership_id))


def get_in_reach_or_404(queryset: QuerySet, user, **lookup: Any) -> Model:
    """One record the user may reach, or 404: another partnership's is "not found"."""
    try:
        return in_reach(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _follow(obj: Model, path: str) -> Any:
    """The value at a lookup path from one record (None where a nullable link is empty)."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def partnership_id_of(obj: Model) -> int | None:
    for path in reach_of(type(obj)).partnership_paths:
        *links, last = path.split("__")
        holder = _follow(obj, "__".join(links)) if links else obj
        if holder is not None:
            return getattr(holder, f"{last}_id")
    return None


def reach_reviews(obj: Model) -> list[Model]:
    """The reviews a record hangs off (none for a record that hangs off no review)."""
    found: list[Model] = []
    for path in reach_of(type(obj)).review_paths:
        if path == SELF:
            found.append(obj)
            continue
        *links, last = path.split("__")
        holder = _follow(obj, "__".join(links)) if links else obj
        if holder is None:
            continue
        related = getattr(holder, last)
        if isinstance(related, models.Manager):
            found.extend(related.all())
        elif related is not None:
            found.append(related)
    return found


def review_hidden_from(user, review: Model) -> bool:
    """Restricted, and not naming the user among its members."""
    return bool(review.restricted) and not review.restricted_members.filter(pk=user.pk).exists()


def may_see(user, obj: Model) -> bool:
    """The one-record form of the restricted-review rule: none of its reviews is hidden."""
    return not any(review_hidden_from(user, review) for review in reach_reviews(obj))


class ScopedQuerySet(models.QuerySet):
    def in_reach(self, user) -> ScopedQuerySet:
        return in_reach(self, user)

    def in_partnership(self, user) -> ScopedQuerySet:
        return in_partnership(self, user)


class ScopedModel(models.Model):
    """A model of sensitive records: declares `reach` and gets scoped querysets and
    `partnership_id` / `partnership` derived from it."""

    reach: ClassVar[Reach]

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def partnership_id(self) -> int | None:
        return partnership_id_of(self)

    @property
    def partnership(self):
        *links, last = reach_of(type(self)).partnership_paths[0].split("__")
        holder = _follow(self, "__".join(links)) if links else self
        return getattr(holder, last) if holder is not None else None
