"""Forms of the joint audit pages (GOV.UK macros via core.forms helpers)."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.core.forms import GovDateField

from ..models import AuditTheme, Judgement


class ConveneForm(forms.Form):
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


class DiscussionForm(forms.Form):
    """What the agencies said together about one theme; any of it may be left for later."""

    judgement = forms.ChoiceField(
        label="Shared judgement",
        choices=[("", "Not yet"), *Judgement.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    agreements = forms.CharField(
        label="What the agencies agreed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    disagreements = forms.CharField(
        label="Where they disagreed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    agreed_actions = forms.CharField(
        label="Agreed actions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )

    def __init__(self, theme: AuditTheme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"t{theme.number}", **kwargs)
        self.theme = theme


def discussion_forms(rows, data=None) -> list[DiscussionForm]:
    return [
        DiscussionForm(
            row.theme,
            data,
            initial={
                "judgement": row.discussion.judgement,
                "agreements": row.discussion.agreements,
                "disagreements": row.discussion.disagreements,
                "agreed_actions": row.discussion.agreed_actions,
            },
        )
        for row in rows
    ]
