"""Where an action raised from outside a review came from, as a link back for those who may
follow it, given by the apps above actions (docs/adr/0013's registry pattern, docs/adr/0027).

`actions` sits below the apps that raise actions into the plan (case audits, self-assessments),
so it cannot look up their records. Each of them registers a link maker here when Django starts
(in its AppConfig.ready): given the plan's actions without a recommendation and the user, it
returns {action id: the page the action came from}, leaving out any page the user may not open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from casereviews.actions.models import Action

# (actions, user) -> {action id: href}; one query per source, however many actions.
LinkMaker = Callable[[list[Action], Any], dict[int, str]]

_makers: dict[str, LinkMaker] = {}


def register(name: str, maker: LinkMaker) -> None:
    """Add (or replace, so a reloaded app is not asked twice) the link maker called `name`."""
    _makers[name] = maker


def links(actions: Iterable[Action], user) -> dict[int, str]:
    """{action id: href back to where it came from} for the actions raised from outside a review
    that the user may follow back."""
    outside = [a for a in actions if a.recommendation_id is None]
    found: dict[int, str] = {}
    if not outside:
        return found
    for maker in _makers.values():
        found.update(maker(outside, user))
    return found
