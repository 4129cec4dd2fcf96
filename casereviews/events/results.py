"""Level 4 (results) of the evaluation, beyond the plan actions an event is linked to: what the
apps above events can say of the events' effect, given by them.

`events` and `audits` share a floor and may not import each other, so the case audits on an
event's themes after it are joined in `reports`, which registers a sentence maker here when
Django starts (its AppConfig.ready). The event and year pages ask for the sentences and show
whatever the installed apps give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from casereviews.events.reporting import EventSummary

# (the events, whose eyes read, the last day counted) -> a sentence, or None with nothing to say.
SentenceMaker = Callable[[Sequence[EventSummary], Any, dt.date], str | None]

_makers: dict[str, SentenceMaker] = {}


def register(name: str, maker: SentenceMaker) -> None:
    """Add (or replace, so a reloaded app is not counted twice) the maker called `name`."""
    _makers[name] = maker


def sentences(events: Sequence[EventSummary], user, until: dt.date) -> list[str]:
    held = [e for e in events if not e.cancelled]
    made = (maker(held, user, until) for _name, maker in sorted(_makers.items()))
    return [sentence for sentence in made if sentence]
