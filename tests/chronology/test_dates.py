"""Chronology dates: exact, month only, year only and uncertain, each the days it may mean."""

import datetime as dt

import pytest

from casereviews.chronology.dates import NotADate, describe, parse_time, parse_when

D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "approximate", "earliest", "latest"),
    [
        ("12/03/2016", "day", False, D(2016, 3, 12), D(2016, 3, 12)),
        ("12 March 2016", "day", False, D(2016, 3, 12), D(2016, 3, 12)),
        ("2016-03-12", "day", False, D(2016, 3, 12), D(2016, 3, 12)),
        ("03/2016", "month", False, D(2016, 3, 1), D(2016, 3, 31)),
        ("March 2016", "month", False, D(2016, 3, 1), D(2016, 3, 31)),
        ("Feb 2016", "month", False, D(2016, 2, 1), D(2016, 2, 29)),
        ("?/02/2015", "month", True, D(2015, 2, 1), D(2015, 2, 28)),
        ("?/?/2015", "year", True, D(2015, 1, 1), D(2015, 12, 31)),
        ("2016", "year", False, D(2016, 1, 1), D(2016, 12, 31)),
        ("c. 12/03/2016", "day", True, D(2016, 3, 5), D(2016, 3, 19)),
        ("about March 2016", "month", True, D(2016, 3, 1), D(2016, 3, 31)),
        ("2016?", "year", True, D(2016, 1, 1), D(2016, 12, 31)),
        ("? 12/03/2016", "day", True, D(2016, 3, 5), D(2016, 3, 19)),
    ],
)
def test_each_way_of_writing_a_date_means_the_days_it_may_mean(
    text, precision, approximate, earliest, latest
):
    when = parse_when(text)
    assert (when.precision, when.approximate, when.earliest, when.latest) == (
        precision,
        approximate,
        earliest,
        latest,
    )
    assert when.uncertain == (precision != "day" or approximate)


def test_a_spreadsheet_date_is_an_exact_day():
    assert parse_when(dt.datetime(2016, 3, 12, 14, 0)).earliest == D(2016, 3, 12)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/2016", "not a real date"),
        ("03/25/2016", "month/day/year"),
        ("13/2016", "months are 1 to 12"),
        ("Smarch 2016", "Smarch is not a month"),
        ("last Tuesday", "is not a date"),
        ("12/03/1850", "1900 or later"),
        ("", "is blank"),
    ],
)
def test_what_is_not_a_date_is_named(text, says):
    with pytest.raises(NotADate, match=says):
        parse_when(text)


def test_times_and_how_uncertain_dates_are_shown():
    assert parse_time("14:30") == dt.time(14, 30)
    assert parse_time("9.05") == dt.time(9, 5)
    assert parse_time("") is None
    with pytest.raises(NotADate):
        parse_time("25:00")
    assert describe("03/2016", "month", False) == "03/2016 (month only)"
    assert describe("c. 2016", "year", True) == "c. 2016 (year only, approximate)"
    assert describe("12/03/2016", "day", False) == "12/03/2016"
