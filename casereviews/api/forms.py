from __future__ import annotations

from django import forms

from .services import DEFAULT_LIFETIME, LIFETIMES


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the token",
        max_length=120,
        help_text="What uses it, so you know which to revoke: for example, Case system sync",
        error_messages={
            "required": "Enter a name for the token, such as the system using it",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    lifetime = forms.TypedChoiceField(
        label="How long it lasts",
        choices=list(LIFETIMES.items()),
        coerce=int,
        initial=DEFAULT_LIFETIME,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how long the token lasts",
            "invalid_choice": "Select how long the token lasts",
        },
    )


class ServiceAccountForm(forms.Form):
    name = forms.CharField(
        label="Name of the system",
        max_length=120,
        help_text="For example, Children's social care case recording system",
        error_messages={
            "required": "Enter the name of the system",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=None,
        empty_label="Select an agency",
        help_text="The system reaches what an agency lead of this agency reaches",
        error_messages={
            "required": "Select the agency whose system it is",
            "invalid_choice": "Select the agency whose system it is",
        },
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
