"""A long select (core/select.html) is the GOV.UK select, options and all: what a user sees and
what a screen reader hears do not depend on which macro drew it."""

from __future__ import annotations

import re

import pytest
from django.template import engines

HOSTILE = '<script>alert("x")</script> & "quoted"'


def _render(source: str, params: dict) -> str:
    html = engines["jinja2"].from_string(source).render({"params": params})
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"classes": "govuk-!-width-full"},
        {"hint": {"text": "Choose one"}, "errorMessage": {"text": "Select a review"}},
    ],
)
def test_a_long_select_draws_what_the_design_systems_select_draws(extra):
    items = [{"value": "", "text": "All reviews", "selected": False}]
    items += [{"value": str(n), "text": f"Ref{n:03}", "selected": n == 7} for n in range(1, 300)]
    items.append({"value": "9999", "text": HOSTILE, "selected": False})
    params = {"id": "id_review", "name": "review", "label": {"text": "Review"}, "items": items}
    params.update(extra)
    ours = _render(
        '{% from "core/select.html" import longSelect %}{{ longSelect(params) }}', params
    )
    theirs = _render(
        '{% from "govuk_frontend_jinja/components/select/macro.html" import govukSelect %}'
        "{{ govukSelect(params) }}",
        params,
    )
    assert ours == theirs
    assert '<option value="7" selected>Ref007</option>' in ours
    assert "<script>" not in ours  # a hostile Ref is text, not markup
