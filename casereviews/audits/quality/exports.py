"""`casereviews export quality --partnership SLUG --format json|csv`: every rated review's 18
markers, one record a marker (an unrated marker has an empty rating, so gaps show).

Restricted reviews are included and flagged, as in the register's export; the command line is
run by whoever runs the service. One audit entry says what was exported.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.db import transaction

from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.spreadsheets import safe_cell

from . import selectors
from .markers import MARKERS, STAGES

COLUMNS = [
    "review",
    "review_restricted",
    "stage",
    "marker_number",
    "marker",
    "rating",
    "evidence",
    "rated_by",
    "updated_at",
]


def records(partnership) -> list[dict[str, Any]]:
    by_review: dict[int, dict[str, Any]] = {}
    reviews = {}
    for row in selectors.ratings_for_export(partnership):
        by_review.setdefault(row.review_id, {})[row.marker] = row
        reviews[row.review_id] = row.review
    out = []
    for review_id, rows in by_review.items():
        review = reviews[review_id]
        for m in MARKERS:
            row = rows.get(m.key)
            out.append(
                {
                    "review": review.ref,
                    "review_restricted": review.restricted,
                    "stage": STAGES[m.stage],
                    "marker_number": m.number,
                    "marker": m.title,
                    "rating": row.rating if row else "",
                    "evidence": row.evidence if row else "",
                    "rated_by": row.rated_by.get_full_name() if row and row.rated_by else "",
                    "updated_at": row.updated_at.isoformat() if row else None,
                }
            )
    return out


@transaction.atomic
def export(fmt: str, partnership, actor) -> str:
    data = records(partnership)
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for record in data:
            writer.writerow([safe_cell(record[c]) for c in COLUMNS])
        text = buffer.getvalue()
    else:
        raise ValueError(f"Unknown format: {fmt}")
    audit.record(
        actor,
        AuditAction.EXPORT,
        None,
        partnership=partnership,
        object_repr=f"Export of quality markers ({fmt.upper()}, {len(data)} records)",
        changes={
            "export": "quality",
            "format": fmt,
            "records": len(data),
            "restricted_records": sum(1 for r in data if r["review_restricted"]),
        },
    )
    return text
