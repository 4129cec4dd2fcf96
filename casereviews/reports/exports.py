"""Exports of the register and the referrals as JSON or CSV (`casereviews export`).

JSON: a list of objects with snake_case keys, ISO 8601 dates, clocks as nested objects. CSV: the
same columns with the clocks flattened (`notification_due`, `notification_state`, ...), every
text cell that a spreadsheet would run as a formula neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from casereviews.accounts.models import Partnership
from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.spreadsheets import safe_cell
from casereviews.reports import presenters, selectors

KINDS = ("reviews", "referrals")
FORMATS = ("json", "csv")


# Records read from the database this many at a time (with their delays, decisions, reviews).
CHUNK = 500


def records(kind: str, partnership: Partnership) -> Iterator[dict[str, Any]]:
    """The export's records one by one, read in chunks: memory stays the same for 100 reviews
    or 100,000 (the whole list made a 1,000-referral export take 14 MB)."""
    today = timezone.localdate()
    if kind == "reviews":
        for review in selectors.reviews_for_export(partnership).iterator(chunk_size=CHUNK):
            yield presenters.review_record(review, today)
            _release(review)
    elif kind == "referrals":
        for referral in selectors.referrals_for_export(partnership).iterator(chunk_size=CHUNK):
            yield presenters.referral_record(referral, today)
            _release(referral)
    else:
        raise ValueError(f"Unknown export: {kind}")


def _release(record) -> None:
    """Drop a record's prefetched rows once written. Each prefetched row points back at its
    record (a reference cycle), so without this the chunks already written waited for the
    cyclic garbage collector, and memory still grew with the export (12.8 MB for 2,000)."""
    record.__dict__.pop("_prefetched_objects_cache", None)


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


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    write_csv(rows, columns, buffer)
    return buffer.getvalue()


def write_json_list(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """The same text as json.dumps(list(rows), indent=2), written a record at a time."""
    first = True
    for row in rows:
        out.write("[\n" if first else ",\n")
        out.write(textwrap.indent(json.dumps(row, indent=2, ensure_ascii=False), "  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


def columns_for(kind: str) -> list[str]:
    """CSV columns, known even when there are no rows to take them from."""
    if kind == "reviews":
        sample = presenters.review_record(_BlankReview(), timezone.localdate())
    else:
        sample = presenters.referral_record(_BlankReferral(), timezone.localdate())
    return list(flatten(sample))


@transaction.atomic
def write(kind: str, fmt: str, partnership: Partnership, actor, out: TextIO) -> None:
    """Write the export to `out` as it is read; then one audit entry (what, which format, how
    many records, how many of restricted reviews)."""
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(f"Unknown export: {kind} as {fmt}")
    restricted_key = "restricted" if kind == "reviews" else "review_restricted"
    counted = {"records": 0, "restricted": 0}

    def counting(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            counted["records"] += 1
            counted["restricted"] += bool(row.get(restricted_key))
            yield row

    if fmt == "json":
        write_json_list(counting(records(kind, partnership)), out)
    else:
        rows = (flatten(r) for r in counting(records(kind, partnership)))
        write_csv(rows, columns_for(kind), out)
    audit.record(
        actor,
        AuditAction.EXPORT,
        None,
        partnership=partnership,
        object_repr=f"Export of {kind} ({fmt.upper()}, {counted['records']} records)",
        changes={
            "export": kind,
            "format": fmt,
            "records": counted["records"],
            "restricted_records": counted["restricted"],
        },
    )


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
