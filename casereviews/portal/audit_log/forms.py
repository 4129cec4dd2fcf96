"""The audit log's filters."""

from __future__ import annotations

from django import forms

from casereviews.core.models import AuditAction


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False)
    person = forms.ChoiceField(label="Person", required=False)

    def __init__(self, *args, people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any action"), *AuditAction.choices]
        self.fields["person"].choices = [("", "Anyone")] + [
            (str(p.pk), f"{p} ({p.username})") for p in people
        ]

    def filters(self) -> dict[str, object]:
        """The valid filters ({} for none); an unknown value is ignored rather than an error."""
        if not self.is_bound or not self.is_valid():
            return {}
        person = self.cleaned_data.get("person")
        return {
            "action": self.cleaned_data.get("action") or None,
            "actor_id": int(person) if person else None,
        }
