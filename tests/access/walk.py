"""Every URL pattern of the project, from Django's resolver, filled with the world's real ids.

A pattern whose arguments the table below cannot fill fails the access test, so a new page is
covered by it or the test says which URL to add. The only patterns skipped are listed in SKIPS,
each with its reason.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from casereviews.audits.quality.markers import STAGES
from casereviews.briefings.models import NewsletterItemKind
from tests.access.world import ACCEPTED_THEME, OUR_MARKERS, THEIRS, World

QUALITY_STAGES = tuple(STAGES)

# Patterns not walked, by the start of their route, and why.
SKIPS = {
    "platform-admin/": "Django admin, superusers only: test_platform_admin_refuses_every_...",
    "accounts/sign-in/": "the sign-in page and its steps (password reset, single sign-on, the "
    "two-factor code) are for people not signed in yet (tests/core/test_sign_in.py, "
    "tests/accounts/test_single_sign_on.py, test_two_factor.py, test_password_reset.py)",
    "accounts/sign-out/": "signing out ends the walk's session (tests/core/test_sign_in.py)",
}
# Static files are served by WhiteNoise middleware, not by a URL pattern: nothing to skip.

# Extra query strings for pages whose content depends on them.
# The reporting year the world's records fall in (tests/access/world.py: DAY, 1 June 2026).
WORLD_YEAR = "?year=2025-26"
EXTRA_QUERIES = {
    "actions:export": ["?format=csv", "?format=xlsx"],
    "reports:annual": [WORLD_YEAR, "?year=2017-16"],
    "reports:annual_docx": [WORLD_YEAR],
    "reports:annual_pdf": [WORLD_YEAR],
    "reports:annual_json": [WORLD_YEAR],
    "reports:annual_narrative": [WORLD_YEAR],
    "subgroup:overview": [WORLD_YEAR],
    "referrals:list": ["?reporting_year=2025-26"],
    "reviews:register": ["?reporting_year=2025-26"],
    "portal:audit_log": [f"?page={n}" for n in range(2, 9)],
    "chronology:integrated": ["?view=anonymised"],
    "chronology:download": ["?view=anonymised"],
    "insights:overview": [WORLD_YEAR],
    # The library searches for every family's markers (lower case: the page repeats the query,
    # and the walk looks for the markers as written, so only a result can show one).
    "library:search": [f"?q={m.lower()}" for m in (*OUR_MARKERS, THEIRS)]
    + ["?q=finding+text&kind=finding", "?q=%22what+learned%22&page=2"],
}


GHOST_ID = 987654321  # an id no record has


@dataclass(frozen=True)
class Pattern:
    route: str  # "referrals/<int:referral_id>/edit/"
    name: str  # "referrals:edit"
    kwargs: tuple[str, ...]
    converters: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """One URL to request: a pattern filled with one family's ids."""

    url: str
    name: str
    family: str  # restricted, open, published, theirs, ours; "" when the URL carries no id
    labels: str  # what the ids are ("draft briefing")
    ghost: str = ""  # the same URL with ids that exist nowhere

    @property
    def twin_key(self) -> tuple[str, str, str]:
        """The same page of the same kind of record (a member compares restricted with open)."""
        return (self.name, self.labels, self.url.split("?", 1)[1] if "?" in self.url else "")

    @property
    def sensitive(self) -> bool:
        """Carries an id of a record only the restricted review's members may see."""
        return self.family == "restricted" and "published briefing" not in self.labels


