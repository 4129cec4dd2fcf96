"""Forms of the briefing pages, rendered with the GOV.UK macros (core.forms helpers)."""

from __future__ import annotations

from typing import Any

from django import forms

from casereviews.core.forms import LONG_TEXT_MAX_CHARS, FreeTextField, VersionedForm

from . import services, withdrawal
from .models import TEMPLATES, Briefing, BriefingKind

KIND_HINTS = {
    BriefingKind.SIX_STEP: "The case, why the review happened, what we learned, good practice, "
    "what has changed, and questions for your team.",
    BriefingKind.SEVEN_MINUTE: "Background, why it matters, three to five key points, things to "
    "note, what to do, and reflective questions: read in seven minutes.",
}


class NewBriefingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which briefing do you want to write?",
        choices=BriefingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of briefing"},
    )


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of briefing",
        choices=[("", "All briefings"), *BriefingKind.choices],
        required=False,
    )

    def kind_value(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""


class BriefingForm(VersionedForm):
    """The title and one textarea for each section of the briefing's template."""

    title = forms.CharField(
        label="Title",
        max_length=services.TITLE_MAX,
        error_messages={
            "required": "Enter a title for the briefing",
            "max_length": f"The title must be {services.TITLE_MAX} characters or fewer",
        },
    )

    def __init__(self, briefing: Briefing, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.briefing = briefing
        for key, heading, hint in TEMPLATES[briefing.kind]:
            self.fields[key] = FreeTextField(
                label=heading,
                required=False,
                help_text=hint or None,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=LONG_TEXT_MAX_CHARS,
            )

    @staticmethod
    def initial_for(briefing: Briefing) -> dict[str, Any]:
        return {"title": briefing.title, "version": briefing.version, **briefing.sections}

    def section_names(self) -> list[str]:
        return services.section_keys(self.briefing.kind)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.briefing.kind == BriefingKind.SEVEN_MINUTE and "key_points" not in self.errors:
            problem = services.key_points_problem(cleaned.get("key_points", ""))
            if problem:
                self.add_error("key_points", problem)
        return cleaned

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "").strip("\n") for key in self.section_names()}


class DismissForm(forms.Form):
    reason = FreeTextField(
        label="Why is this not a personal detail?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter why this is not a personal detail",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )

    def __init__(self, warning_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"reason-{warning_id}" + "-%s", **kwargs)


CONFIRM_LABEL = "I have read this briefing and it names no child, family member or professional"


class PublishConfirmForm(forms.Form):
    """The publisher's own reading, asked for each time: the check cannot see everything."""

    confirmed = forms.BooleanField(
        label=CONFIRM_LABEL,
        error_messages={"required": services.NOT_CONFIRMED_MESSAGE},
    )


class WithdrawForm(VersionedForm):
    reason = FreeTextField(
        label="Why is it being withdrawn?",
        max_length=withdrawal.REASON_MAX,
        help_text="The business unit sees this in the briefing's history. Do not repeat a "
        "personal detail: say what kind of detail it was (for example, “it named the mother”).",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why it is being withdrawn",
            "max_length": f"The reason must be {withdrawal.REASON_MAX} characters or fewer",
        },
    )
