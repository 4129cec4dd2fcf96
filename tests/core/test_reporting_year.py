"""Reporting years run 1 April to 31 March and are written 2016-17."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.core.reporting_year import ReportingYear, ReportingYearError, choices


@pytest.mark.parametrize("text", ["2016-17", "2016-2017", "2016/17", " 2016 - 17 "])
def test_parse_accepts_the_ways_people_write_it(text):
    year = ReportingYear.parse(text)
    assert (year.start, year.end, year.label) == (
        dt.date(2016, 4, 1),
        dt.date(2017, 3, 31),
        "2016-17",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2017-16",
            "2017-16 is not a reporting year: the second year must follow the first, "
            "for example 2017-18",
        ),
        ("2016", "Enter the reporting year as two years, for example 2016-17"),
        ("", "Enter the reporting year as two years, for example 2016-17"),
        ("1899-00", "between 1990-91 and 2100-01"),
        ("1999-00", None),
    ],
)
def test_parse_refuses_with_a_clear_message(text, message):
    if message is None:
        assert ReportingYear.parse(text).label == "1999-00"
        return
    with pytest.raises(ReportingYearError, match=message):
        ReportingYear.parse(text)


def test_a_date_falls_in_the_year_that_started_the_april_before():
    assert ReportingYear.of(dt.date(2017, 3, 31)).label == "2016-17"
    assert ReportingYear.of(dt.date(2017, 4, 1)).label == "2017-18"
    assert dt.date(2016, 4, 1) in ReportingYear(2016)
    assert None not in ReportingYear(2016)
    assert ReportingYear(2016).previous.label == "2015-16"


def test_choices_run_from_the_earliest_year_in_use_to_this_one_newest_first():
    days = [dt.date(2016, 5, 1), None, dt.date(2014, 4, 1)]
    assert choices(days, dt.date(2017, 11, 20)) == [
        ("2017-18", "2017-18"),
        ("2016-17", "2016-17"),
        ("2015-16", "2015-16"),
        ("2014-15", "2014-15"),
    ]
