"""What is kept of text the anonymisation check reads, once it is no longer on the page.

The audit log keeps every version of a briefing's title and sections and of a newsletter's own
text. Those copies hold each detail the check finds replaced by its marker ("14 Acacia Avenue"
-> "[address removed]"), so a detail a user removed is not kept for ever (ADR 0015). The check
is run with the same allowed names and local first names as on the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from casereviews.core.audit import Redactor

from . import anonymise, selectors

# The audited fields that hold text the check reads, and "__str__" (the record's description).
TEXT_FIELDS = frozenset({"title", "sections", "introduction", "heading", "body", "__str__"})


def extra_first_names() -> list[str]:
    """Local first names this installation adds: settings.CASEREVIEWS_EXTRA_FIRST_NAMES."""
    return list(getattr(settings, "CASEREVIEWS_EXTRA_FIRST_NAMES", ()) or ())


def redact_value(value: Any, allowed: Iterable[str], extra_names: Iterable[str]) -> Any:
    """`value` (text, or a dict or list of texts) with each detail replaced by its marker."""
    if isinstance(value, str):
        return anonymise.redact(value, allowed, extra_names)
    if isinstance(value, dict):
        return {k: redact_value(v, allowed, extra_names) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(v, allowed, extra_names) for v in value]
    return value


def text_redactor(
    partnership_id: int,
    fields: Iterable[str] = TEXT_FIELDS,
    also_allowed: Iterable[str] = (),
) -> Redactor:
    """For core.audit: redact the text fields of a briefing, newsletter or newsletter item (or
    the `fields` of any other checked record, with `also_allowed` names such as a pseudonym)."""
    allowed = [*selectors.allowed_names(partnership_id), *also_allowed]
    extra = extra_first_names()
    fields = frozenset(fields)

    def redact(field: str, value: Any) -> Any:
        return redact_value(value, allowed, extra) if field in fields else value

    return redact


def warning_redactor(kind: str) -> Redactor:
    """For core.audit: a warning's matched text is kept as its kind only."""

    def redact(field: str, value: Any) -> Any:
        return anonymise.marker(kind) if field == "matched" and value else value

    return redact
