"""Personal details the anonymisation check finds are no longer kept in the audit log's copies
of briefings and newsletters, nor in warnings resolved by editing (ADR 0015).

Self-contained on purpose: it uses the historical models and the plain-Python check only, so a
later change to the services or the audit module cannot break it. It writes one audit entry
saying how many rows it redacted (none when there was nothing to redact).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

from casereviews.briefings import anonymise

TEXT_FIELDS = frozenset({"title", "sections", "introduction", "heading", "body"})
TEXT_TYPES = ("briefings.Briefing", "briefings.Newsletter", "briefings.NewsletterItem")
WARNING_TYPE = "briefings.AnonymisationWarning"
KIND_LABELS = {
    "name": "Personal name",
    "date_of_birth": "Date of birth",
    "address": "Address",
    "postcode": "Postcode",
    "phone": "Phone number",
    "email": "Email address",
    "school": "School name",
    "surgery": "GP surgery or health centre",
}
_FINDING = re.compile(r"^(?P<where>.*): (?P<label>[^:']+) '(?P<matched>.*)'$", re.DOTALL)


def _redact(value: Any, allowed: list[str]) -> Any:
    if isinstance(value, str):
        return anonymise.redact(value, allowed)
    if isinstance(value, dict):
        return {k: _redact(v, allowed) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, allowed) for v in value]
    return value


def _text_fields(values: dict, allowed: list[str]) -> dict:
    return {k: _redact(v, allowed) if k in TEXT_FIELDS else v for k, v in values.items()}


def _text_changes(changes: dict, allowed: list[str]) -> dict:
    result = {}
    for key, value in changes.items():
        if key in ("after", "before") and isinstance(value, dict):
            result[key] = _text_fields(value, allowed)
        elif key in TEXT_FIELDS and isinstance(value, list):
            result[key] = [_redact(v, allowed) for v in value]
        elif key == "anonymisation_checked" and isinstance(value, list):
            result[key] = [_checked(v, allowed) for v in value]
        else:
            result[key] = value
    return result


def _checked(value: Any, allowed: list[str]) -> Any:
    """A newsletter's confirmed findings: "where: Address '12 Market Street'" -> kind only."""
    if not isinstance(value, dict):
        return value
    findings = []
    for finding in value.get("findings", []):
        m = _FINDING.match(finding) if isinstance(finding, str) else None
        findings.append(
            f"{anonymise.redact(m['where'], allowed)}: {m['label']}" if m else _redact(finding, [])
        )
    return {**value, "findings": findings}


def _warning_changes(changes: dict, kind: str) -> dict:
    marker = anonymise.marker(kind)
    result = {}
    for key, value in changes.items():
        if key in ("after", "before") and isinstance(value, dict) and value.get("matched"):
            result[key] = {**value, "matched": marker}
        elif key == "matched" and isinstance(value, list):
            result[key] = [marker if v else v for v in value]
        else:
            result[key] = value
    return result


def redact_kept_details(apps, schema_editor):
    AuditLog = apps.get_model("core", "AuditLog")
    AnonymisationWarning = apps.get_model("briefings", "AnonymisationWarning")
    Agency = apps.get_model("accounts", "Agency")
    Partnership = apps.get_model("accounts", "Partnership")
    allowed_cache: dict[Any, list[str]] = {}

    def allowed(partnership_id) -> list[str]:
        if partnership_id not in allowed_cache:
            names = [
                n
                for pair in Agency.objects.filter(partnership_id=partnership_id).values_list(
                    "name", "short_name"
                )
                for n in pair
                if n
            ]
            names += Partnership.objects.filter(pk=partnership_id).values_list("name", flat=True)
            allowed_cache[partnership_id] = names
        return allowed_cache[partnership_id]

    warnings = 0
    for warning in AnonymisationWarning.objects.filter(state="edited").iterator():
        marker = anonymise.marker(warning.kind)
        if warning.matched != marker:
            AnonymisationWarning.objects.filter(pk=warning.pk).update(matched=marker)
            warnings += 1
    kinds = dict(AnonymisationWarning.objects.values_list("pk", "kind"))
    sections = dict(AnonymisationWarning.objects.values_list("pk", "section"))

    entries = 0
    rows = AuditLog.objects.filter(object_type__in=(*TEXT_TYPES, WARNING_TYPE)).only(
        "pk", "object_type", "object_id", "object_repr", "changes", "partnership_id"
    )
    for row in rows.iterator():
        changes = row.changes or {}
        if row.object_type == WARNING_TYPE:
            pk = int(row.object_id) if row.object_id.isdigit() else None
            kind = kinds.get(pk) or (changes.get("after") or {}).get("kind") or ""
            new_changes = _warning_changes(changes, kind)
            label = KIND_LABELS.get(kind, "Warning")
            new_repr = f"{label} in {sections[pk]}" if pk in sections else label
        else:
            names = allowed(row.partnership_id)
            new_changes = _text_changes(changes, names)
            new_repr = anonymise.redact(row.object_repr, names)
        if new_changes != changes or new_repr != row.object_repr:
            # The audit log's own guard is on the model class, which a migration does not use:
            # this is the one sanctioned change to past entries.
            AuditLog.objects.filter(pk=row.pk).update(changes=new_changes, object_repr=new_repr)
            entries += 1

    if entries or warnings:
        AuditLog.objects.create(
            actor=None,
            actor_name="Migration (briefings 0003: redact removed details)",
            partnership=None,
            action="update",
            object_type="core.AuditLog",
            object_id="",
            object_repr="Personal details removed from kept copies (migration briefings 0003)",
            changes={
                "audit_entries_redacted": [None, entries],
                "warnings_redacted": [None, warnings],
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0002_warning_kinds_and_redaction"),
        ("core", "0002_auditlog_names_its_actor"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(redact_kept_details, migrations.RunPython.noop)]
