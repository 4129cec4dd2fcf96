"""Forms of the tracker import journey, rendered with the GOV.UK macros."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from casereviews.actions.importing.fields import FIELDS, Field, map_problems
from casereviews.core.files import human_size

NOT_IN_FILE = "Not in this file"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload your tracker",
        error_messages={
            "required": "Select the tracker to upload",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "An Excel workbook (.xlsx) or a CSV file, up to "
            f"{human_size(settings.MAX_UPLOAD_BYTES)}, with one row for each action"
        )


class SheetForm(forms.Form):
    sheet = forms.ChoiceField(
        label="Which sheet holds the actions?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the sheet that holds the actions"},
    )

    def __init__(
        self, sheets: list[str], *args: Any, what: str = "the actions", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sheet"].label = f"Which sheet holds {what}?"
        self.fields["sheet"].error_messages["required"] = f"Select the sheet that holds {what}"
        self.fields["sheet"].choices = [(s, s) for s in sheets]


class HeaderRowForm(forms.Form):
    header_row = forms.IntegerField(
        label="Which row has the column headings?",
        help_text="The row number your spreadsheet shows at the left, for example 3",
        min_value=1,
        error_messages={
            "required": "Enter the number of the row that has the column headings",
            "invalid": "Enter the row number as a whole number, like 3",
            "min_value": "The row number must be 1 or more",
        },
    )

    def __init__(self, last_row: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_row = last_row

    def clean_header_row(self) -> int:
        value = self.cleaned_data["header_row"]
        if value > self.last_row:
            raise forms.ValidationError(
                f"The column headings must be in one of the first {self.last_row} rows"
            )
        return value


class MapForm(forms.Form):
    """One select list for each of our fields: which of their columns holds it. `fields`: the
    fields of the import (the tracker's by default; the chronology passes its own)."""

    def __init__(
        self, headings: list[str], *args: Any, fields: tuple[Field, ...] = FIELDS, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headings = headings
        self.import_fields = fields
        choices = [("", NOT_IN_FILE), *((h, h) for h in headings)]
        for f in fields:
            hint = f.hint
            if not f.required:
                hint = ("Optional. " + hint).strip()
            self.fields[f.key] = forms.ChoiceField(
                label=f.label,
                choices=choices,
                required=False,
                help_text=hint,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        problems = map_problems(self.column_map(), self.headings, self.import_fields)
        for key, message in problems.items():
            self.add_error(key, message)
        return data

    def column_map(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        return {f.key: data.get(f.key) or "" for f in self.import_fields if data.get(f.key)}
