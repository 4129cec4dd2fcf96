"""The Jinja2 environment: GOV.UK Frontend macros, our globals and filters."""

from __future__ import annotations

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from casereviews.core import once, presenters
from casereviews.core.forms import (
    checkbox_params,
    checkboxes_params,
    date_params,
    error_summary,
    field_params,
    radios_params,
    select_params,
    with_options,
)
from casereviews.portal.navigation import nav_items


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    loader = options.pop("loader", None)
    loaders: list = [
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")})
    ]
    if loader is not None:
        loaders.insert(0, loader)
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(loader=ChoiceLoader(loaders), **options)  # noqa: S701 (autoescape set)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": messages.get_messages,
            "field_params": field_params,
            "date_params": date_params,
            "select_params": select_params,
            "with_options": with_options,
            "radios_params": radios_params,
            "checkbox_params": checkbox_params,
            "checkboxes_params": checkboxes_params,
            "error_summary": error_summary,
            "submission_token_input": once.hidden_input,
            "service_name": "Case reviews",
            "nav_items": nav_items,
        }
    )
    env.filters.update(
        {
            "date": presenters.format_date,
            "datetime": presenters.format_datetime,
            "yesno": presenters.yes_no,
        }
    )
    return env
