"""Referral and decision forms: GOV.UK messages; the domain rules come from services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casereviews.core.forms import FreeTextField, GovDateField, VersionedForm
from casereviews.referrals import services
from casereviews.referrals.models import HarmCategory, Referral
from casereviews.reviews.models import DecisionOutcome, Gender

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": message},
        **kwargs,
    )


def _text(label: str, message: str, max_length: int | None = None, **kwargs: Any):
    messages = {"required": message}
    if kwargs.get("widget") is forms.Textarea:  # free text: core.forms' limit and message
        return FreeTextField(label=label, error_messages=messages, **kwargs)
    if max_length:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return forms.CharField(label=label, max_length=max_length, error_messages=messages, **kwargs)


def _number(label: str, low: int, high: int, message: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=False,
        error_messages={
            "invalid": f"{label} must be a whole number",
            "min_value": message,
            "max_value": message,
        },
        **kwargs,
    )


class ReferralForm(forms.Form):
    received_on = GovDateField(
        label="Date the referral was received",
        required_message="Enter the date the referral was received",
    )
    source_agency = forms.ModelChoiceField(
        label="Source agency",
        queryset=None,
        empty_label="Select an agency",
        help_text="The agency that made the referral",
        error_messages={
            "required": "Select the agency that made the referral",
            "invalid_choice": "Select the agency that made the referral",
        },
    )
    is_serious_incident_notification = _yes_no(
        "Is this a Serious Incident Notification?",
        "Select yes if this is a Serious Incident Notification",
    )
    la_aware_on = GovDateField(
        label="Date the local authority became aware",
        required=False,
        help_text="The notification clock starts here: 5 working days. For example, 27 3 2017",
    )
    child_pseudonym = _text(
        "Child's pseudonym",
        "Enter the child's pseudonym",
        max_length=60,
        help_text='Use a pseudonym such as "Child A". Never enter the child\'s real name.',
    )
    unborn = forms.BooleanField(label="The child is unborn", required=False)
    age_years = _number("Age in years", 0, 18, "Age in years must be between 0 and 18")
    age_months = _number("Months", 0, 11, "Months must be between 0 and 11")
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's gender"},
    )
    locality = _text(
        "Locality",
        "Enter the locality",
        max_length=120,
        help_text="The town or area, for example Northampton",
    )
    harm_category = forms.ChoiceField(
        label="Category of harm",
        choices=[("", "Select a category")] + list(HarmCategory.choices),
        error_messages={"required": "Select the category of harm"},
    )
    summary = _text(
        "Summary",
        "Enter a summary of what happened",
        widget=forms.Textarea,
        help_text="Do not include names, dates of birth or addresses.",
    )

    def __init__(self, *args: Any, agencies, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_agency"].queryset = agencies

    def clean_is_serious_incident_notification(self) -> bool:
        return self.cleaned_data["is_serious_incident_notification"] == "yes"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # A date that is not a real date is left out of `data`, so the rules simply skip it;
        # every other problem is still shown now, not after the user has fixed the first.
        for field, message in services.referral_problems(data, timezone.localdate()).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data

    def service_data(self) -> dict[str, Any]:
        """The cleaned values, keyed by model field, for services.create/update_referral."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}


class ReferralEditForm(ReferralForm, VersionedForm):
    notified_on = GovDateField(
        label="Date the notification was made",
        required=False,
        help_text="The rapid review clock starts here: 15 working days. For example, 3 4 2017",
    )
    rapid_review_on = GovDateField(label="Date the rapid review was completed", required=False)


def referral_initial(referral: Referral) -> dict[str, Any]:
    """A referral as the edit form's initial values."""
    initial = {name: getattr(referral, name) for name in services.REFERRAL_FIELDS}
    initial["source_agency"] = referral.source_agency_id
    initial["is_serious_incident_notification"] = (
        "yes" if referral.is_serious_incident_notification else "no"
    )
    initial["version"] = referral.version
    return initial


class DecisionForm(VersionedForm):
    """`version`: the referral's, when the page was made; a decision recorded (or the referral
    changed) since then makes this form stale (services.record_decision)."""

    meeting_on = GovDateField(
        label="Date of the sub-group meeting",
        required_message="Enter the date of the sub-group meeting",
    )
    outcome = forms.ChoiceField(
        label="Decision",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rapid_review = _yes_no("Was a rapid review held?", "Select yes if a rapid review was held")
    rationale = _text(
        "Rationale",
        "Enter the rationale for the decision",
        widget=forms.Textarea,
        help_text="Why the sub-group reached this decision",
    )
    ref = _text(
        "Ref for the new review",
        "Enter the Ref for the new review",
        max_length=20,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        referral: Referral,
        previous,
        review,
        suggested_ref: str = "",
        **kwargs: Any,
    ) -> None:
        self.referral, self.previous, self.review = referral, previous, review
        self.suggested_ref = suggested_ref
        super().__init__(*args, **kwargs)
        if review is not None:
            del self.fields["ref"]  # an existing review keeps its Ref
        else:
            self.fields["ref"].help_text = (
                "Used if the decision creates a review. You can change the suggested Ref; "
                "it must not be used by another review"
            )

    def clean_rapid_review(self) -> bool:
        return self.cleaned_data["rapid_review"] == "yes"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("version") not in (None, self.referral.version):
            return data  # stale: the service refuses it before its rules, saying who changed it
        if "meeting_on" in self.errors:
            return data
        outcome = data.get("outcome")
        if (
            self.review is None
            and outcome
            and outcome != DecisionOutcome.NO_FURTHER_ACTION
            and not (data.get("ref") or "").strip()
            and "ref" not in self.errors
        ):
            example = f", for example {self.suggested_ref}" if self.suggested_ref else ""
            self.add_error("ref", f"Enter the Ref for the new review{example}")
        problems = services.decision_problems(
            self.referral, self.service_data(), self.previous, self.review, timezone.localdate()
        )
        for field, message in problems.items():
            target = None if field == "__all__" else field
            if target is None or (target in self.fields and target not in self.errors):
                self.add_error(target, message)
        return data

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("meeting_on", "outcome", "rapid_review", "rationale", "ref")
        }
        data["version"] = self.cleaned_data.get("version")
        return data


class ReferralFilterForm(forms.Form):
    """The referral list's filters: the reporting year considered in, and the outcome."""

    reporting_year = forms.ChoiceField(label="Reporting year considered in", required=False)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "All outcomes"), *DecisionOutcome.choices],
        required=False,
    )

    def __init__(self, years: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_year"].choices = [("", "All years"), *years]

    def filters(self) -> dict[str, str]:
        """The valid filters only: an unknown value is ignored rather than an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "reporting_year": data.get("reporting_year") or "",
            "outcome": data.get("outcome") or "",
        }
