"""Working days in England and Wales: each expected date below is counted by hand."""

import datetime as dt

import pytest

from casereviews.core.workdays import add_working_days, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 11, 20), True),  # a Friday
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 11, 22), False),  # Sunday
        (D(2025, 12, 25), False),  # Christmas Day
        (D(2025, 12, 26), False),  # Boxing Day
        (D(2026, 1, 1), False),  # New Year's Day
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 5, 4), False),  # early May bank holiday
        (D(2026, 5, 25), False),  # spring bank holiday
        (D(2026, 8, 31), False),  # summer bank holiday (England, not Scotland's)
        (D(2026, 12, 28), False),  # Boxing Day falls on a Saturday: substitute Monday
        (D(2022, 6, 3), False),  # Platinum Jubilee
        (D(2022, 9, 19), False),  # State funeral of Queen Elizabeth II
        (D(2023, 5, 8), False),  # Coronation of King Charles III
        (D(2026, 8, 3), True),  # Scotland's summer holiday is a working day in England
    ],
)
def test_working_days(day, expected):
    assert is_working_day(day) is expected


def test_zero_working_days_is_the_start_itself():
    assert add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 21)


def test_five_working_days_in_an_ordinary_week():
    # Mon 16 Nov 2026: 17, 18, 19, 20, then Mon 23.
    assert add_working_days(D(2026, 11, 16), 5) == D(2026, 11, 23)


def test_a_weekend_start_counts_from_the_monday():
    # Sat 7 Nov 2026 and Sun 8 Nov: Mon 9 (1) ... Fri 13 (5).
    assert add_working_days(D(2026, 11, 7), 5) == D(2026, 11, 13)
    assert add_working_days(D(2026, 11, 8), 5) == D(2026, 11, 13)


def test_crossing_christmas_and_new_year():
    # Wed 24 Dec 2025: 25 and 26 Dec bank holidays, 27-28 weekend, 29 (1), 30 (2), 31 (3),
    # 1 Jan bank holiday, Fri 2 Jan (4), 3-4 weekend, Mon 5 Jan 2026 (5).
    assert add_working_days(D(2025, 12, 24), 5) == D(2026, 1, 5)


def test_substitute_boxing_day_and_new_year():
    # Thu 24 Dec 2026: Fri 25 holiday, 26-27 weekend, Mon 28 substitute Boxing Day,
    # 29 (1), 30 (2), 31 (3), Fri 1 Jan 2027 holiday, Mon 4 (4), Tue 5 Jan 2027 (5).
    assert add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 5)


def test_easter():
    # Thu 2 Apr 2026: Good Friday 3, weekend, Easter Monday 6, then 7 (1) ... Mon 13 (5).
    assert add_working_days(D(2026, 4, 2), 5) == D(2026, 4, 13)


def test_early_may_bank_holiday():
    # Fri 1 May 2026: Mon 4 May holiday, 5 (1), 6, 7, 8 (4), Mon 11 (5).
    assert add_working_days(D(2026, 5, 1), 5) == D(2026, 5, 11)


def test_queens_funeral_2022():
    # Fri 16 Sep 2022: Mon 19 Sep state funeral, 20 (1) ... 23 (4), Mon 26 Sep (5).
    assert add_working_days(D(2022, 9, 16), 5) == D(2022, 9, 26)


def test_coronation_and_early_may_2023():
    # Fri 28 Apr 2023: Mon 1 May holiday, 2 (1), 3, 4, 5 (4), Mon 8 May coronation, Tue 9 (5).
    assert add_working_days(D(2023, 4, 28), 5) == D(2023, 5, 9)


def test_fifteen_working_days_across_new_year():
    # Wed 31 Dec 2025: 1 Jan holiday, Fri 2 (1), 5-9 (2-6), 12-16 (7-11), 19-22 (12-15).
    assert add_working_days(D(2025, 12, 31), 15) == D(2026, 1, 22)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)


def test_working_days_between():
    # After Wed 31 Dec 2025 up to and including Mon 5 Jan 2026: Fri 2 and Mon 5.
    assert working_days_between(D(2025, 12, 31), D(2026, 1, 5)) == 2
    assert working_days_between(D(2026, 1, 5), D(2025, 12, 31)) == -2
    assert working_days_between(D(2026, 1, 5), D(2026, 1, 5)) == 0
    # A weekend end adds nothing: after Fri 20 Nov 2026 to Sun 22 Nov.
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 22)) == 0


def test_add_then_count_round_trip():
    start = D(2025, 12, 22)
    for days in range(0, 30):
        assert working_days_between(start, add_working_days(start, days)) == days
