"""Django forms rendered through the GOV.UK Frontend macros.

Templates call e.g. ``govukInput(field_params(form.summary))``: the helpers here turn a bound
field into the parameters the design-system macro expects, with its error message, so every
form shows errors the GOV.UK way (an error summary at the top linking to each field).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from markupsafe import Markup

# --- free text: every long text a form takes has a limit ------------------------------------
# A summary, a note, a rationale: 10,000 characters (about four pages). A 118,622-character
# "summary" was once accepted and filled every page and document that showed it.
TEXT_MAX_CHARS = 10_000
# A whole written piece: a finding as the report words it, a briefing section, a newsletter's
# text, the evidence of a self-assessment: 50,000 characters (about twenty pages).
LONG_TEXT_MAX_CHARS = 50_000


def too_long_message(label: str, limit: int, length: int) -> str:
    """The GOV.UK character-count error: '<Label> must be 10,000 characters or less'."""
    over = length - limit
    return (
        f"{label or 'The text'} must be {limit:,} characters or less "
        f"(it has {length:,}: {over:,} too many)"
    )


class FreeTextField(forms.CharField):
    """A long free-text answer (a textarea) with a length limit (TEXT_MAX_CHARS unless told)
    and the design system's message when it is passed. The page is told the limit
    (field_params gives govukCharacterCount its `maxlength`); the browser is not given a
    `maxlength` attribute, which would cut pasted text off without saying so."""

    def __init__(self, *args: Any, max_length: int | None = TEXT_MAX_CHARS, **kwargs: Any):
        kwargs.setdefault("widget", forms.Textarea)
        super().__init__(*args, max_length=None, **kwargs)
        self.limit = max_length

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.limit and value and len(value) > self.limit:
            message = self.error_messages.get("max_length") or too_long_message(
                str(self.label or ""), self.limit, len(value)
            )
            raise ValidationError(message, code="max_length")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _merge(dict(base[key]), value)
        else:
            base[key] = value
    return base


def _error(bf: forms.BoundField) -> dict[str, str] | None:
    return {"text": bf.errors[0]} if bf.errors else None


def _hint(bf: forms.BoundField) -> dict[str, str] | None:
    return {"text": str(bf.help_text)} if bf.help_text else None


def field_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """Parameters for govukInput, govukTextarea and govukCharacterCount."""
    value = bf.value()
    if isinstance(bf.field.widget, forms.PasswordInput) and not bf.field.widget.render_value:
        value = None  # never echo a password back into the page
    params: dict[str, Any] = {
        "id": bf.auto_id,
        "name": bf.html_name,
        "label": {"text": str(bf.label)},
        "hint": _hint(bf),
        "value": "" if value is None else value,
        "errorMessage": _error(bf),
    }
    if isinstance(bf.field, forms.IntegerField):
        params["inputmode"] = "numeric"
    if isinstance(bf.field, FreeTextField) and bf.field.limit:
        params["maxlength"] = bf.field.limit  # for govukCharacterCount
    return _merge(params, extra)


def select_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    current = "" if bf.value() is None else str(bf.value())
    items = [
        {"value": str(value), "text": str(text), "selected": str(value) == current}
        for value, text in bf.field.choices
    ]
    params = {
        "id": bf.auto_id,
        "name": bf.html_name,
        "label": {"text": str(bf.label)},
        "hint": _hint(bf),
        "items": items,
        "errorMessage": _error(bf),
    }
    return _merge(params, extra)


def with_options(select_html: Markup, items: list[dict[str, Any]]) -> Markup:
    """A rendered GOV.UK select (given no items) with `items` as its options.

    govukSelect calls a macro for each option (about 60 microseconds each): the action plan's
    filter of a partnership's 1,000 reviews spent 60 ms of its page there (issue 13). Long
    lists render their options here instead (core/select.html's longSelect), the rest of the
    markup still the design system's."""
    option = Markup('<option value="{}">{}</option>')
    chosen = Markup('<option value="{}" selected>{}</option>')
    options = Markup("").join(
        (chosen if item.get("selected") else option).format(item["value"], item["text"])
        for item in items
    )
    head, end, tail = select_html.rpartition(Markup("</select>"))
    return head + options + end + tail


def radios_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    current = "" if bf.value() is None else str(bf.value())
    items = [
        {"value": str(value), "text": str(text), "checked": str(value) == current}
        for value, text in bf.field.choices
        if str(value) != ""
    ]
    params = {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "fieldset": {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}},
        "hint": _hint(bf),
        "items": items,
        "errorMessage": _error(bf),
    }
    return _merge(params, extra)


