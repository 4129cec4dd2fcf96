"""Forms of the chronology pages (GOV.UK macros via core.forms helpers). The rules of an entry
are in chronology.checks, shared with the import: the entry form only carries the text."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.chronology.models import Shared
from casereviews.core.forms import LONG_TEXT_MAX_CHARS, FreeTextField, GovDateField


class StartForm(forms.Form):
    child = forms.CharField(
        label="The child's pseudonym",
        max_length=40,
        help_text="As the review uses it, for example Child F. Never the child's name",
        error_messages={"required": "Enter the child's pseudonym, for example Child F"},
    )
    child_born_on = GovDateField(
        label="The child's date of birth (optional)",
        required=False,
        earliest_year=1900,
        help_text="Where the review knows it: entries dated before it are refused",
    )
    scope_from = GovDateField(
        label="Start of the scope period",
        earliest_year=1900,
        required_message="Enter the first day of the period the review looks at",
    )
    scope_to = GovDateField(
        label="End of the scope period",
        earliest_year=1900,
        required_message="Enter the last day of the period the review looks at",
    )


class RequestForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies are asked for their chronology?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies to ask for their chronologies"},
    )
    due_on = GovDateField(
        label="Due date", required_message="Enter the date the chronologies are due"
    )
    contributor = forms.ModelChoiceField(
        label="Named contributor (optional)",
        queryset=None,
        required=False,
        empty_label="Only the agency's lead",
        help_text="Someone of the agency who writes its chronology besides its lead. Select one "
        "agency only when you name someone",
    )

    def __init__(self, agencies, people, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["contributor"].queryset = people
        self.fields["contributor"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.agency.name})"
        )


class EntryForm(forms.Form):
    """The text of one entry; chronology.checks decides whether it is a good one."""

    when = forms.CharField(
        label="Date",
        max_length=40,
        required=False,
        help_text="12/03/2016 for an exact day; 03/2016 or March 2016 if only the month is "
        "known; 2016 for a year; put ? or c. before a date that is uncertain",
    )
    time = forms.CharField(
        label="Time (optional)", max_length=10, required=False, help_text="For example 14:30"
    )
    ends = forms.CharField(
        label="End date (optional)",
        max_length=40,
        required=False,
        help_text="For something that lasted, such as a stay in hospital",
    )
    source = forms.CharField(
        label="Source of information",
        max_length=300,
        required=False,
        help_text="The record this comes from, for example GP record or police log 123/16",
    )
    event = FreeTextField(label="What happened", widget=forms.Textarea, required=False)
    people = forms.CharField(
        label="Who was involved (optional)",
        max_length=300,
        required=False,
        help_text="By role or pseudonym only, separated by commas: Child F, mother, GP",
    )
    known = FreeTextField(label="What was known (optional)", widget=forms.Textarea, required=False)
    done = FreeTextField(label="What was done (optional)", widget=forms.Textarea, required=False)
    shared = forms.ChoiceField(
        label="Was it shared?", choices=Shared.choices, required=False, widget=forms.RadioSelect
    )
    shared_with = forms.CharField(
        label="Shared with (optional)",
        max_length=300,
        required=False,
        help_text="The agencies or roles it was shared with",
    )
    shared_on = forms.CharField(
        label="Date it was shared (optional)", max_length=40, required=False
    )
    child_seen = forms.BooleanField(label="The child was seen", required=False)
    significant = forms.BooleanField(label="This is a significant event", required=False)


class FilterForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int, required=False, empty_value=None)
    start = forms.DateField(
        label="From",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example 1/3/2016",
    )
    end = forms.DateField(
        label="To",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="For example 31/12/2016",
    )
    person = forms.ChoiceField(label="Person", required=False)

    def __init__(self, agencies, people, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "All agencies"), *((a.pk, a.name) for a in agencies)]
        self.fields["person"].choices = [("", "Everyone"), *((p, p) for p in people)]
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = "Enter a date as 31/12/2016"


class GapFindingForm(forms.Form):
    title = forms.CharField(label="Title of the finding", max_length=200, required=False)
    text = FreeTextField(
        label="The finding",
        widget=forms.Textarea,
        help_text="The gap as the chronology shows it; reword it as the panel sees it. The theme "
        "engine reads this text and suggests themes",
        error_messages={"required": "Enter the text of the finding"},
        max_length=LONG_TEXT_MAX_CHARS,
    )
