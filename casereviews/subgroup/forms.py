"""Forms of the sub-group's pages (GOV.UK macros through core.forms helpers)."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.core.forms import FreeTextField, GovDateField
from casereviews.subgroup import selectors
from casereviews.subgroup.models import HEALTH_CHECK_QUESTIONS, Answer, ItemKind, MeetingStatus

OTHER_ITEMS = [
    (ItemKind.ACTION_PLAN.value, ItemKind.ACTION_PLAN.label),
    (ItemKind.HEALTH_CHECK.value, ItemKind.HEALTH_CHECK.label),
    (ItemKind.TERMS.value, ItemKind.TERMS.label),
]


class Labelled(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class Versioned(forms.Form):
    """A form that edits a saved record carries the version it was opened at
    (core.concurrency): a save over someone else's is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeetingForm(Versioned):
    held_on = GovDateField(label="Date of the meeting")
    status = forms.ChoiceField(
        label="Was the meeting held?",
        choices=MeetingStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the meeting is planned, held or cancelled"},
    )
    chair = forms.CharField(
        label="Chair",
        max_length=200,
        required=False,
        help_text="Their role, for example Strategic Manager for Safeguarding (interim chair)",
    )
    referrals = Labelled(
        label="Referrals considered",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reviews = Labelled(
        label="Reviews whose progress was considered",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    considered = forms.MultipleChoiceField(
        label="What else was considered",
        choices=OTHER_ITEMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = FreeTextField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = list(selectors.agencies(user))
        for agency in self.agencies:
            self.fields[f"agency_{agency.pk}"] = forms.IntegerField(
                label=agency.name,
                required=False,
                min_value=0,
                max_value=99,
                error_messages={
                    "invalid": f"Enter how many came from {agency.name} as a number, like 2",
                    "min_value": f"The number from {agency.name} cannot be negative",
                    "max_value": f"The number from {agency.name} must be 99 or fewer",
                },
            )
        self.fields["referrals"].queryset = selectors.referrals(user)
        self.fields["reviews"].queryset = selectors.reviews(user)

    @staticmethod
    def initial_for(meeting, items) -> dict[str, Any]:
        """The saved meeting as the form's starting values; `items` those the user may see."""
        initial: dict[str, Any] = {
            "version": meeting.version,
            "held_on": meeting.held_on,
            "status": meeting.status,
            "chair": meeting.chair,
            "notes": meeting.notes,
            "referrals": [i.referral_id for i in items if i.kind == ItemKind.REFERRAL],
            "reviews": [i.review_id for i in items if i.kind == ItemKind.REVIEW],
            "considered": [i.kind for i in items if i.kind in dict(OTHER_ITEMS)],
        }
        for line in meeting.attendance.all():
            initial[f"agency_{line.agency_id}"] = line.attendees
        return initial

    def agency_fields(self) -> list:
        return [self[f"agency_{a.pk}"] for a in self.agencies]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "status": data["status"],
            "chair": data.get("chair") or "",
            "notes": data.get("notes") or "",
            "attendance": {a: data.get(f"agency_{a.pk}") or 0 for a in self.agencies},
            "referrals": list(data.get("referrals") or []),
            "reviews": list(data.get("reviews") or []),
            "considered": list(data.get("considered") or []),
        }


class HealthCheckForm(Versioned):
    done_on = GovDateField(label="Date of the health check")
    summary = FreeTextField(
        label="What the sub-group concluded",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(HEALTH_CHECK_QUESTIONS, start=1):
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=f"{number}. {question}",
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer question {number}: yes, partly or no"},
            )
            self.fields[f"c{number}"] = FreeTextField(
                label=f"Comment on question {number}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_for(check) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": check.version,
            "done_on": check.done_on,
            "summary": check.summary,
        }
        for answer in check.answers.all():
            initial[f"q{answer.number}"] = answer.answer
            initial[f"c{answer.number}"] = answer.comment
        return initial

    def questions(self) -> list[tuple]:
        return [(self[f"q{n}"], self[f"c{n}"]) for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1)]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            n: (self.cleaned_data.get(f"q{n}") or "", self.cleaned_data.get(f"c{n}") or "")
            for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1)
        }


class TermsForm(Versioned):
    agreed_on = GovDateField(label="Date agreed")
    review_by = GovDateField(label="Review them by", help_text="Usually a year after agreement")
    frequency = forms.CharField(
        label="How often the sub-group meets",
        max_length=100,
        error_messages={"required": "Enter how often the sub-group meets"},
    )
    purpose = FreeTextField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the purpose"},
    )
    membership = FreeTextField(
        label="Membership",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the membership"},
    )

    @staticmethod
    def initial_for(terms) -> dict[str, Any]:
        names = ["version", "agreed_on", "review_by", "frequency", "purpose", "membership"]
        return {name: getattr(terms, name) for name in names}

    def terms_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PriorityForm(forms.Form):
    reporting_year = forms.CharField(
        label="Reporting year",
        max_length=9,
        help_text="For example 2017-18",
        error_messages={"required": "Enter the reporting year, for example 2017-18"},
    )
    text = FreeTextField(
        label="Priority",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the priority"},
    )


class PriorityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.reporting_year} {obj.number}: {obj.text[:80]}"


class PlanActionForm(forms.Form):
    priority = PriorityChoice(
        label="Business plan priority",
        queryset=None,
        error_messages={"required": "Select the priority it serves"},
    )
    agency = forms.ModelChoiceField(
        label="Owner", queryset=None, error_messages={"required": "Select the owner agency"}
    )
    description = FreeTextField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    lead_role = forms.CharField(
        label="Lead", max_length=200, error_messages={"required": "Enter the lead's role"}
    )
    due_on = GovDateField(label="Due date")
    success_measure = FreeTextField(
        label="What success looks like", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = selectors.all_priorities(user)
        self.fields["agency"].queryset = selectors.agencies(user)
