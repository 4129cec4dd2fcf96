"""One way to page and sort a list page in the database.

A page that lists everything (the register, referrals, escalation, the sharing tracker, the
audit log) hands its queryset to `listing()` with the columns it may be sorted by. The sort and
order come from the query string through a whitelist: an unknown or hostile value falls back to
the default, and a page number that is not a number gives page 1 (past the end, the last page),
never an error. The count is one aggregate query (the paginator's COUNT), the rows one LIMIT
query, so the number of queries does not grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Case, Expression, F, IntegerField, OrderBy, Q, QuerySet, Value, When

from casereviews.core.presenters import pagination

ORDERS = ("asc", "desc")


@dataclass(frozen=True)
class Sort:
    """A column the page may be sorted by: its heading and the fields (or expressions) that
    order it ascending; descending reverses each. An empty value sorts as the greatest (last
    ascending, first descending), on SQLite as on PostgreSQL."""

    label: str
    fields: tuple[str | Expression, ...]


@dataclass
class Listing:
    page: Page
    sort: str
    order: str
    pagination: dict[str, Any] | None
    headers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def rows(self) -> list:
        return list(self.page.object_list)


def by_label(field_name: str, choices) -> Case:
    """Order a choice field by what the page shows (its labels, A to Z), not its stored codes."""
    ranked = sorted(choices, key=lambda choice: str(choice[1]).lower())
    return Case(
        *(When(**{field_name: value}, then=Value(i)) for i, (value, _) in enumerate(ranked)),
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )


def _reversed(order: OrderBy) -> OrderBy:
    flipped = order.copy()
    flipped.reverse_ordering()
    return flipped


def _ordering(spec: Sort, descending: bool) -> list[Any]:
    result = []
    for item in spec.fields:
        if isinstance(item, OrderBy):  # a column that sorts its own way (descending, say)
            result.append(item.copy() if not descending else _reversed(item))
            continue
        expression = F(item) if isinstance(item, str) else item
        result.append(
            expression.desc(nulls_first=True) if descending else expression.asc(nulls_last=True)
        )
    return result


def page_number(params: Mapping[str, str]) -> int:
    """The page asked for: a whole number from 1, anything else page 1 (past the end, the
    paginator gives the last page)."""
    value = str(params.get("page", "") or "")
    if value.isascii() and value.isdigit() and 0 < len(value) < 10 and int(value) > 0:
        return int(value)
    return 1


def chosen_sort(params: Mapping[str, str], sorts: Mapping[str, Sort], default: str) -> str:
    value = params.get("sort", "")
    return value if value in sorts else default


def chosen_order(params: Mapping[str, str], default: str = "asc") -> str:
    value = params.get("order", "")
    return value if value in ORDERS else default


def sort_headers(
    sorts: Mapping[str, Sort], filters: Mapping[str, Any], sort: str, order: str
) -> list[dict[str, Any]]:
    """Column headings as links; the sorted one carries aria-sort and flips the order. A new
    sort starts again at page 1."""
    base = {k: v for k, v in filters.items() if v}
    headers = []
    for key, spec in sorts.items():
        current = key == sort
        next_order = "desc" if current and order == "asc" else "asc"
        headers.append(
            {
                "key": key,
                "label": spec.label,
                "href": "?" + urlencode({**base, "sort": key, "order": next_order}),
                "aria_sort": ("ascending" if order == "asc" else "descending") if current else None,
            }
        )
    return headers


def listing(
    queryset: QuerySet,
    params: Mapping[str, str],
    *,
    per_page: int,
    label: str,
    filters: Mapping[str, Any] | None = None,
    sorts: Mapping[str, Sort] | None = None,
    default_sort: str = "",
    default_order: str = "asc",
) -> Listing:
    """One page of `queryset`, sorted in the database by the whitelisted column the query
    string asks for; `filters` are kept in every page and heading link."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    sort, order = "", default_order
    if sorts:
        sort = chosen_sort(params, sorts, default_sort)
        order = chosen_order(params, default_order)
        queryset = queryset.order_by(
            *_ordering(sorts[sort], order == "desc"), "-pk" if order == "desc" else "pk"
        )
    elif not queryset.ordered:
        queryset = queryset.order_by("pk")
    current = Paginator(queryset, per_page).get_page(page_number(params))
    kept = {**filters, **({"sort": sort, "order": order} if sorts else {})}
    return Listing(
        page=current,
        sort=sort,
        order=order,
        pagination=pagination(current, kept, label),
        headers=sort_headers(sorts, filters, sort, order) if sorts else [],
    )


# --- a long log, newest first: numbered first pages, then "older"/"newer" from an entry ------


@dataclass
class Feed:
    """One page of a newest-first list: `number` is set on the numbered first pages and None
    on a page reached from an entry (`before`/`after`) or the oldest page. `total` is exact up
    to `cap` entries; past it `more` is True and the page says "more than `cap`"."""

    rows: list
    total: int
    cap: int
    number: int | None
    num_pages: int
    pagination: dict[str, Any] | None

    @property
    def more(self) -> bool:
        return self.total > self.cap


