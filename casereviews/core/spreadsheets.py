"""Cells for spreadsheets we write (CSV, Excel): text a spreadsheet would run as a formula is
neutralised with a leading apostrophe, so an exported record can never execute anything."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it, never as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Any) -> str:
    """A CSV cell as text; one a spreadsheet would treat as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return neutralise(text) if isinstance(value, str) else text
