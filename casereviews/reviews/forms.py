"""Forms of the review pages, rendered with the GOV.UK macros (core.forms helpers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from casereviews.core.forms import FreeTextField, GovDateField, VersionedForm
from casereviews.reviews import refs, selectors, services
from casereviews.reviews.models import (
    MILESTONES,
    PLANNED_MILESTONES,
    DecisionOutcome,
    DelayReason,
    Gender,
    Methodology,
    PublicationHandling,
    Review,
    ReviewStatus,
)

REVIEW_TYPES = [c for c in DecisionOutcome.choices if c[0] != DecisionOutcome.NO_FURTHER_ACTION]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.job_title or obj.get_role_display()})"


class UsersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} ({obj.job_title or obj.get_role_display()})"


def _age_field(unit: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"Age in {unit}",
        required=False,
        error_messages={"invalid": f"Age in {unit} must be a whole number, like 4"},
    )


class ReviewForm(VersionedForm):
    ref = forms.CharField(
        label="Ref",
        max_length=20,
        help_text="For example, Ref057. Each review of the partnership has its own Ref.",
        error_messages={"required": "Enter the Ref, for example Ref057"},
    )
    review_type = forms.ChoiceField(
        label="Type of review",
        choices=REVIEW_TYPES,
        error_messages={"required": "Select the type of review"},
    )
    methodology = forms.ChoiceField(
        label="Methodology", choices=[("", "Not decided yet"), *Methodology.choices], required=False
    )
    summary = FreeTextField(
        label="Summary",
        max_length=300,
        help_text="A line for the register, for example 'Extreme neglect and cruelty'. "
        "Name the child only by pseudonym.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a summary of the case"},
    )
    location = forms.CharField(label="Location", max_length=120, required=False)
    gender = forms.ChoiceField(
        label="Gender", choices=[("", "Not recorded"), *Gender.choices], required=False
    )
    age_years = _age_field("years")
    age_months = _age_field("months")
    age_weeks = _age_field("weeks")
    age_various = forms.BooleanField(label="Several children of various ages", required=False)
    lead_reviewer = UserChoiceField(
        label="Lead reviewer", queryset=None, required=False, empty_label="No lead reviewer yet"
    )
    reviewers = UsersChoiceField(
        label="Assigned reviewers",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Reviewers assigned to a review can see and edit it.",
    )
    status = forms.ChoiceField(label="Status", choices=ReviewStatus.choices)
    status_note = forms.CharField(
        label="Status note",
        max_length=300,
        required=False,
        help_text="For example, 'Awaiting outcome of criminal trial'.",
    )

    publication_handling = forms.ChoiceField(
        label="How the publication was handled",
        choices=[("", "Not published yet, or not recorded"), *PublicationHandling.choices],
        required=False,
    )
    publication_note = FreeTextField(
        label="Publication: what happened",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, how the media interviews went and whether to repeat the method",
    )
    family_involvement = FreeTextField(
        label="Family involvement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the family, and the child's own voice, took part. No names.",
    )

    def __init__(self, user, review: Review, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["lead_reviewer"].queryset = selectors.partnership_users(user)
        self.fields["reviewers"].queryset = selectors.partnership_reviewers(user)
        labels = dict(MILESTONES)
        for name, label in MILESTONES:
            self.fields[name] = GovDateField(label=f"{label} date", required=False)
        for planned, actual in PLANNED_MILESTONES:
            self.fields[planned] = GovDateField(
                label=f"{labels[actual]}: planned date",
                required=False,
                help_text="When it is arranged for; it may be in the future",
            )

    @staticmethod
    def initial_for(review: Review) -> dict[str, Any]:
        initial = {name: getattr(review, name) for name in services.EDITABLE_FIELDS}
        initial["lead_reviewer"] = review.lead_reviewer_id
        initial["reviewers"] = [u.pk for u in selectors.assigned_reviewers(review)]
        initial["version"] = review.version
        return initial

    def clean_ref(self) -> str:
        ref = refs.normalise_ref(self.cleaned_data["ref"])
        if selectors.is_ref_taken(
            self.review.partnership_id, ref, exclude_review_id=self.review.pk
        ):
            raise forms.ValidationError(services.ref_taken_message(ref))
        return ref

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        problems = services.milestone_problems(cleaned, timezone.localdate())
        problems |= services.age_problems(cleaned)
        for name, message in problems.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def review_data(self) -> dict[str, Any]:
        """What update_review takes: the editable fields and the assigned reviewers."""
        data = {name: self.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        data["reviewers"] = list(self.cleaned_data["reviewers"])
        return data


class DelayForm(forms.Form):
    noted_on = GovDateField(label="Date of the delay")
    reason = forms.ChoiceField(
        label="Reason for the delay",
        choices=DelayReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for the delay"},
    )
    detail = FreeTextField(
        label="Detail",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, 'Trial listed for March; the report waits for the verdict'.",
    )

    def clean_noted_on(self):
        day = self.cleaned_data["noted_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The date of the delay must be today or in the past")
        return day


class AccessForm(VersionedForm):
    """`version`: the review's when the page was made (a stale form is refused)."""

    restricted = forms.BooleanField(
        label="Restrict this review to the named members below",
        required=False,
        help_text="Only the people you choose will see this review, and every view of it is "
        "recorded in the audit log. You will stay a member.",
    )
    members = UsersChoiceField(
        label="Who may see this review",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = selectors.partnership_users(user)


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "All statuses"), *ReviewStatus.choices], required=False
    )
    review_type = forms.ChoiceField(
        label="Type", choices=[("", "All types"), *REVIEW_TYPES], required=False
    )
    year = forms.TypedChoiceField(label="Year", coerce=int, required=False, empty_value=None)
    reporting_year = forms.ChoiceField(
        label="Reporting year",
        required=False,
        help_text="Open at any time from 1 April to 31 March",
    )
    locality = forms.ChoiceField(label="Locality", required=False)

    def __init__(self, options: dict[str, list], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years")] + [
            (str(y), str(y)) for y in options["years"]
        ]
        self.fields["reporting_year"].choices = [("", "All reporting years")] + options[
            "reporting_years"
        ]
        self.fields["locality"].choices = [("", "All localities")] + [
            (loc, loc) for loc in options["localities"]
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters only: an unknown value is ignored rather than an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or "",
            "review_type": data.get("review_type") or "",
            "year": data.get("year"),
            "reporting_year": data.get("reporting_year") or "",
            "locality": data.get("locality") or "",
        }
