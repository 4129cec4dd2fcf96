"""Audit entries -> rows of the audit log page, in words: the kind of record as people say it,
each field by its label, dates as "1 December 2026", people by name, choices by their label."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from markupsafe import Markup

from casereviews.core.models import AuditLog
from casereviews.core.presenters import format_date

SECRET_KEYS = {"password"}
EMPTY = "(empty)"
RESTRICTED_WHAT = "A restricted record"
RESTRICTED_NOTE = "Restricted: details shown only to the review's members"


def when(at: dt.datetime) -> str:
    """'1 December 2026, 14:05' (local time)."""
    local = timezone.localtime(at) if timezone.is_aware(at) else at
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


def _model(label: str):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def kind_of(label: str) -> str:
    """'Review' for 'reviews.Review', 'Action update' for 'actions.ActionUpdate'."""
    model = _model(label)
    if model is None:
        return label.split(".")[-1] if label else ""
    return str(model._meta.verbose_name).capitalize()


class _Fields:
    """How one kind of record names and shows its fields."""

    def __init__(self, label: str, people: dict[str, str]) -> None:
        self.model = _model(label)
        self.people = people

    def _field(self, key: str):
        if self.model is None:
            return None
        try:
            return self.model._meta.get_field(key)
        except FieldDoesNotExist:
            return None

    def name(self, key: str) -> str:
        field = self._field(key)
        verbose = getattr(field, "verbose_name", None)
        if verbose is None:
            return key.replace("_", " ").capitalize()
        return str(verbose)[:1].upper() + str(verbose)[1:]

    def value(self, key: str, value: Any) -> str:
        if key in SECRET_KEYS:
            return "(not shown)"
        if value is None or value == "":
            return EMPTY
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, list):
            return ", ".join(self.value(key, v) for v in value) or EMPTY
        if isinstance(value, dict):  # a nested record: an export's filters, answers
            parts = [f"{self.name(k)}: {self.value(k, v)}" for k, v in value.items()]
            return "; ".join(parts) or EMPTY
        field = self._field(key)
        if field is not None and field.is_relation and str(value) in self.people:
            return self.people[str(value)]
        choices = dict(getattr(field, "flatchoices", None) or [])
        if value in choices:
            return str(choices[value])
        if isinstance(value, str) and len(value) >= 10:
            return _date_text(value)
        return str(value)


def _date_text(value: str) -> str:
    """An ISO date or time kept by the log, in the UK style; any other text as it is."""
    try:
        if len(value) == 10:
            return format_date(dt.date.fromisoformat(value))
        return when(dt.datetime.fromisoformat(value))
    except ValueError:
        return value


def change_lines(entry: AuditLog, people: dict[str, str] | None = None) -> list[str]:
    """'Field: before → after' for an update; 'Field: value' for a create, delete or export."""
    fields = _Fields(entry.object_type, people or {})
    changes = entry.changes or {}
    if set(changes) <= {"after", "before"} and changes:
        state = changes.get("after") or changes.get("before") or {}
        return [f"{fields.name(key)}: {fields.value(key, value)}" for key, value in state.items()]
    lines = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            before, after = fields.value(key, value[0]), fields.value(key, value[1])
            lines.append(f"{fields.name(key)}: {before} → {after}")
        else:
            lines.append(f"{fields.name(key)}: {fields.value(key, value)}")
    return lines


def record_href(entry: AuditLog) -> str:
    """The log filtered to this entry's record."""
    if not entry.object_type or not entry.object_id:
        return ""
    return "?" + urlencode({"record_type": entry.object_type, "record_id": entry.object_id})


def entry_row(
    entry: AuditLog, *, restricted: bool = False, people: dict[str, str] | None = None
) -> dict[str, Any]:
    """A row of the log; `restricted`: the entry is about a restricted review the reader is not
    a member of, so the row says that an entry exists (who, when, what kind) but not what it
    holds. `people`: {user id: name} for the people the changes name."""
    if restricted:
        return {
            "when": when(entry.at),
            "who": entry.actor_name,
            "action": entry.get_action_display(),
            "what": RESTRICTED_WHAT,
            "kind": kind_of(entry.object_type),
            "changes": [],
            "folded": False,
            "note": RESTRICTED_NOTE,
            "record_href": "",
        }
    return {
        "when": when(entry.at),
        "who": entry.actor_name,
        "action": entry.get_action_display(),
        "what": entry.object_repr or kind_of(entry.object_type),
        "kind": kind_of(entry.object_type),
        "changes": change_lines(entry, people),
        # A created or deleted record's whole state is long: the page folds it away.
        "folded": set(entry.changes or {}) <= {"after", "before"} and bool(entry.changes),
        "record_href": record_href(entry),
    }


def feed_status(listed, filtered: bool) -> Markup:
    """What the page holds: "12 entries match the filters, page 1 of 2"; past the count's
    limit "More than 500 entries, page 3", or which stretch of the log a page from an entry
    shows."""
    match = " match the filters" if filtered else ""
    if not listed.more:
        noun = "entry" if listed.total == 1 else "entries"
        where = f", page {listed.number} of {listed.num_pages}" if listed.num_pages > 1 else ""
        return Markup("<strong>{} {}</strong>{}{}").format(listed.total, noun, match, where)
    where = f", page {listed.number}" if listed.number is not None else ", going back in time"
    return Markup("<strong>More than {:,} entries</strong>{}{}").format(listed.cap, match, where)
