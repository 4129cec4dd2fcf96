"""Forms of the findings and report pages, rendered with the GOV.UK macros (core.forms)."""

from __future__ import annotations

from django import forms

from casereviews.core.forms import LONG_TEXT_MAX_CHARS, FreeTextField, VersionedForm
from casereviews.learning import services, themes


class FindingForm(VersionedForm):
    title = forms.CharField(
        label="Title (optional)",
        required=False,
        max_length=services.TITLE_MAX,
        help_text="A short heading, for example 'Professional curiosity about new partners'",
        error_messages={
            "max_length": f"The title must be {services.TITLE_MAX} characters or fewer"
        },
    )
    text = FreeTextField(
        label="The finding",
        help_text="What happened, why it matters and what should change. Name children and "
        "family members only by pseudonym, for example Child A. The theme engine will suggest "
        "themes from this text when you save it.",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the text of the finding"},
        max_length=LONG_TEXT_MAX_CHARS,
    )

    def finding_data(self) -> dict[str, str]:
        return {"title": self.cleaned_data["title"], "text": self.cleaned_data["text"]}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=services.REASON_MAX,
        help_text="Why, in a sentence: it is kept in the theme's history",
        error_messages={
            "max_length": f"The reason must be {services.REASON_MAX} characters or fewer"
        },
    )


class DecisionsForm(forms.Form):
    """Accept, reject or leave for later each suggestion of a finding or report, in one form."""

    CHOICES = [("accept", "Accept"), ("reject", "Reject"), ("later", "Decide later")]

    def __init__(self, tags, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tags = list(tags)
        for tag in self.tags:
            name = themes.theme_name(tag.theme_id)
            self.fields[f"decision-{tag.pk}"] = forms.ChoiceField(
                label=f"Your decision on {name}",
                choices=self.CHOICES,
                required=False,
                error_messages={
                    "invalid_choice": f"Choose Accept, Reject or Decide later for {name}"
                },
            )
            self.fields[f"reason-{tag.pk}"] = forms.CharField(
                label=f"Reason, if you reject {name}",
                required=False,
                max_length=services.REASON_MAX,
                error_messages={
                    "max_length": f"The reason for {name} must be {services.REASON_MAX} "
                    "characters or fewer"
                },
            )

    def clean(self):
        cleaned = super().clean()
        for tag in self.tags:  # a rejection says why: it is kept in the theme's history
            rejected = cleaned.get(f"decision-{tag.pk}") == "reject"
            if rejected and not cleaned.get(f"reason-{tag.pk}", "").strip():
                name = themes.theme_name(tag.theme_id)
                self.add_error(f"reason-{tag.pk}", f"Give a reason for rejecting {name}")
        if not self.errors and not self.decisions():
            raise forms.ValidationError(
                "Choose Accept or Reject for at least one theme: nothing was saved"
            )
        return cleaned

    def decisions(self) -> dict[int, tuple[str, str]]:
        return {
            tag.pk: (choice, self.cleaned_data.get(f"reason-{tag.pk}", ""))
            for tag in self.tags
            if (choice := self.cleaned_data.get(f"decision-{tag.pk}")) in ("accept", "reject")
        }


class AddThemeForm(ReasonForm):
    theme = forms.ChoiceField(
        label="Theme",
        error_messages={
            "required": "Select a theme to add",
            "invalid_choice": "Select a theme from the list",
        },
    )

    field_order = ["theme", "reason"]

    def __init__(self, *args, exclude: set[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        exclude = exclude or set()
        self.fields["theme"].choices = [("", "Choose a theme")] + [
            (theme_id, name) for theme_id, name in themes.theme_choices() if theme_id not in exclude
        ]


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the review's report",
        help_text="A PDF or Word (.docx) document with a text layer (not a scan)",
        allow_empty_file=True,  # core.files refuses it, naming the file
        error_messages={"required": "Choose a PDF or Word document to upload"},
    )
