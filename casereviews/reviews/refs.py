"""Review Refs ("Ref057"): the next free number in a partnership, and uniqueness checks.

A Ref is unique within its partnership (a database constraint backs this up). The suggestion
is the highest existing ``RefNNN`` number plus one, zero-padded to three digits; Refs that do not
follow the pattern (imported oddities such as "SCR-2015") are ignored when suggesting.
"""

from __future__ import annotations

import re

from casereviews.reviews.models import Review

REF_PATTERN = re.compile(r"^\s*ref\s*(\d+)\s*$", re.IGNORECASE)
REF_PREFIX = "Ref"


def _partnership_id(partnership) -> int:
    return getattr(partnership, "pk", partnership)


def ref_number(ref: str) -> int | None:
    """57 for "Ref057"; None for a Ref that does not follow the pattern."""
    match = REF_PATTERN.match(ref or "")
    return int(match.group(1)) if match else None


def normalise_ref(ref: str) -> str:
    """Trim the spaces a user may type around a Ref; the text is otherwise kept as entered."""
    return (ref or "").strip()


def next_free_ref(partnership) -> str:
    """The suggested Ref for a new review of `partnership` (a Partnership or its id)."""
    refs = Review.objects.filter(partnership_id=_partnership_id(partnership)).values_list(
        "ref", flat=True
    )
    numbers = [n for n in (ref_number(ref) for ref in refs) if n is not None]
    return f"{REF_PREFIX}{max(numbers, default=0) + 1:03d}"


def is_ref_taken(partnership, ref: str, exclude_review_id: int | None = None) -> bool:
    """True if another review of the partnership already uses `ref`.

    Case is ignored, and "Ref57" counts as taken when "Ref057" exists (same number).
    """
    wanted = normalise_ref(ref)
    number = ref_number(wanted)
    queryset = Review.objects.filter(partnership_id=_partnership_id(partnership))
    if exclude_review_id is not None:
        queryset = queryset.exclude(pk=exclude_review_id)
    for existing in queryset.values_list("ref", flat=True):
        if existing.strip().lower() == wanted.lower():
            return True
        if number is not None and ref_number(existing) == number:
            return True
    return False
