"""The anonymisation check on what a case audit holds, and the redaction of its audit entries.

An audit names the child only by pseudonym or initials. The briefings' check (plain Python)
reads the child field and every free-text answer; what it finds is a warning the author can
confirm past (they know the case; the check only guesses), never a refusal. The audit log keeps
the text with each detail the check finds replaced by its marker, as for briefings (ADR 0015).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casereviews.briefings import anonymise
from casereviews.briefings.first_names import FIRST_NAMES
from casereviews.briefings.redaction import extra_first_names, redact_value
from casereviews.briefings.selectors import allowed_names
from casereviews.core.audit import Redactor

# The text fields of an audit and its answers that the check reads (and the log redacts).
AUDIT_TEXT_FIELDS = frozenset({"child", "team", "sign_off_note", "__str__"})
ANSWER_TEXT_FIELDS = frozenset({"seen", "next_action", "training_need"})


@dataclass(frozen=True)
class Warning:
    where: str  # what the user calls the field ("Child's pseudonym or initials", "Theme 3 ...")
    field_id: str  # the id of the field on the page, for the error summary's link
    kind: str
    text: str


def _looks_like_first_name(child: str, extra: Iterable[str]) -> str | None:
    known = FIRST_NAMES | frozenset(extra)
    for word in child.replace(".", " ").split():
        if word in known:
            return word
    return None


def find_warnings(
    partnership_id: int, child: str, texts: Mapping[tuple[str, str], str]
) -> list[Warning]:
    """Warnings for the child field and each text of `texts` ({(where, field id): text})."""
    allowed = allowed_names(partnership_id)
    extra = extra_first_names()
    warnings: list[Warning] = []
    child = (child or "").strip()
    where_child = "Child's pseudonym or initials"
    first = _looks_like_first_name(child, extra)
    if first:
        warnings.append(Warning(where_child, "id_child", anonymise.NAME, first))
    else:
        warnings += [
            Warning(where_child, "id_child", d.kind, d.text)
            for d in anonymise.find_personal_details(child, allowed, extra)
        ]
    allowed_here = [*allowed, child] if child else allowed
    for (where, field_id), text in texts.items():
        warnings += [
            Warning(where, field_id, d.kind, d.text)
            for d in anonymise.find_personal_details(text, allowed_here, extra)
        ]
    return warnings


def kind_words(kind: str) -> str:
    return anonymise.KIND_WORDS.get(kind, "personal detail")


def redactor(partnership_id: int, fields: frozenset[str]) -> Redactor:
    """For core.audit: the audit log keeps `fields` with each detail replaced by its marker."""
    allowed = allowed_names(partnership_id)
    extra = extra_first_names()

    def redact(field: str, value: Any) -> Any:
        return redact_value(value, allowed, extra) if field in fields else value

    return redact
