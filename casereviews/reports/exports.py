"""Exports of the register and the referrals as JSON or CSV (`casereviews export`).

JSON: a list of objects with snake_case keys, ISO 8601 dates, clocks as nested objects. CSV: the
same columns with the clocks flattened (`notification_due`, `notification_state`, ...), every
text cell that a spreadsheet would run as a formula neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from casereviews.accounts.models import Partnership
from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.spreadsheets import safe_cell
from casereviews.reports import presenters, selectors

KINDS = ("reviews", "referrals")
FORMATS = ("json", "csv")


def records(kind: str, partnership: Partnership) -> list[dict[str, Any]]:
    today = timezone.localdate()
    if kind == "reviews":
        return [
            presenters.review_record(r, today) for r in selectors.reviews_for_export(partnership)
        ]
    if kind == "referrals":
        return [
            presenters.referral_record(r, today)
            for r in selectors.referrals_for_export(partnership)
        ]
    raise ValueError(f"Unknown export: {kind}")


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Nested clocks become columns: notification_due -> notification_due, notification_state..."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if not isinstance(value, dict):
            flat[key] = value
            continue
        base = key.removesuffix("_due")
        for sub, sub_value in value.items():
            flat[key if sub == "due" else f"{base}_{sub}"] = sub_value
    return flat


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def columns_for(kind: str) -> list[str]:
    """CSV columns, known even when there are no rows to take them from."""
    if kind == "reviews":
        sample = presenters.review_record(_BlankReview(), timezone.localdate())
    else:
        sample = presenters.referral_record(_BlankReferral(), timezone.localdate())
    return list(flatten(sample))


@transaction.atomic
def export(kind: str, fmt: str, partnership: Partnership, actor) -> str:
    """The export as text; writes one audit entry (what, which format, how many records)."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"Unknown export: {kind} as {fmt}")
    data = records(kind, partnership)
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = to_csv((flatten(r) for r in data), columns_for(kind))
    restricted_key = "restricted" if kind == "reviews" else "review_restricted"
    audit.record(
        actor,
        AuditAction.EXPORT,
        None,
        partnership=partnership,
        object_repr=f"Export of {kind} ({fmt.upper()}, {len(data)} records)",
        changes={
            "export": kind,
            "format": fmt,
            "records": len(data),
            "restricted_records": sum(1 for r in data if r.get(restricted_key)),
        },
    )
    return text


# Stand-ins with every field empty, to name the CSV columns of an empty export.
class _Empty:
    pk = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("get_") and name.endswith("_display"):
            return lambda: ""
        if name in {"delays", "decisions", "reviews"}:
            return _EmptyManager()
        return None


class _EmptyManager:
    def all(self) -> list:
        return []


class _BlankReview(_Empty):
    pass


class _BlankReferral(_Empty):
    class source_agency:  # noqa: N801 (stands in for an Agency)
        name = ""
