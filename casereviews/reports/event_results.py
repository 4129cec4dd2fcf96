"""Level 4 (results) of events from the case audits (F9 with F10): after an event, were the
problems of its themes found addressed in the cases practitioners audited?

An event's themes are taxonomy ids; an audit theme carries the taxonomy ids it covers. A
completed (or signed-off) case audit dated after an event, up to the last day counted, answers
for the event when it judged one of the event's themes. Its judgements are its grades: of the
themes evident in the case, how many were addressed. Read as the signed-in user (core.scoping):
whoever may not open an audit does not have it counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from casereviews.audits.models import EVIDENT, AuditAnswer, AuditStatus, Judgement
from casereviews.core.scoping import in_reach
from casereviews.events.reporting import EventSummary

Read = Callable[[QuerySet], QuerySet]


@dataclass(frozen=True)
class AuditResults:
    audits: int  # case audits judging one of the events' themes after the event
    judged: int  # their answers on those themes
    evident: int  # the theme's problem was evident in the case
    addressed: int  # ... and addressed


def audits_after(events: Sequence[EventSummary], read: Read, until: dt.date) -> AuditResults:
    """The case audits on the events' themes dated after the event (each audit once, each of
    its themes once), up to `until`. `read` scopes a queryset to whose eyes read."""
    dated = [
        (timezone.localtime(e.starts_at).date(), {theme for theme, _name in e.themes})
        for e in events
        if e.themes
    ]
    if not dated:
        return AuditResults(0, 0, 0, 0)
    first = min(day for day, _themes in dated)
    answers = (
        read(AuditAnswer.objects.all())
        .filter(
            audit__status__in=[AuditStatus.COMPLETED, AuditStatus.SIGNED_OFF],
            audit__audit_date__gt=first,
            audit__audit_date__lte=until,
        )
        .exclude(judgement="")
        .values_list(
            "audit_id", "audit__audit_date", "theme_id", "theme__taxonomy_ids", "judgement"
        )
    )
    audits: set[int] = set()
    seen: set[tuple[int, int]] = set()
    evident = addressed = 0
    for audit_id, audit_date, theme_id, taxonomy_ids, judgement in answers:
        covered = set(taxonomy_ids or ())
        if not any(day < audit_date and themes & covered for day, themes in dated):
            continue
        if (audit_id, theme_id) in seen:
            continue
        seen.add((audit_id, theme_id))
        audits.add(audit_id)
        if judgement in EVIDENT:
            evident += 1
            addressed += judgement == Judgement.EVIDENT_ADDRESSED
    return AuditResults(len(audits), len(seen), evident, addressed)


def sentence(events: Sequence[EventSummary], user, until: dt.date) -> str | None:
    """Level 4 in words for the event and year pages (events.results), read as `user`."""
    return sentence_read(events, lambda queryset: in_reach(queryset, user), until)


def sentence_read(events: Sequence[EventSummary], read: Read, until: dt.date) -> str | None:
    """Level 4 in words; the annual report reads through its own Reader."""
    if not any(e.themes for e in events):
        return None
    found = audits_after(events, read, until)
    since = "since the event" if len(events) == 1 else "since the events"
    if not found.audits:
        return f"No case audits on their themes have been completed {since}"
    audits = f"{found.audits} case audit{'' if found.audits == 1 else 's'}"
    if not found.evident:
        return f"{audits} on their themes {since}: the problems were not evident in the cases"
    return (
        f"{audits} on their themes {since}: where the problem was evident, "
        f"{found.addressed} of {found.evident} were addressed"
    )
