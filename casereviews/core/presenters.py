"""Small formatting helpers shared by every template and export."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.utils import timezone
from markupsafe import Markup, escape


def format_date(value: dt.date | None, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: dt.datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def lines_html(text: str) -> Markup:
    """Free text for a GOV.UK macro's `html`, escaped, its line breaks kept as <br> (bullets
    pasted from Word stay one a line)."""
    return Markup("<br>").join(escape(line) for line in (text or "").splitlines())


def yes_no(value: bool | None) -> str:
    return "Yes" if value else "No"


def format_age(
    years: int | None = None,
    months: int | None = None,
    weeks: int | None = None,
    *,
    unborn: bool = False,
    various: bool = False,
) -> str:
    """An age as reviews write it: '12 yrs', '1 yr 11 mths', '6 wks', 'Unborn', 'Various'."""
    if unborn:
        return "Unborn"
    if various:
        return "Various"
    parts = []
    if years:
        parts.append(f"{years} yr" + ("s" if years != 1 else ""))
    if months:
        parts.append(f"{months} mth" + ("s" if months != 1 else ""))
    if weeks and not years:
        parts.append(f"{weeks} wk" + ("s" if weeks != 1 else ""))
    if not parts:
        return "Under 1 mth" if years == 0 or months == 0 else "Not recorded"
    return " ".join(parts)


KEPT_BESIDE = (
    "Your entries are still below, and the values now saved are shown beside them: check them, "
    "then save again."
)


def stale_message(
    subject: str, who: str | None, at: dt.datetime | None, advice: str = KEPT_BESIDE
) -> str:
    """Why a save was refused (core.concurrency): who changed the record and when, if known.

    "This review was changed by Alex Morgan on 3 March 2026 at 10:04 since you opened it. Your
    changes have not been saved. <advice>"
    """
    when = f" on {format_datetime(at)}" if at else ""
    return (
        f"{subject} was changed by {who or 'someone else'}{when} since you opened it. "
        f"Your changes have not been saved. {advice}"
    )


def pagination(page: Page, filters: dict[str, str], label: str = "Pages") -> dict[str, Any] | None:
    """govukPagination parameters, keeping the filters in every link."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None

    def href(number: int) -> str:
        return "?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": number})

    items: list[dict[str, Any]] = []
    last_shown = 0
    for number in paginator.page_range:
        near = abs(number - page.number) <= 1
        if number in (1, paginator.num_pages) or near:
            if last_shown and number - last_shown > 1:
                items.append({"ellipsis": True})
            items.append({"number": number, "href": href(number), "current": number == page.number})
            last_shown = number
    return {
        "items": items,
        "previous": {"href": href(page.number - 1)} if page.has_previous() else None,
        "next": {"href": href(page.number + 1)} if page.has_next() else None,
        "landmarkLabel": label,
    }
