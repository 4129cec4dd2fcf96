"""Work done once per page view.

A page built of panels asks some questions more than once: the dashboard's events panel and its
"What falls due" panel both want the person's follow-ups; every scoped list wants the user's
hidden restricted reviews (core.scoping). Within `page_view_memo()` (entered for each GET and
HEAD by core.middleware.OncePerPageView) the first answer is kept for the rest of the view.

Only reads are memoised, and only within one GET or HEAD: a POST may change the answers and
then read them again, and a command or a job has no memo at all, so they always read afresh.
A memoised answer is shared between its callers: it must be a value they do not change (a
list they only read, a number, a frozen dataclass).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("per_view_memo", default=None)


@contextmanager
def page_view_memo() -> Iterator[None]:
    """Within this block, each question asked through `once_per_view` is answered once."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once_per_view(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute(), or its answer kept from earlier in this page view under `key` (which must
    name the question and everything the answer depends on: the function, the user, the day)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