def patterns(resolvers=None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    """All URL patterns, recursively through includes, with their full route."""
    found: list[Pattern] = []
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            inner = f"{namespace}:{ns}".strip(":") if ns else namespace
            found.extend(patterns(entry.url_patterns, route, inner))
        elif isinstance(entry, URLPattern):
            converters = entry.pattern.converters
            found.append(
                Pattern(
                    route=route,
                    name=f"{namespace}:{entry.name}".strip(":"),
                    kwargs=tuple(converters),
                    converters=tuple(type(c).__name__ for c in converters.values()),
                )
            )
    return found


def skipped(pattern: Pattern) -> str | None:
    return next((why for start, why in SKIPS.items() if pattern.route.startswith(start)), None)


class UnknownArgument(LookupError):
    pass


def _fill(route: str, values: dict[str, object]) -> str:
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def _combos(world: World, kwargs: tuple[str, ...]):
    """(family, labels, {kwarg: value}) for every family that holds all of `kwargs`."""
    names = set(kwargs)
    if names == {"newsletter_id", "item_id"}:
        for family, label, newsletter, item in world.newsletter_items:
            yield family, f"{label} item", {"newsletter_id": newsletter, "item_id": item}
        return
    if names == {"newsletter_id", "kind"}:
        for family in (world.ours, world.theirs_p):
            for label, pk in family.ids["newsletter_id"]:
                for kind in NewsletterItemKind.values:
                    yield family.name, f"{label} {kind}", {"newsletter_id": pk, "kind": kind}
        return
    if names == {"number"}:
        # A theme's number in the user's own partnership's framework, not a record id: every
        # partnership has a theme 1, so it belongs to no family (what the page shows is judged).
        for label, number in world.ours.ids["number"]:
            yield "", label, {"number": number}
        return
    if names == {"theme_id"}:
        # A theme of the taxonomy, not a record id: every partnership has them all. One the
        # world's findings have accepted (their pages list records), one they have not.
        yield "", "voice of the child theme", {"theme_id": "voice-of-child"}
        yield "", f"accepted theme {ACCEPTED_THEME}", {"theme_id": ACCEPTED_THEME}
        return
    if names == {"section"}:
        # A section of the annual report, not a record id: every partnership has them all.
        yield "", "introduction section", {"section": "introduction"}
        return
    if names == {"table"}:
        # A table of the analysis across reviews: what it counts is judged by the walk.
        for table in ("prevalence", "trend", "toxic-trio", "agencies"):
            yield "", f"{table} table", {"table": table}
        return
    if names == {"audit_id", "number"}:
        for family, label, audit_id, number in world.audit_themes:
            yield family, label, {"audit_id": audit_id, "number": number}
        return
    if names == {"audit_id", "kind"}:
        for family in (world.ours, world.theirs_p):
            for label, pk in family.ids["audit_id"]:
                for kind in ("pdf", "docx", "json"):
                    yield family.name, f"{label} {kind}", {"audit_id": pk, "kind": kind}
        return
    if names == {"joint_id", "kind"}:
        for family in (world.ours, world.theirs_p):
            for label, pk in family.ids["joint_id"]:
                for kind in ("pdf", "docx"):
                    yield family.name, f"{label} {kind}", {"joint_id": pk, "kind": kind}
        return
    if names == {"joint_id", "number"}:
        # Theme 3 of each joint audit: the agreed one's has agreed actions to raise.
        for family in (world.ours, world.theirs_p):
            for label, pk in family.ids["joint_id"]:
                yield family.name, f"{label} theme 3", {"joint_id": pk, "number": 3}
        return
    if names == {"event_id", "booking_id"}:
        for family in world.families:
            if "booking_id" in family.ids:
                (_, event_id), (label, booking_id) = (
                    family.ids["event_id"][0],
                    family.ids["booking_id"][0],
                )
                yield family.name, label, {"event_id": event_id, "booking_id": booking_id}
        return
    if names == {"review_id", "stage"}:
        for family in world.families:
            for label, pk in family.ids["review_id"]:
                for stage in QUALITY_STAGES:
                    yield family.name, f"{label} {stage}", {"review_id": pk, "stage": stage}
        return
    if names == {"request_id", "entry_id"}:
        for family, label, request_id, entry_id in world.chronology_entries:
            yield family, label, {"request_id": request_id, "entry_id": entry_id}
        return
    if names == {"chronology_id", "fmt"}:
        for family in world.families:
            for label, pk in family.ids.get("chronology_id", []):
                for fmt in ("docx", "xlsx", "summary"):
                    yield family.name, f"{label} {fmt}", {"chronology_id": pk, "fmt": fmt}
        return
    if len(names) > 1:
        raise UnknownArgument(f"no combination of {sorted(names)}")
    (kwarg,) = names
    holders = [f for f in (*world.families, world.ours, world.theirs_p) if kwarg in f.ids]
    if not holders:
        raise UnknownArgument(kwarg)
    for family in holders:
        for label, pk in family.ids[kwarg]:
            yield family.name, label, {kwarg: pk}


def targets(world: World) -> tuple[list[Target], list[str], list[str]]:
    """(targets, patterns that could not be filled (a failure), patterns skipped with why)."""
    found: list[Target] = []
    unknown: list[str] = []
    skips: list[str] = []
    for pattern in patterns():
        why = skipped(pattern)
        if why:
            skips.append(f"/{pattern.route} ({pattern.name}): {why}")
            continue
        queries = ["", *EXTRA_QUERIES.get(pattern.name, [])]
        if not pattern.kwargs:
            found.extend(Target(f"/{pattern.route}{q}", pattern.name, "", "") for q in queries)
            continue
        try:
            combos = list(_combos(world, pattern.kwargs))
        except UnknownArgument as exc:
            unknown.append(
                f"/{pattern.route} ({pattern.name}): the access test cannot fill {exc}; add "
                "it to tests/access/walk.py (_combos) and the world (tests/access/world.py)"
            )
            continue
        for (family, labels, values), q in itertools.product(combos, queries):
            ghost = {k: GHOST_ID if isinstance(v, int) else v for k, v in values.items()}
            found.append(
                Target(
                    f"/{_fill(pattern.route, values)}{q}",
                    pattern.name,
                    family,
                    labels,
                    f"/{_fill(pattern.route, ghost)}{q}",
                )
            )
    return found, unknown, skips
