"""Cells for spreadsheets we write (CSV, Excel): text a spreadsheet would run as a formula is
neutralised with a leading apostrophe, so an exported record can never execute anything.

A spreadsheet program skips spaces, tabs, line breaks and other blank characters before a
formula sign on import, so " =1+1" and "\\n@SUM(A1)" are formulas too: the check looks past them.
The full-width signs (U+FF1D and friends) are caught as well.
"""

from __future__ import annotations

from typing import Any

FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Tab and carriage return start a formula-like cell on their own (OWASP's list).
FORMULA_STARTS = ("\t", "\r")
# Characters skipped before the sign: every whitespace character, and the other controls.
BLANKS = "".join(chr(c) for c in range(33)) + "\x7f\x85\xa0\u1680\u180e\u2028\u2029\u3000\ufeff"
BLANKS += "".join(chr(c) for c in range(0x2000, 0x200C)) + "\u202f\u205f"


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet program run `text` as a formula?"""
    return text.startswith(FORMULA_STARTS) or text.lstrip(BLANKS).startswith(FORMULA_SIGNS)


def neutralise(text: str) -> str:
    """`text` as a spreadsheet shows it, never as a formula."""
    return "'" + text if is_formula_like(text) else text


def safe_cell(value: Any) -> str:
    """A CSV cell as text; one a spreadsheet would treat as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return neutralise(text) if isinstance(value, str) else text
