"""Forms of the newsletter pages: the issue, its items, publishing."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.briefings.models import Briefing, Newsletter, NewsletterItem
from casereviews.briefings.newsletters import services as services
from casereviews.core.forms import FreeTextField, GovDateField, VersionedForm


class NewsletterForm(VersionedForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, 'Learning newsletter: spring 2026'.",
        error_messages={
            "required": "Enter the title of the issue",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    issue_date = GovDateField(
        label="Issue date", required_message="Enter the issue date", earliest_year=2000
    )
    introduction = FreeTextField(
        label="Introduction",
        required=False,
        max_length=services.TEXT_MAX,
        help_text="A few lines from the business unit. Name children only by pseudonym.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": f"The introduction must be {services.TEXT_MAX:,} characters or fewer"
        },
    )

    @staticmethod
    def initial_for(newsletter: Newsletter) -> dict[str, Any]:
        return {name: getattr(newsletter, name) for name in [*services.EDITABLE_FIELDS, "version"]}

    def newsletter_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.EDITABLE_FIELDS}


class BriefingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Briefing) -> str:
        return f"{obj.title} ({obj.review.ref}, {obj.get_kind_display()})"


class BriefingItemForm(forms.Form):
    briefing = BriefingChoiceField(
        label="Which briefing?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the briefing to add",
            "invalid_choice": "Choose a published briefing that is not in the issue yet",
        },
    )

    def __init__(self, briefings, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["briefing"].queryset = briefings

    def item_data(self) -> dict[str, Any]:
        return {"briefing": self.cleaned_data["briefing"]}


class UpdateItemForm(forms.Form):
    heading = forms.CharField(
        label="Heading",
        max_length=200,
        help_text="For example, 'Action plan progress'.",
        error_messages={
            "required": "Enter a heading",
            "max_length": "The heading must be 200 characters or fewer",
        },
    )
    body = FreeTextField(
        label="Text",
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Leave a blank line between paragraphs. Name children only by pseudonym.",
        error_messages={
            "required": "Enter the text of the update",
            "max_length": f"The text must be {services.TEXT_MAX:,} characters or fewer",
        },
    )

    @classmethod
    def initial_for(cls, item: NewsletterItem) -> dict[str, Any]:
        return {"heading": item.heading, "body": item.body, "event_on": item.event_on}

    def item_data(self) -> dict[str, Any]:
        return {
            "heading": self.cleaned_data["heading"],
            "body": self.cleaned_data["body"],
            "event_on": self.cleaned_data.get("event_on"),
        }


class EventItemForm(UpdateItemForm):
    heading = forms.CharField(
        label="Name of the event",
        max_length=200,
        help_text="For example, 'Learning from case reviews: multi-agency training'.",
        error_messages={
            "required": "Enter the name of the event",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    event_on = GovDateField(
        label="Date of the event",
        required_message="Enter the date of the event",
        earliest_year=2000,
    )
    body = FreeTextField(
        label="Details (optional)",
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Where, for whom, and how to book.",
        error_messages={
            "max_length": f"The details must be {services.TEXT_MAX:,} characters or fewer"
        },
    )

    field_order = ["heading", "event_on", "body"]


class PublishForm(forms.Form):
    checked = forms.BooleanField(
        label="Checked: these are not personal details",
        required=False,
    )
    reason = FreeTextField(
        label="Why they are not personal details",
        required=False,
        max_length=services.REASON_MAX,
        help_text="For example, 'Northshire House is our office, not a family's address'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"The reason must be {services.REASON_MAX} characters or fewer"
        },
    )

    def __init__(self, has_findings: bool, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_findings = has_findings

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.has_findings:
            if not cleaned.get("checked"):
                self.add_error(
                    "checked",
                    "Edit the text to remove the personal details listed, or confirm they are "
                    "not personal details",
                )
            elif not (cleaned.get("reason") or "").strip() and "reason" not in self.errors:
                self.add_error("reason", "Say why these are not personal details")
        return cleaned
