"""What the import pages show: rows of their file, errors and the rows to be imported."""

from __future__ import annotations

from typing import Any

from casereviews.actions.importing.checks import GOOD_ROWS_SHOWN, GoodRow, Preview
from casereviews.actions.importing.fields import FIELDS, quote
from casereviews.actions.importing.read import Row, column_letter, text_of
from casereviews.actions.models import Rag
from casereviews.core.presenters import format_date

SAMPLE_COLUMNS = 8
SAMPLE_TEXT = 40


def sample_table(rows: list[Row], header_row: int) -> dict[str, Any]:
    """The first rows of their sheet as a table (row numbers as their spreadsheet shows them)."""
    width = min(max((len(r.cells) for r in rows), default=0), SAMPLE_COLUMNS)
    head = [{"text": "Row"}] + [{"text": column_letter(i)} for i in range(width)]
    body = []
    for row in rows:
        cells = [
            {
                "text": str(row.number),
                "classes": "govuk-!-font-weight-bold" if row.number == header_row else "",
            }
        ]
        for index in range(width):
            value = row.cells[index] if index < len(row.cells) else None
            cells.append({"text": quote(text_of(value), SAMPLE_TEXT)})
        body.append(cells)
    caption = f"The first {len(rows)} rows of your file"
    if max((len(r.cells) for r in rows), default=0) > width:
        caption += f" (the first {width} columns)"
    return {"head": head, "rows": body, "caption": caption}


def error_summary(preview: Preview, shown: int = 10) -> list[dict[str, str]]:
    """Items for the error summary: problems with the file, then the first row errors."""
    items = [{"text": p, "href": "#file-problems"} for p in preview.file_problems]
    for index, error in enumerate(preview.errors[:shown], start=1):
        items.append(
            {"text": f"Row {error.row}, {error.column}: {error.message}", "href": f"#error-{index}"}
        )
    rest = preview.error_count - min(shown, len(preview.errors))
    if rest > 0:
        items.append(
            {
                "text": f"And {rest:,} more {_plural(rest, 'problem')} in the rows",
                "href": "#row-errors",
            }
        )
    return items


def error_rows(preview: Preview) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": str(error.row), "attributes": {"id": f"error-{index}"}},
            {"text": error.column},
            {"text": error.message},
        ]
        for index, error in enumerate(preview.errors, start=1)
    ]


def good_rows(preview: Preview) -> list[list[dict[str, Any]]]:
    rows = []
    for good in preview.good[:GOOD_ROWS_SHOWN]:
        rows.append(
            [
                {"text": str(good.row)},
                {"text": good.review.ref},
                {"text": quote(good.recommendation, 120)},
                {"text": quote(good.description, 160)},
                {"text": good.agency.short_name or good.agency.name},
                {"text": good.lead_role},
                {"text": format_date(good.due_on)},
                {"text": Rag(good.status).label + _updates_note(good)},
            ]
        )
    return rows


def _updates_note(good: GoodRow) -> str:
    parts = []
    if good.progress:
        parts.append("progress note")
    if good.evidence:
        parts.append("evidence of impact")
    return f", with {' and '.join(parts)}" if parts else ""


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def counts(preview: Preview) -> dict[str, str]:
    actions = preview.actions
    new = preview.new_recommendations
    reused = preview.reused_recommendations
    text = f"{actions:,} {_plural(actions, 'action')}"
    already = f"{reused:,} {_plural(reused, 'recommendation')} already on the reviews"
    if new:
        text += f", with {new:,} new {_plural(new, 'recommendation')}"
        if reused:
            text += f" ({already} {'is' if reused == 1 else 'are'} used again)"
    elif reused:
        text += f", for {already}"
    bad = len(preview.bad_rows)
    return {
        "summary": text,
        "rows_read": f"{preview.rows_read:,} {_plural(preview.rows_read, 'row')}",
        "bad_rows": f"{bad:,} {_plural(bad, 'row')}",
        "good_rows": f"{actions:,} {_plural(actions, 'row')}",
        "errors": f"{preview.error_count:,} {_plural(preview.error_count, 'problem')}",
        "button": f"Import {actions:,} {_plural(actions, 'action')}",
    }


def map_summary(column_map: dict[str, str]) -> list[dict[str, Any]]:
    """Our fields and the column each comes from, for the preview page."""
    return [
        {
            "key": {"text": f.label},
            "value": {"text": column_map.get(f.key) or "Not in this file"},
        }
        for f in FIELDS
    ]
