"""What the library's pages show: result rows, themes with their counts, a theme's loop."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import urlencode

from casereviews.actions.presenters import action_row
from casereviews.actions.selectors import actions_answering
from casereviews.core.presenters import format_date, pagination
from casereviews.core.reporting_year import ReportingYear
from casereviews.learning import themes
from casereviews.library import selectors
from casereviews.library.models import AgeGroup, Kind, SearchEntry
from casereviews.library.search import SearchPage


def result_row(result, query: str = "") -> dict[str, Any]:
    """One result. A report's page says which ("Page 12 of ..."); the last page listed of a
    report links to the others that match."""
    entry: SearchEntry = result.entry
    facts = [Kind(entry.kind).label]
    if entry.reporting_year:
        facts.append(ReportingYear(entry.reporting_year).label)
    if entry.age_group:
        facts.append(f"Child aged {AgeGroup(entry.age_group).label.lower()}")
    more = ""
    if result.more:
        more = reverse("library:search") + "?" + urlencode({"q": query, "report": entry.record_id})
    return {
        "href": entry.link,
        "title": f"{entry.part_label} of {entry.title}" if entry.part else entry.title,
        "more": result.more,
        "more_href": more,
        "more_label": f"{result.more} more {'page' if entry.part_is_page else 'passage'}"
        + ("s" if result.more != 1 else ""),
        "kind": Kind(entry.kind).label,
        "facts": " · ".join(facts),
        "snippet": result.snippet,
        "themes": [themes.theme_name(t) for t in entry.themes],
        "date": format_date(entry.dated) if entry.dated else "",
    }


def pages(found: SearchPage, query: dict[str, str]) -> dict[str, Any] | None:
    """govukPagination parameters for the result pages, keeping the query and filters."""
    if not found.total:
        return None
    paginator = Paginator(range(found.total), found.per_page)
    current = paginator.get_page(found.page)
    return pagination(current, query, "Result pages")


def theme_rows(entries) -> list[dict[str, Any]]:
    """(theme, how many records) for the accepted themes of the entries, most first."""
    counts: Counter[str] = Counter()
    for theme_ids in selectors.whole_records(entries).values_list("theme_ids", flat=True):
        counts.update(theme_ids.split())
    return [
        {
            "name": themes.theme_name(theme_id),
            "count": count,
            "href": reverse("library:theme", args=[theme_id]),
        }
        for theme_id, count in sorted(
            counts.items(), key=lambda i: (-i[1], themes.theme_name(i[0]))
        )
    ]


def entry_row(entry: SearchEntry) -> dict[str, Any]:
    return {
        "href": entry.link,
        "title": entry.title,
        "text": entry.body[:400] + ("…" if len(entry.body) > 400 else ""),
        "date": format_date(entry.dated) if entry.dated else "",
    }


def recommendation_rows(
    user, entries: list[SearchEntry], today: dt.date, can_open: bool
) -> list[dict[str, Any]]:
    """A theme's recommendations, each with the actions that answer it and their RAG status:
    the loop from what reviews recommended to what has been done. `can_open`: whether the
    user may open an action's page (its evidence), else its row is text."""
    answering: dict[int, list[dict[str, Any]]] = {}
    for action in actions_answering(user, [e.record_id for e in entries]):
        answering.setdefault(action.recommendation_id, []).append(action_row(action, today))
    return [
        {**entry_row(entry), "actions": answering.get(entry.record_id, []), "can_open": can_open}
        for entry in entries
    ]
