"""What agencies knew and shared, read from the merged entries (docs/adr/0033).

- **Significant events**: for each entry an agency marked significant, which of the agencies
  asked recorded the same event and which did not, among those working with the child then
  (with an entry within `INVOLVED_DAYS` either side): an agency not involved at the time is
  not expected to know. Another agency "recorded it" when one of
  its entries may fall within `SAME_EVENT_DAYS` of it and shares at least `SAME_EVENT_WORDS`
  content words with it (or is marked significant itself): a rule a reviewer can check by eye.
- **Gaps**, each of which the reviewer can turn into a finding:
  - a significant event some agencies asked have no record of (named, and whether it was said
    to be shared with them);
  - information recorded as not shared, or shared late (marked so, or shared more than
    `LATE_DAYS` after the event);
  - long silences: more than `SILENCE_DAYS` in the scope period with no agency seeing the child.
Pure Python over the entries: no queries here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from casereviews.core.presenters import format_date

SAME_EVENT_DAYS = 7
SAME_EVENT_WORDS = 2
LATE_DAYS = 7
SILENCE_DAYS = 90
INVOLVED_DAYS = 180
_WORD = re.compile(r"[a-z][a-z']{2,}")
STOP = frozenset(
    [
        "the",
        "and",
        "was",
        "were",
        "with",
        "for",
        "from",
        "that",
        "this",
        "into",
        "not",
        "had",
        "has",
        "have",
        "her",
        "his",
        "their",
        "they",
        "them",
        "she",
        "him",
        "but",
        "are",
        "our",
        "out",
        "who",
        "what",
        "when",
        "where",
        "which",
        "while",
        "about",
        "after",
        "before",
        "again",
        "also",
        "any",
        "been",
        "being",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
        "through",
        "very",
        "will",
        "would",
        "could",
        "should",
        "said",
        "told",
        "called",
        "seen",
        "saw",
        "visit",
        "visited",
        "child",
        "family",
        "home",
        "mother",
        "father",
        "parent",
        "parents",
        "staff",
        "worker",
    ]
)


@dataclass(frozen=True)
class SignificantEvent:
    entry: object  # the ChronologyEntry marked significant
    recorded_by: list  # agencies (the entry's own first)
    not_recorded_by: list  # agencies working with the child then that have no record of it
    matches: list  # the other agencies' entries taken to be the same event


@dataclass(frozen=True)
class Gap:
    key: str  # stable, for "already a finding"
    kind: str  # "unrecorded", "not_shared", "late", "silence"
    title: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    agencies: list = field(default_factory=list)


KIND_LABELS = {
    "unrecorded": "Not known to every agency",
    "not_shared": "Not shared",
    "late": "Shared late",
    "silence": "No agency saw the child",
}


def _words(entry) -> frozenset[str]:
    text = f"{entry.event} {entry.known}".lower()
    return frozenset(w for w in _WORD.findall(text) if w not in STOP)


def _name(agency) -> str:
    return agency.short_name or agency.name


def _mentions(text: str, agency) -> bool:
    text = f" {text.lower()} "
    return any(
        re.search(rf"(?<![a-z]){re.escape(n.lower())}(?![a-z])", text)
        for n in (agency.name, agency.short_name)
        if n
    )


def significant_events(entries: Sequence, agencies: Sequence) -> list[SignificantEvent]:
    """Each significant entry, with the agencies that recorded it and those that did not."""
    window = dt.timedelta(days=SAME_EVENT_DAYS)
    by_agency: dict[int, list] = {}
    for entry in sorted(entries, key=lambda e: e.starts_on):
        by_agency.setdefault(entry.agency_id, []).append(entry)
    starts = {key: [e.starts_on for e in rows] for key, rows in by_agency.items()}
    # How far back an entry of the agency can start and still reach a day: its longest span.
    longest = {
        key: max((e.latest_on - e.starts_on for e in rows), default=dt.timedelta(0))
        for key, rows in by_agency.items()
    }
    cache: dict[int, frozenset[str]] = {}

    def words(entry) -> frozenset[str]:
        if entry.pk not in cache:
            cache[entry.pk] = _words(entry)
        return cache[entry.pk]

    events = []
    for entry in entries:
        if not entry.significant:
            continue
        recorded, missing, matches = [entry.agency], [], []
        for agency in agencies:
            if agency.pk == entry.agency_id:
                continue
            rows = by_agency.get(agency.pk, [])
            first = bisect.bisect_left(
                starts.get(agency.pk, []),
                entry.starts_on - window - longest.get(agency.pk, dt.timedelta(0)),
            )
            last = bisect.bisect_right(starts.get(agency.pk, []), entry.latest_on + window)
            found = next(
                (
                    other
                    for other in rows[first:last]
                    if other.starts_on <= entry.latest_on + window
                    and other.latest_on >= entry.starts_on - window
                    and (other.significant or len(words(other) & words(entry)) >= SAME_EVENT_WORDS)
                ),
                None,
            )
            involved = dt.timedelta(days=INVOLVED_DAYS)
            around = bisect.bisect_right(
                starts.get(agency.pk, []), entry.latest_on + involved
            ) - bisect.bisect_left(starts.get(agency.pk, []), entry.starts_on - involved)
            if found is None and around:
                missing.append(agency)
            elif found is None:
                continue
            else:
                recorded.append(agency)
                matches.append(found)
        events.append(SignificantEvent(entry, recorded, missing, matches))
    return events


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def find_gaps(
    entries: Sequence, agencies: Sequence, scope_from: dt.date, scope_to: dt.date
) -> list[Gap]:
    """Every gap, in date order."""
    gaps: list[Gap] = []
    for event in significant_events(entries, agencies):
        if not event.not_recorded_by:
            continue
        entry = event.entry
        told = [a for a in event.not_recorded_by if _mentions(entry.shared_with, a)]
        names = ", ".join(_name(a) for a in event.not_recorded_by)
        text = (
            f"On {entry.when}, {_name(entry.agency)} recorded: {_short(entry.event).rstrip('.')}. "
            f"{names} {'has' if len(event.not_recorded_by) == 1 else 'have'} no record of it."
        )
        if told:
            text += (
                f" {_name(entry.agency)} recorded it as shared with "
                f"{', '.join(_name(a) for a in told)}, but the information did not reach "
                "their records: information sharing between agencies failed."
            )
        else:
            text += " The information was not shared with every agency working with the child."
        gaps.append(
            Gap(
                key=f"unrecorded:{entry.pk}",
                kind="unrecorded",
                title=f"{_short(entry.event, 60)} ({entry.when}) not known to {names}"[:200],
                description=text,
                starts_on=entry.starts_on,
                ends_on=entry.latest_on,
                agencies=list(event.not_recorded_by),
            )
        )
    late_after = dt.timedelta(days=LATE_DAYS)
    for entry in entries:
        late = entry.shared == "late" or (
            entry.shared == "shared"
            and entry.shared_on is not None
            and entry.shared_on - entry.latest_on > late_after
        )
        if entry.shared == "not_shared":
            kind, what = "not_shared", "was not shared"
        elif late:
            kind = "late"
            when = f" on {format_date(entry.shared_on)}" if entry.shared_on else ""
            what = f"was shared late{when}" + (
                f" with {entry.shared_with}" if entry.shared_with else ""
            )
        else:
            continue
        gaps.append(
            Gap(
                key=f"{kind}:{entry.pk}",
                kind=kind,
                title=f"{_name(entry.agency)}, {entry.when}: {what}"[:200],
                description=(
                    f"On {entry.when}, {_name(entry.agency)} knew: "
                    f"{_short(entry.known or entry.event, 300).rstrip('.')}. This information "
                    f"{what}; other agencies assessed the child without it."
                ),
                starts_on=entry.starts_on,
                ends_on=entry.latest_on,
                agencies=[entry.agency],
            )
        )
    gaps.extend(silences(entries, scope_from, scope_to))
    return sorted(gaps, key=lambda g: (g.starts_on, g.kind, g.key))


def silences(entries: Sequence, scope_from: dt.date, scope_to: dt.date) -> list[Gap]:
    """Stretches of more than SILENCE_DAYS in the scope period when no agency saw the child
    (an uncertain sighting ends a silence at its earliest possible day and the next silence
    starts from its latest one)."""
    stretches = []
    last = scope_from
    for entry in sorted((e for e in entries if e.child_seen), key=lambda e: e.starts_on):
        if entry.starts_on > last:
            stretches.append((last, entry.starts_on))
        last = max(last, entry.latest_on)
    if scope_to > last:
        stretches.append((last, scope_to))
    gaps = []
    for start, end in stretches:
        if (end - start).days > SILENCE_DAYS:
            gaps.append(
                Gap(
                    key=f"silence:{start.isoformat()}:{end.isoformat()}",
                    kind="silence",
                    title=f"No agency saw the child for {(end - start).days} days"[:200],
                    description=(
                        f"From {format_date(start)} to {format_date(end)} "
                        f"({(end - start).days} days) no agency recorded seeing the child. "
                        "The child was invisible to the professionals working with the family."
                    ),
                    starts_on=start,
                    ends_on=end,
                )
            )
    return gaps
