"""`casereviews export chronology --review REF --partnership SLUG --format json|csv`: a review's
integrated chronology for scripts.

What leaves is the anonymised view (docs/adr/0033): anything that leaves the panel has people by
role or pseudonym only, every text put through the anonymisation check, and no member of
staff's name. One row (CSV) or object (JSON) an entry, in the integrated order; CSV cells are
neutralised against formulas. One audit entry says what left.
"""

from __future__ import annotations

import csv
import io
import json

from django.core.management.base import CommandError

from casereviews.chronology.models import Chronology, ChronologyEntry
from casereviews.chronology.presenters import Anonymiser
from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.spreadsheets import safe_cell

COLUMNS = [
    "review",
    "agency",
    "date",
    "precision",
    "approximate",
    "earliest_day",
    "latest_day",
    "time",
    "end_date",
    "source",
    "event",
    "people",
    "known",
    "done",
    "shared",
    "shared_with",
    "shared_on",
    "child_seen",
    "significant",
]


def records(chronology: Chronology) -> list[dict]:
    entries = list(
        ChronologyEntry.objects.filter(chronology=chronology)
        .select_related("agency")
        .order_by("starts_on", "time", "agency__name", "id")
    )
    clean = Anonymiser(chronology, {e.agency for e in entries})
    return [
        {
            "review": chronology.review.ref,
            "agency": e.agency.name,
            "date": e.when,
            "precision": e.precision,
            "approximate": e.approximate,
            "earliest_day": e.starts_on.isoformat(),
            "latest_day": e.latest_on.isoformat(),
            "time": e.time.strftime("%H:%M") if e.time else "",
            "end_date": e.ends,
            "source": clean(e.source),
            "event": clean(e.event),
            "people": clean(e.people),
            "known": clean(e.known),
            "done": clean(e.done),
            "shared": e.shared,
            "shared_with": clean(e.shared_with),
            "shared_on": e.shared_on.isoformat() if e.shared_on else "",
            "child_seen": e.child_seen,
            "significant": e.significant,
        }
        for e in entries
    ]


def export(fmt: str, partnership, actor, review_ref: str | None) -> str:
    if not review_ref:
        raise CommandError("Say which review's chronology: --review REF (for example Ref053).")
    chronology = (
        Chronology.objects.filter(
            review__partnership=partnership, review__ref__iexact=review_ref.strip()
        )
        .select_related("review", "review__partnership")
        .first()
    )
    if chronology is None:
        raise CommandError(f"{partnership.slug} has no chronology of a review {review_ref}.")
    rows = records(chronology)
    audit.record(
        actor,
        AuditAction.EXPORT,
        chronology,
        partnership=partnership,
        changes={"format": fmt, "entries": len(rows), "view": "anonymised"},
    )
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue()
