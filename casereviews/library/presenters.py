"""What the library's pages show: result rows, themes with their counts, a theme's loop."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse

from casereviews.core.presenters import format_date, pagination
from casereviews.core.reporting_year import ReportingYear
from casereviews.learning import themes
from casereviews.library.models import AgeGroup, Kind, SearchEntry
from casereviews.library.search import SearchPage


def result_row(result) -> dict[str, Any]:
    entry: SearchEntry = result.entry
    facts = [Kind(entry.kind).label]
    if entry.reporting_year:
        facts.append(ReportingYear(entry.reporting_year).label)
    if entry.age_group:
        facts.append(f"Child aged {AgeGroup(entry.age_group).label.lower()}")
    return {
        "href": entry.link,
        "title": entry.title,
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
    for theme_ids in entries.values_list("theme_ids", flat=True):
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
