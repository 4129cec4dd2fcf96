"""The audit log's filters: what was done, by whom, to which record, and when."""

from __future__ import annotations

from django import forms
from django.apps import apps

from casereviews.core.forms import GovDateField
from casereviews.core.models import AuditAction

DATES_IN_ORDER = "The date to must be the same as or after the date from"


def record_kinds() -> list[tuple[str, str]]:
    """(model label, its name as people say it) for every kind of record the log may name."""
    kinds = [
        (model._meta.label, str(model._meta.verbose_name).capitalize())
        for model in apps.get_models()
        if model._meta.app_label.split(".")[-1] not in {"admin", "contenttypes", "sessions"}
        and not model._meta.auto_created
    ]
    return sorted(kinds, key=lambda kind: kind[1])


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    person = forms.ChoiceField(label="Person", required=False)
    record_type = forms.ChoiceField(label="Kind of record", required=False)
    record_id = forms.RegexField(
        label="Record number",
        regex=r"^\d{1,18}$",
        required=False,
        help_text="The number in the record's address, for example 42 in /reviews/42/",
        error_messages={"invalid": "Record number must be a number, like 42"},
    )
    date_from = GovDateField(label="Date from", required=False)
    date_to = GovDateField(label="Date to", required=False)

    def __init__(self, *args, people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *AuditAction.choices]
        self.fields["person"].choices = [("", "Anyone")] + [
            (str(p.pk), p.get_full_name() or p.username) for p in people
        ]
        self.fields["record_type"].choices = [("", "Any kind of record"), *record_kinds()]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", DATES_IN_ORDER)
        return data

    def filters(self) -> dict[str, object]:
        """The valid filters; a field with a wrong value is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        if "date_from" in self.errors or "date_to" in self.errors:
            # A range with a wrong end is no range: both dates are left out until corrected.
            data.pop("date_from", None)
            data.pop("date_to", None)
        person = data.get("person")
        return {
            "action": data.get("action") or None,
            "actor_id": int(person) if person else None,
            "record_type": data.get("record_type") or None,
            "record_id": data.get("record_id") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def query(self) -> dict[str, str]:
        """The filters as sent, to keep them in the page links."""
        if not self.is_bound:
            return {}
        keys = ("action", "person", "record_type", "record_id")
        dated = [
            f"{name}-{part}"
            for name in ("date_from", "date_to")
            for part in ("day", "month", "year")
        ]
        return {k: self.data.get(k, "") for k in (*keys, *dated) if self.data.get(k)}
