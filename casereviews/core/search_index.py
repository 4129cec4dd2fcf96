"""The learning library's index, kept current by the services that write records (no signals).

The write services of reviews, findings, reports, briefings, actions... sit below the library
in the layers, so they cannot import it. They call `index_record(obj)` / `remove_record(obj)`
here, on the ground floor; the library (docs/adr/0038) connects its indexer when Django starts.
With no library installed (a trimmed test set-up), the calls do nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_hooks: dict[str, Callable[..., None] | None] = {"index": None, "remove": None}


def connect(index: Callable[..., None], remove: Callable[[Any], None]) -> None:
    _hooks["index"], _hooks["remove"] = index, remove


def index_record(obj: Any, **extra: Any) -> None:
    """Write (or rewrite) the library entry of one record: in the caller's transaction."""
    hook = _hooks["index"]
    if hook is not None:
        hook(obj, **extra)


def remove_record(obj: Any) -> None:
    hook = _hooks["remove"]
    if hook is not None:
        hook(obj)
