"""Forms of the recommendation and action pages, rendered with the GOV.UK macros."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casereviews.accounts.roles import Role
from casereviews.actions import selectors
from casereviews.actions.models import RAG_DEFINITIONS, Action, Rag, UpdateKind
from casereviews.analysis import default_taxonomy
from casereviews.core import reporting_year
from casereviews.core.forms import FreeTextField, GovDateField, VersionedForm

EVIDENCE_HINT = (
    "PDF, Word, Excel, PNG or JPEG files. You can choose several. "
    "They are kept securely and shown only to people who may see this action."
)


class FindingsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        words = obj.title or obj.text
        short = words if len(words) <= 90 else words[:87].rstrip() + "…"
        return f"Finding {obj.number}: {short}"


class RecommendationForm(VersionedForm):
    number = forms.IntegerField(
        label="Number",
        required=False,
        min_value=1,
        help_text="Leave blank to give it the next number.",
        error_messages={
            "invalid": "The number must be a whole number, like 3",
            "min_value": "The number must be 1 or more",
        },
    )
    text = FreeTextField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the partnership should do, as the review report words it.",
        error_messages={"required": "Enter the recommendation"},
    )
    findings = FindingsField(
        label="Findings it answers",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Its themes are the themes of these findings: the action plan can then be "
        "filtered by theme.",
    )

    def __init__(self, review, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = selectors.findings_of(review)

    @staticmethod
    def initial_for(rec) -> dict[str, Any]:
        return {
            "number": rec.number,
            "text": rec.text,
            "findings": [f.pk for f in rec.findings.all()],
            "version": rec.version,
        }


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ActionForm(VersionedForm):
    agency = AgencyChoiceField(
        label="Owner agency",
        queryset=None,
        empty_label="Choose the agency",
        error_messages={"required": "Select the agency that owns the action"},
    )
    description = FreeTextField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the agency will do.",
        error_messages={"required": "Enter what the action is"},
    )
    lead_role = forms.CharField(
        label="Lead",
        max_length=200,
        help_text="The lead's role, not their name: for example, Named Nurse for Safeguarding.",
        error_messages={"required": "Enter the lead's role, for example Named Nurse"},
    )
    due_on = GovDateField(label="Due date", earliest_year=2000)
    success_measure = FreeTextField(
        label="What success looks like",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the partnership will know the action has made a difference.",
    )

    def __init__(self, user, *args: Any, with_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = selectors.partnership_agencies(user)
        if user.role == Role.SUBGROUP_MEMBER:
            agencies = agencies.filter(pk=user.agency_id)
        self.fields["agency"].queryset = agencies
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label="Status",
                choices=[(v, label) for v, label in Rag.choices if v != Rag.BLUE],
                initial=Rag.RED,
                widget=forms.RadioSelect,
                help_text="An action can only be Blue once evidence of its impact is added.",
                error_messages={"required": "Select the status"},
            )

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        return {
            "agency": action.agency_id,
            "description": action.description,
            "lead_role": action.lead_role,
            "due_on": action.due_on,
            "success_measure": action.success_measure,
            "version": action.version,
        }

    def action_data(self) -> dict[str, Any]:
        names = ["agency", "description", "lead_role", "due_on", "success_measure"]
        return {name: self.cleaned_data[name] for name in names}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class UpdateForm(VersionedForm):
    written_on = GovDateField(label="Date of the update", earliest_year=2000)
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=UpdateKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are adding"},
    )
    text = FreeTextField(
        label="Update",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For evidence of impact, say what has changed in practice and how you know: "
        "an audit, feedback from practitioners or families, figures.",
    )
    status_to = forms.ChoiceField(
        label="Status",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "No change"), *Rag.choices],
    )
    files = MultipleFileField(label="Attach files (optional)", help_text=EVIDENCE_HINT)

    def clean_written_on(self):
        day = self.cleaned_data["written_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the update must be today or in the past")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind, text = cleaned.get("kind"), (cleaned.get("text") or "").strip()
        if kind == UpdateKind.PROGRESS and not text and "text" not in self.errors:
            self.add_error("text", "Enter the progress note")
        if kind == UpdateKind.EVIDENCE and not text and "text" not in self.errors:
            self.add_error(
                "text",
                "Describe the evidence of impact: what has changed in practice, and how you know",
            )
        if kind == UpdateKind.STATUS and not cleaned.get("status_to"):
            self.add_error("status_to", "Select the new status")
        return cleaned

    def update_data(self) -> dict[str, Any]:
        return {
            "kind": self.cleaned_data["kind"],
            "written_on": self.cleaned_data["written_on"],
            "text": self.cleaned_data.get("text") or "",
            "status_to": self.cleaned_data.get("status_to") or None,
            "files": self.cleaned_data.get("files") or [],
        }


def status_radios(bf: forms.BoundField, current: str) -> dict[str, Any]:
    """govukRadios for the new status: "No change" first, each status with its definition."""
    chosen = "" if bf.value() is None else str(bf.value())
    items = [
        {
            "value": "",
            "text": f"No change (stays {Rag(current).label})",
            "checked": chosen == "",
        },
        {"divider": "or"},
    ]
    for value, label in Rag.choices:
        if value == current:
            continue
        items.append(
            {
                "value": value,
                "text": label,
                "hint": {"text": RAG_DEFINITIONS[value]},
                "checked": chosen == value,
            }
        )
    return {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "fieldset": {"legend": {"text": "New status", "classes": "govuk-fieldset__legend--s"}},
        "hint": {"text": "Blue needs evidence of impact: this update, or an earlier one."},
        "items": items,
        "errorMessage": {"text": bf.errors[0]} if bf.errors else None,
    }


def new_status_radios(bf: forms.BoundField) -> dict[str, Any]:
    """govukRadios for the status of a new action, each status with its definition."""
    chosen = "" if bf.value() is None else str(bf.value())
    return {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "fieldset": {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}},
        "hint": {"text": str(bf.help_text)},
        "items": [
            {
                "value": value,
                "text": label,
                "hint": {"text": RAG_DEFINITIONS[value]},
                "checked": chosen == value,
            }
            for value, label in bf.field.choices
        ],
        "errorMessage": {"text": bf.errors[0]} if bf.errors else None,
    }


def theme_choices() -> list[tuple[str, str]]:
    return [(t.id, t.name) for t in default_taxonomy().themes]


class PlanFilterForm(forms.Form):
    """The filters of the composite plan (and of its export): all optional."""

    agency = forms.ChoiceField(label="Agency", required=False)
    review = forms.ChoiceField(label="Review", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Rag.choices]
    )
    due = forms.ChoiceField(
        label="Due",
        required=False,
        choices=[("", "Any due date"), *selectors.DUE_CHOICES.items()],
    )
    reporting_year = forms.ChoiceField(label="Due in reporting year", required=False)

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_year"].choices = [("", "Any year")] + reporting_year.choices(
            selectors.due_range(user), timezone.localdate()
        )
        self.fields["agency"].choices = [("", "All agencies")] + [
            (str(a.pk), a.name) for a in selectors.partnership_agencies(user)
        ]
        self.fields["review"].choices = [("", "All reviews")] + [
            (str(pk), ref) for pk, ref in selectors.plan_reviews(user).values_list("pk", "ref")
        ]
        self.fields["theme"].choices = [("", "All themes"), *theme_choices()]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of selectors.plan_actions; a value not offered is ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "agency_id": int(data["agency"]) if data.get("agency") else None,
            "review_id": int(data["review"]) if data.get("review") else None,
            "theme_id": data.get("theme") or None,
            "status": data.get("status") or None,
            "due": data.get("due") or None,
            "reporting_year": data.get("reporting_year") or None,
        }

    def query(self) -> dict[str, str]:
        """The filters as they go in a link (pages, export)."""
        data = getattr(self, "cleaned_data", {})
        return {k: str(v) for k, v in data.items() if v}
