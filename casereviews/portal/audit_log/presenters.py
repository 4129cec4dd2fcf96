"""Audit entries -> rows of the audit log page."""

from __future__ import annotations

from typing import Any

from casereviews.core.models import AuditLog
from casereviews.core.presenters import format_datetime

SECRET_KEYS = {"password"}
EMPTY = "(empty)"
RESTRICTED_WHAT = "A restricted record"
RESTRICTED_NOTE = "Restricted: details shown only to the review's members"


def _value(key: str, value: Any) -> str:
    if key in SECRET_KEYS:
        return "(not shown)"
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


def change_lines(entry: AuditLog) -> list[str]:
    """'field: before -> after' for an update; 'field: value' for a create, delete or export."""
    changes = entry.changes or {}
    if set(changes) <= {"after", "before"} and changes:
        state = changes.get("after") or changes.get("before") or {}
        return [f"{key}: {_value(key, value)}" for key, value in state.items()]
    lines = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            lines.append(f"{key}: {_value(key, value[0])} → {_value(key, value[1])}")
        else:
            lines.append(f"{key}: {_value(key, value)}")
    return lines


def entry_row(entry: AuditLog, *, restricted: bool = False) -> dict[str, Any]:
    """A row of the log; `restricted`: the entry is about a restricted review the reader is not
    a member of, so the row says that an entry exists (who, when, what kind) but not what it
    holds."""
    if restricted:
        return {
            "when": format_datetime(entry.at),
            "who": entry.actor_name,
            "action": entry.get_action_display(),
            "what": RESTRICTED_WHAT,
            "kind": entry.object_type.split(".")[-1] if entry.object_type else "",
            "changes": [],
            "folded": False,
            "note": RESTRICTED_NOTE,
        }
    return {
        "when": format_datetime(entry.at),
        "who": entry.actor_name,
        "action": entry.get_action_display(),
        "what": entry.object_repr or entry.object_type or "",
        "kind": entry.object_type.split(".")[-1] if entry.object_type else "",
        "changes": change_lines(entry),
        # A created or deleted record's whole state is long: the page folds it away.
        "folded": set(entry.changes or {}) <= {"after", "before"} and bool(entry.changes),
    }
