"""The review page's "Learning from RefNNN" rows, given by the apps above reviews.

`reviews` sits below findings, actions and briefings, so it cannot ask them for their counts.
Each of them registers a row maker here when Django starts (in its AppConfig.ready); the review
page asks for the rows and shows whatever the installed apps give, in their order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casereviews.reviews.models import Review

# (review, user) -> a govukSummaryList row, or None when the user may not see that stage.
RowMaker = Callable[[Review, Any], dict[str, Any] | None]

_makers: dict[str, tuple[int, RowMaker]] = {}


def register(name: str, order: int, maker: RowMaker) -> None:
    """Add (or replace, so a reloaded app is not counted twice) the row maker called `name`."""
    _makers[name] = (order, maker)


def rows(review: Review, user) -> list[dict[str, Any]]:
    made = (maker(review, user) for _, maker in sorted(_makers.values(), key=lambda m: m[0]))
    return [row for row in made if row is not None]


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def linked_row(key: str, value: str, href: str, hidden: str) -> dict[str, Any]:
    """A summary row whose action opens the stage's own page."""
    return {
        "key": {"text": key},
        "value": {"text": value},
        "actions": {"items": [{"href": href, "text": "Open", "visuallyHiddenText": hidden}]},
    }
