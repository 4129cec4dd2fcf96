"""Forms of the dissemination pages: record how a briefing was shared; filter the tracker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from casereviews.briefings.models import Briefing, ShareMethod
from casereviews.briefings.sharing import services as services
from casereviews.core.forms import FreeTextField, GovDateField
from casereviews.core.presenters import format_date


class DisseminationForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=None,
        empty_label="Choose the agency",
        error_messages={
            "required": "Select the agency that shared the briefing",
            "invalid_choice": "Select an active agency of this partnership",
        },
    )
    method = forms.ChoiceField(
        label="How was it shared?",
        choices=ShareMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the briefing was shared",
            "invalid_choice": "Select how the briefing was shared",
        },
    )
    method_other = forms.CharField(
        label="How it was shared",
        max_length=200,
        required=False,
        error_messages={"max_length": "How it was shared must be 200 characters or fewer"},
    )
    shared_on = GovDateField(
        required_message="Enter the date it was shared", label="Date shared", earliest_year=2000
    )
    staff_reached = forms.IntegerField(
        label="Staff reached",
        help_text="How many staff heard or read the briefing this way, as a whole number.",
        error_messages={
            "required": "Enter how many staff the briefing reached",
            "invalid": "Staff reached must be a whole number, like 25",
        },
    )
    feedback = FreeTextField(
        label="Feedback, in your own words (optional)",
        help_text="What staff said about the briefing and what they will do differently. "
        "Do not name children, families or colleagues.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, user, briefing: Briefing, agencies, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.briefing = briefing
        self.fixed_agency = services.agency_for(user, None)
        if self.fixed_agency is not None:
            del self.fields["agency"]  # an agency lead records for their own agency only
        else:
            self.fields["agency"].queryset = agencies
        published = briefing.published_on
        self.fields["shared_on"].help_text = (
            f"On or after {format_date(published)}, when the briefing was published, "
            "and not in the future. For example, 27 3 2026."
            if published
            else "For example, 27 3 2026."
        )

    def clean_staff_reached(self) -> int:
        value = self.cleaned_data["staff_reached"]
        if message := services.staff_problem(value):
            raise forms.ValidationError(message)
        return value

    def clean_feedback(self) -> str:
        value = self.cleaned_data["feedback"].strip()
        if len(value) > services.FEEDBACK_MAX:
            raise forms.ValidationError(
                f"Feedback must be {services.FEEDBACK_MAX:,} characters or fewer"
            )
        return value

    def clean_shared_on(self) -> dt.date:
        value = self.cleaned_data["shared_on"]
        message = services.date_problem(value, self.briefing.published_on, timezone.localdate())
        if message:
            raise forms.ValidationError(message)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        other = (cleaned.get("method_other") or "").strip()
        if cleaned.get("method") == ShareMethod.OTHER and not other:
            self.add_error("method_other", "Enter how the briefing was shared")
        return cleaned

    def record_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["agency"] = data.get("agency") or self.fixed_agency
        return data


class TrackerFilterForm(forms.Form):
    outstanding = forms.BooleanField(
        label="Only briefings with agencies outstanding", required=False
    )
