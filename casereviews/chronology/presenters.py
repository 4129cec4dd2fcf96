"""What the chronology pages and documents show: entries in the named or the anonymised view.

The anonymised view is for anything that leaves the panel: the people in it by role or
pseudonym only, and every text put through the anonymisation check
(casereviews.briefings.anonymise); whatever it finds is replaced by its marker ("[name
removed]"). Who added an entry (a member of staff) is shown in the named view only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from casereviews.briefings.anonymise import find_personal_details, redact
from casereviews.chronology.dates import describe
from casereviews.chronology.models import Shared
from casereviews.core.presenters import format_date
from casereviews.reviews import learning_panel

TEXTS = ("source", "event", "people", "known", "done", "shared_with")
STATUS_TAGS = {
    "sent": ("Sent", "govuk-tag--green"),
    "sent_late": ("Sent late", "govuk-tag--yellow"),
    "overdue": ("Overdue", "govuk-tag--red"),
    "awaiting": ("Awaiting", "govuk-tag--grey"),
}


def review_row(review, user) -> dict[str, Any] | None:
    """The review page's "Chronology" row (reviews.learning_panel)."""
    from casereviews.chronology import selectors
    from casereviews.chronology.permissions import ChronologyPermission

    chronology = selectors.chronology_of(user, review)
    if chronology is None:
        if not user.has_perm(ChronologyPermission.START, review):
            return None
        value = "Not started"
    elif not user.has_perm(ChronologyPermission.VIEW, chronology):
        return None
    else:
        asked = chronology.requests.count()
        sent = chronology.requests.filter(sent_at__isnull=False).count()
        value = f"{sent} of {learning_panel.count(asked, 'agency', 'agencies')} sent"
        if chronology.merged:
            value += ", merged"
    return learning_panel.linked_row(
        "Multi-agency chronology",
        value,
        reverse("chronology:overview", args=[review.pk]),
        f"the chronology of {review.ref}",
    )


def status_tag(status: str) -> dict[str, str]:
    text, classes = STATUS_TAGS[status]
    return {"text": text, "classes": classes}


@dataclass(frozen=True)
class Shown:
    """One entry as a view shows it."""

    entry: Any
    date: str
    uncertain: bool
    time: str
    agency: str
    source: str
    event: str
    people: str
    known: str
    done: str
    shared: str
    added_by: str


class Anonymiser:
    """The anonymisation check over a chronology's texts, keeping what is never personal here:
    the agencies' names, the partnership's, and the child's pseudonym."""

    def __init__(self, chronology, agencies) -> None:
        names = [chronology.child, chronology.review.partnership.name, chronology.review.ref]
        for agency in agencies:
            names += [agency.name, agency.short_name]
        self.allowed = [n for n in names if n]
        self.removed = 0

    def __call__(self, text: str) -> str:
        if not text:
            return text
        found = find_personal_details(text, self.allowed)
        if not found:
            return text
        self.removed += len(found)
        return redact(text, self.allowed)


def shared_text(entry, clean=lambda t: t) -> str:
    label = Shared(entry.shared).label if entry.shared else "Not recorded"
    if entry.shared_with:
        label += f" with {clean(entry.shared_with)}"
    if entry.shared_on:
        label += f" on {format_date(entry.shared_on)}"
    return label


def show(entries, anonymiser: Anonymiser | None = None) -> list[Shown]:
    """The entries as the named view (anonymiser None) or the anonymised view shows them."""
    clean = anonymiser or (lambda text: text)
    shown = []
    for entry in entries:
        shown.append(
            Shown(
                entry=entry,
                date=describe(entry.when, entry.precision, entry.approximate)
                + (f" to {entry.ends}" if entry.ends else ""),
                uncertain=entry.precision != "day" or entry.approximate,
                time=entry.time.strftime("%H:%M") if entry.time else "",
                agency=entry.agency.name,
                source=clean(entry.source),
                event=clean(entry.event),
                people=clean(entry.people),
                known=clean(entry.known),
                done=clean(entry.done),
                shared=shared_text(entry, clean),
                added_by="" if anonymiser else _person(entry.added_by),
            )
        )
    return shown


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


COLUMNS = (
    "Date",
    "Time",
    "Agency",
    "Source of information",
    "Event",
    "Who was involved",
    "What was known",
    "What was done",
    "Shared",
)


def cells(row: Shown, named: bool) -> list[str]:
    values = [
        row.date,
        row.time,
        row.agency,
        row.source,
        row.event,
        row.people,
        row.known,
        row.done,
        row.shared,
    ]
    return [*values, row.added_by] if named else values


def columns(named: bool) -> tuple[str, ...]:
    return (*COLUMNS, "Added by") if named else COLUMNS