def entry_cursor(params: Mapping[str, str], name: str) -> int | None:
    """The entry a `before`/`after` link names: a whole number from 1, anything else None."""
    value = str(params.get(name, "") or "")
    if value.isascii() and value.isdigit() and 0 < len(value) < 19 and int(value) > 0:
        return int(value)
    return None


def feed(
    queryset: QuerySet,
    params: Mapping[str, str],
    *,
    time_field: str,
    per_page: int,
    numbered_pages: int,
    label: str,
    filters: Mapping[str, Any] | None = None,
) -> Feed:
    """Page `queryset` newest first by `time_field` (then pk), in the database, so that no page
    costs more than the first: the first `numbered_pages` pages by number (a short OFFSET),
    and past them "Older entries"/"Newer entries" links that name the last/first entry shown
    (keyset: `?before=<id>`, `?after=<id>`) and an "Oldest entries" page (`?oldest=1`). The
    count stops at `numbered_pages * per_page + 1`. A named entry that is not in `queryset`
    (another partnership's, filtered out, made up) or any other hostile value gives page 1."""
    kept = {k: v for k, v in (filters or {}).items() if v}
    newest = queryset.order_by(f"-{time_field}", "-pk")
    oldest = queryset.order_by(time_field, "pk")
    cap = numbered_pages * per_page
    total = queryset.order_by()[: cap + 1].count()  # no sort: any 501 rows tell "more than 500"
    num_pages = max(1, -(-min(total, cap) // per_page))

    def href(**extra: Any) -> str:
        return "?" + urlencode({**kept, **extra})

    def keyset(rows: list, newer: bool, older: bool) -> Feed:
        links: dict[str, Any] = {
            "items": [{"number": 1, "href": href(page=1)}, {"ellipsis": True}],
            "landmarkLabel": label,
        }
        if newer:
            links["previous"] = {"text": "Newer entries", "href": href(after=rows[0].pk)}
        if older:
            links["next"] = {"text": "Older entries", "href": href(before=rows[-1].pk)}
        return Feed(rows, total, cap, None, num_pages, links)

    if total > cap:
        before, after = entry_cursor(params, "before"), entry_cursor(params, "after")
        anchor_pk = before or after
        anchor = (
            newest.filter(pk=anchor_pk).values_list(time_field, "pk").first()
            if anchor_pk and not (before and after)
            else None
        )
        if anchor is not None:
            at, pk = anchor
            if before:
                after_anchor = Q(**{f"{time_field}__lte": at}) & (
                    Q(**{f"{time_field}__lt": at}) | Q(pk__lt=pk)
                )
                rows = list(newest.filter(after_anchor)[: per_page + 1])
                if rows:
                    return keyset(rows[:per_page], True, len(rows) > per_page)
                params = {"oldest": "1"}
            else:
                newer_than = Q(**{f"{time_field}__gte": at}) & (
                    Q(**{f"{time_field}__gt": at}) | Q(pk__gt=pk)
                )
                rows = list(oldest.filter(newer_than)[: per_page + 1])
                if len(rows) > per_page:
                    return keyset(list(reversed(rows[:per_page])), True, True)
                params = {}  # the newest entries: page 1
        if params.get("oldest") == "1":
            rows = list(reversed(oldest[:per_page]))
            return keyset(rows, True, False)

    paginator = Paginator(newest, per_page)
    paginator.count = min(total, cap)  # already counted: no second COUNT
    current = paginator.get_page(page_number(params))
    links = pagination(current, kept, label)
    if total > cap and links is not None:
        rows = list(current.object_list)
        links["items"].append({"ellipsis": True})
        if not current.has_next() and rows:
            links["next"] = {"text": "Older entries", "href": href(before=rows[-1].pk)}
        return Feed(rows, total, cap, current.number, num_pages, links)
    return Feed(list(current.object_list), total, cap, current.number, num_pages, links)


def oldest_href(filters: Mapping[str, Any]) -> str:
    """The link to a feed's oldest entries, keeping its filters."""
    return "?" + urlencode({**{k: v for k, v in filters.items() if v}, "oldest": 1})


def earliest(queryset: QuerySet, field_name: str, count: int, widen: Any = None) -> QuerySet:
    """The rows among the `count` earliest by a date field, and every row tied with the last of
    them: enough for a caller that orders by that date and then by something of its own (a
    panel's "the first few") to find the same first `count` rows as in the whole list. One query
    to find the edge, however many rows. `widen(day)` moves the edge to the last date that sorts
    with `day` when the caller's order is by a date worked out from this one (a clock's due day
    from its start). Nulls are left out."""
    rows = queryset.filter(**{f"{field_name}__isnull": False})
    edge = list(rows.order_by(field_name).values_list(field_name, flat=True)[count - 1 : count])
    if not edge:
        return rows  # fewer than `count` rows: all of them
    last = widen(edge[0]) if widen else edge[0]
    return rows.filter(**{f"{field_name}__lte": last})
