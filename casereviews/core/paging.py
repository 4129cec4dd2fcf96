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
from django.db.models import Case, Expression, F, IntegerField, OrderBy, QuerySet, Value, When

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
