"""Forms of the case audit pages, rendered with the GOV.UK macros (core.forms helpers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from casereviews.accounts.roles import Role
from casereviews.core.forms import FreeTextField, GovDateField, VersionedForm
from casereviews.learning.themes import theme_choices

from . import selectors
from .models import AuditTheme, Judgement, Purpose
from .services import ANSWER_FIELDS

CONFIRM_LABEL = (
    "I have checked these: they are not a child's or family member's name or personal details"
)


class ConfirmMixin(forms.Form):
    """The box that confirms past the anonymisation check's warnings (shown only with them)."""

    confirm_warnings = forms.BooleanField(label=CONFIRM_LABEL, required=False)


class AuditDetailsForm(ConfirmMixin, VersionedForm):
    case_reference = forms.CharField(
        label="Case reference",
        max_length=60,
        help_text="The reference of the case in your case recording system",
        error_messages={"required": "Enter the case recording system's reference for the case"},
    )
    child = forms.CharField(
        label="Child's pseudonym or initials",
        max_length=40,
        help_text="For example, Child A or J.S. Never the child's name",
        error_messages={"required": "Enter the child's pseudonym or initials"},
    )
    purpose = forms.ChoiceField(
        label="Why are you auditing this case?",
        choices=Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are auditing this case"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=None,
        empty_label="Select the agency",
        error_messages={"required": "Select the agency whose case this is"},
    )
    team = forms.CharField(label="Team", max_length=120, required=False)
    audit_date = GovDateField(
        label="Date of the audit",
        earliest_year=2000,
        required_message="Enter the date of the audit",
    )
    supervisor = forms.ModelChoiceField(
        label="Your supervisor or manager (optional)",
        queryset=None,
        required=False,
        empty_label="Nobody yet",
        help_text="They can see this audit and sign it off; the business unit can too",
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.agencies_of(user)
        if getattr(user, "role", None) != Role.BUSINESS_UNIT and user.agency_id:
            self.fields["agency"].queryset = self.fields["agency"].queryset.filter(
                pk=user.agency_id
            )
            self.fields["agency"].initial = user.agency_id
        agency_id = self._agency_id(user)
        self.fields["supervisor"].queryset = selectors.supervisor_choices(user, agency_id)

    def _agency_id(self, user) -> int | None:
        raw = self.data.get(self.add_prefix("agency")) if self.is_bound else None
        if raw and str(raw).isdigit():
            return int(raw)
        return self.initial.get("agency") or user.agency_id

    def details(self) -> dict[str, Any]:
        return {
            k: v for k, v in self.cleaned_data.items() if k not in ("version", "confirm_warnings")
        }


def judgement_field(label: str) -> forms.ChoiceField:
    """A theme's judgement: one of the audit's choices, or none yet."""
    return forms.ChoiceField(
        label=label,
        choices=[("", "Not yet"), *Judgement.choices],
        required=False,
        widget=forms.RadioSelect,
    )


def text_field(label: str, *, rows: int = 2, max_length: int = 2000, **kwargs) -> forms.CharField:
    """A free-text box of a theme that may be left for later."""
    return FreeTextField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        **kwargs,
    )


class PerThemeForm(forms.Form):
    """One theme's part of a page of themes. Its fields are prefixed with the theme's number
    ("t3-judgement"), the keys the services' errors use (see `errors_for`)."""

    def __init__(self, theme: AuditTheme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"t{theme.number}", **kwargs)
        self.theme = theme


def per_theme_forms(form_class, themes_and_rows, fields, data=None) -> list:
    """A `form_class` per (theme, saved row), its fields filled from the row."""
    return [
        form_class(theme, data, initial={f: getattr(row, f) for f in fields})
        for theme, row in themes_and_rows
    ]


def errors_for(form: PerThemeForm, exc: ValidationError) -> ValidationError:
    """The service's errors that belong to this theme's form ("t3-judgement" -> judgement)."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({})
    prefix = f"{form.prefix}-"
    return ValidationError(
        {
            key[len(prefix) :]: value
            for key, value in exc.message_dict.items()
            if key.startswith(prefix)
        }
    )


class AnswerForm(PerThemeForm):
    """What the practitioner writes for one theme; every field may be left for later."""

    seen = text_field("What do you see in this case?", rows=4, max_length=5000)
    judgement = judgement_field("Your judgement")
    next_action = text_field("Next action")
    action_owner = forms.CharField(
        label="Who will do it",
        required=False,
        max_length=120,
        help_text="A role, for example 'Allocated social worker'",
    )
    action_due = GovDateField(label="By when", required=False, earliest_year=2000)
    training_need = text_field("Training or development need")


class AnswersForm(ConfirmMixin, VersionedForm):
    """The version and the confirmation box; the themes' own forms ride beside it."""


def answer_forms(themes_and_answers, data=None) -> list[AnswerForm]:
    return per_theme_forms(AnswerForm, themes_and_answers, ANSWER_FIELDS, data)


class SignOffForm(forms.Form):
    note = FreeTextField(
        label="Your comments (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you agreed in supervision; anything still to follow up",
    )


class ThemeForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the theme's title"}
    )
    problem = FreeTextField(
        label="The recurring problem",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the recurring problem the theme is about"},
    )
    guidance = FreeTextField(
        label="Guidance questions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One question a line",
    )
    taxonomy_ids = forms.MultipleChoiceField(
        label="Learning themes it is about",
        required=False,
        choices=theme_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The theme engine prompts against these; the partnership's reports count them",
    )
    note = forms.CharField(
        label="Why are you changing the framework?",
        max_length=300,
        error_messages={"required": "Enter why you are changing the framework"},
    )


class RetireForm(forms.Form):
    note = forms.CharField(
        label="Why are you retiring this theme?",
        max_length=300,
        error_messages={"required": "Enter why you are retiring this theme"},
    )


class SummaryFilterForm(forms.Form):
    """Which audits the summary counts: agency (business unit only), team and period."""

    agency = forms.ModelChoiceField(
        label="Agency", queryset=None, required=False, empty_label="All agencies"
    )
    team = forms.CharField(label="Team", max_length=120, required=False)
    start = GovDateField(label="Audited from", required=False, earliest_year=2000)
    end = GovDateField(label="Audited to", required=False, earliest_year=2000)

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.agencies_of(user)
        if getattr(user, "role", None) != Role.BUSINESS_UNIT:
            del self.fields["agency"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "Audited to must be the same as or after audited from")
        return cleaned

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        agency = self.cleaned_data.get("agency")
        return {
            "agency_id": agency.pk if agency else None,
            "team": self.cleaned_data.get("team", ""),
            "start": self.cleaned_data.get("start"),
            "end": self.cleaned_data.get("end"),
        }


class RaiseActionForm(forms.Form):
    """The two things the action plan needs that an audit's answer may not have."""

    lead_role = forms.CharField(
        label="Lead",
        max_length=200,
        help_text="The lead's role in the action plan, for example Team manager",
        error_messages={"required": "Enter the lead's role, for example Team manager"},
    )
    due_on = GovDateField(
        label="Due date", earliest_year=2000, required_message="Enter the due date"
    )
