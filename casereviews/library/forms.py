from __future__ import annotations

from typing import Any

from django import forms

from casereviews.library.selectors import Filters


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the library", required=False, max_length=500)
    theme = forms.ChoiceField(label="Theme", required=False)
    kind = forms.ChoiceField(label="Type of record", required=False)
    review_type = forms.ChoiceField(label="Review type", required=False)
    reporting_year = forms.ChoiceField(label="Reporting year", required=False)
    age_group = forms.ChoiceField(label="Age of the child", required=False)
    page = forms.IntegerField(required=False, min_value=1)
    report = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    ALL = {
        "theme": "All themes",
        "kind": "All records",
        "review_type": "All review types",
        "reporting_year": "All reporting years",
        "age_group": "All ages",
    }

    def __init__(self, options: dict[str, list[tuple[str, str]]], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, first in self.ALL.items():
            self.fields[name].choices = [("", first), *options[name]]

    def _data(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def query(self) -> str:
        return (self._data().get("q") or "").strip()

    def page_number(self) -> int:
        return self._data().get("page") or 1

    def filters(self) -> Filters:
        """The valid filters only: an unknown value is ignored rather than an error."""
        data = self._data()
        year = data.get("reporting_year")
        return Filters(
            theme=data.get("theme") or "",
            kind=data.get("kind") or "",
            review_type=data.get("review_type") or "",
            reporting_year=int(year) if year else None,
            age_group=data.get("age_group") or "",
            report=data.get("report"),
        )