def checkbox_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """A single yes/no checkbox (a BooleanField) as govukCheckboxes."""
    params = {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "items": [{"value": "on", "text": str(bf.label), "checked": bool(bf.value())}],
        "hint": _hint(bf),
        "errorMessage": _error(bf),
    }
    return _merge(params, extra)


def checkboxes_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """govukCheckboxes for a multiple choice field (several of a list may be ticked)."""
    chosen = {str(v) for v in (bf.value() or [])}
    params = {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "fieldset": {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}},
        "hint": _hint(bf),
        "items": [
            {"value": str(value), "text": str(text), "checked": str(value) in chosen}
            for value, text in bf.field.choices
        ],
        "errorMessage": _error(bf),
    }
    return _merge(params, extra)


def date_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    day, month, year = GovDateWidget.parts(bf.value())
    error_classes = " govuk-input--error" if bf.errors else ""
    params = {
        "id": bf.auto_id,
        "namePrefix": bf.html_name,
        "fieldset": {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}},
        "hint": _hint(bf) or {"text": "For example, 27 3 2017"},
        "errorMessage": _error(bf),
        "items": [
            {
                "name": "day",
                "label": "Day",
                "value": day,
                "classes": "govuk-input--width-2" + error_classes,
            },
            {
                "name": "month",
                "label": "Month",
                "value": month,
                "classes": "govuk-input--width-2" + error_classes,
            },
            {
                "name": "year",
                "label": "Year",
                "value": year,
                "classes": "govuk-input--width-4" + error_classes,
            },
        ],
    }
    return _merge(params, extra)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field if the form has it, else on top."""
    by_field = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    for field, messages in by_field.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(None if field == NON_FIELD_ERRORS else target, message)


def error_summary(*forms_: forms.BaseForm) -> list[dict[str, str]]:
    """Items for govukErrorSummary: each error links to the field it is about (none for a form
    that was not submitted)."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None:
            continue
        for message in form.non_field_errors():
            items.append({"text": str(message), "href": "#main-content"})
        for name, field in form.fields.items():
            bf = form[name]
            for message in bf.errors:
                href = f"#{bf.auto_id}"
                if isinstance(field.widget, GovDateWidget):
                    href += "-day"
                elif isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput):
                    href = f"#{bf.auto_id}"
                items.append({"text": str(message), "href": href})
    return items


class GovDateWidget(forms.Widget):
    """Day, month and year boxes named ``<name>-day`` etc., as govukDateInput renders them."""

    def value_from_datadict(self, data, files, name):
        parts = [str(data.get(f"{name}-{p}", "")).strip() for p in ("day", "month", "year")]
        if not any(parts):
            return None
        return tuple(parts)

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}-{p}" in data for p in ("day", "month", "year"))

    @staticmethod
    def parts(value: Any) -> tuple[str, str, str]:
        if isinstance(value, dt.date):
            return str(value.day), str(value.month), str(value.year)
        if isinstance(value, tuple | list) and len(value) == 3:
            return tuple(str(v) for v in value)  # type: ignore[return-value]
        if isinstance(value, str) and value:
            try:
                d = dt.date.fromisoformat(value)
            except ValueError:
                return "", "", ""
            return str(d.day), str(d.month), str(d.year)
        return "", "", ""


class GovDateField(forms.Field):
    """A date entered as day, month and year, with the design system's error messages.

    `required_message` says what is missing in the question's own words ("Enter the date it
    was shared"); without it the message is made from the label.
    """

    widget = GovDateWidget

    def __init__(
        self, *args: Any, earliest_year: int = 1990, required_message: str = "", **kwargs: Any
    ) -> None:
        self.earliest_year = earliest_year
        self.required_message = required_message
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in (None, "", ()):
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError as exc:
                raise forms.ValidationError(f"{self.label} must be a real date") from exc
        label = str(self.label)
        day, month, year = value
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4:
            raise forms.ValidationError(f"Year in {label.lower()} must include 4 numbers")
        try:
            date = dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise forms.ValidationError(f"{label} must be a real date") from exc
        if date.year < self.earliest_year:
            raise forms.ValidationError(f"{label} must be in or after {self.earliest_year}")
        return date

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.required_message or f"Enter {str(self.label).lower()}")


class VersionedForm(forms.Form):
    """Carries the version of the record the user opened, for optimistic concurrency."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
