"""A cell a spreadsheet would run as a formula is neutralised, blanks before the sign or not."""

from __future__ import annotations

import pytest

from casereviews.core.spreadsheets import neutralise, safe_cell


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        " =1+1",
        '   =HYPERLINK("http://evil.example")',
        "\t=cmd|' /C calc'!A0",
        "\r\n@SUM(A1:A9)",
        "\n-2+3",
        "\u00a0+44 1234",  # a no-break space, as a copy from a web page brings
        "\u3000\uff1d1+1",  # an ideographic space and a full-width equals sign
        "\x0b=1",
        "\t",
        "\rplain",
    ],
)
def test_formula_like_text_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Brief every officer", " Brief every officer", "a = b", "", "x-1", "Ref057"]
)
def test_plain_text_is_left_alone(text):
    assert neutralise(text) == text


def test_numbers_and_dates_are_not_text_and_are_left_alone():
    assert safe_cell(-1) == "-1"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "true"
