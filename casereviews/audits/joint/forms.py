"""Forms of the joint audit pages (GOV.UK macros via core.forms helpers)."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.core.forms import GovDateField

from ..forms import (
    ConfirmMixin,
    PerThemeForm,
    RaiseActionForm,
    judgement_field,
    per_theme_forms,
    text_field,
)
from .services import DISCUSSION_FIELDS


class ConveneForm(ConfirmMixin):
    case_reference = forms.CharField(
        label="Case reference",
        max_length=60,
        help_text="The reference the agencies' audits of the case use",
        error_messages={"required": "Enter the case recording system's reference for the case"},
    )
    child = forms.CharField(
        label="Child's pseudonym or initials",
        max_length=40,
        help_text="For example, Child A or J.S. Never the child's name",
        error_messages={"required": "Enter the child's pseudonym or initials"},
    )
    meeting_date = GovDateField(
        label="Date of the joint discussion",
        earliest_year=2000,
        required_message="Enter the date of the joint discussion",
    )


class LinkForm(forms.Form):
    audit = forms.ModelChoiceField(
        label="Which agency's audit of this case joins?",
        queryset=None,
        empty_label="Select an audit",
        error_messages={"required": "Select an audit of this case"},
    )

    def __init__(self, audits, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audit"].queryset = audits
        self.fields["audit"].label_from_instance = lambda a: (
            f"{a.agency.name}: {a.author.get_full_name() or a.author.username}, "
            f"{a.audit_date:%-d %B %Y}"
        )


class DiscussionForm(PerThemeForm):
    """What the agencies said together about one theme; any of it may be left for later."""

    judgement = judgement_field("Shared judgement")
    agreements = text_field("What the agencies agreed", max_length=5000)
    disagreements = text_field("Where they disagreed", max_length=5000)
    agreed_actions = text_field("Agreed actions", max_length=5000)


def discussion_forms(rows, data=None) -> list[DiscussionForm]:
    pairs = [(row.theme, row.discussion) for row in rows]
    return per_theme_forms(DiscussionForm, pairs, DISCUSSION_FIELDS, data)


class JointRaiseForm(RaiseActionForm):
    """Which agency leads the agreed actions in the plan, as well as the lead's role and date."""

    agency = forms.ModelChoiceField(
        label="Which agency leads it?",
        queryset=None,
        empty_label="Select the agency",
        error_messages={
            "required": "Select the agency that leads the action",
            "invalid_choice": "Select one of the agencies taking part",
        },
    )
    field_order = ["agency", "lead_role", "due_on"]

    def __init__(self, agencies, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
