"""The checks every entry meets, typed or imported: each a clear message on its field."""

import datetime as dt

from casereviews.chronology.checks import Scope, check_entry, duplicate_key

D = dt.date
SCOPE = Scope(D(2020, 1, 1), D(2023, 12, 31), D(2019, 5, 1), D(2026, 11, 20))


def good(**kw):
    data = {"when": "12/03/2021", "source": "GP record", "event": "Seen by the GP."}
    data.update(kw)
    return data


def test_a_good_entry_becomes_its_fields():
    data, problems = check_entry(SCOPE, 1, good(time="09:30", shared="Shared", shared_with="CSC"))
    assert problems == {}
    assert data["starts_on"] == D(2021, 3, 12) and data["time"] == dt.time(9, 30)
    assert data["shared"] == "shared"


def test_dates_that_cannot_be_true_are_refused():
    assert "in the future" in check_entry(SCOPE, 1, good(when="01/01/2027"))[1]["when"]
    assert "before the child was born" in check_entry(SCOPE, 1, good(when="03/2019"))[1]["when"]
    assert (
        "outside the review's scope period" in check_entry(SCOPE, 1, good(when="2019?"))[1]["when"]
    )
    outside = check_entry(SCOPE, 1, good(when="06/2024"))[1]["when"]
    assert outside == (
        "The date 06/2024 is outside the review's scope period (1 January 2020 to 31 December 2023)"
    )
    ends = check_entry(SCOPE, 1, good(ends="10/03/2021"))[1]["ends"]
    assert ends == "The end date 10/03/2021 is before the start (12/03/2021)"


def test_an_uncertain_date_overlapping_the_scope_is_kept():
    data, problems = check_entry(SCOPE, 1, good(when="2020"))
    assert problems == {} and data["precision"] == "year"


def test_the_source_and_the_event_are_mandatory():
    problems = check_entry(SCOPE, 1, good(source=" ", event=""))[1]
    assert problems["source"] == "Enter the source of information (the record it comes from)"
    assert problems["event"] == "Enter what happened"


def test_a_time_needs_an_exact_day_and_shared_needs_with_whom():
    problems = check_entry(SCOPE, 1, good(when="03/2021", time="10:00", shared="yes"))[1]
    assert problems["time"] == "A time can only be given with an exact day"
    assert problems["shared_with"] == "Enter whom it was shared with"
    assert "before the event" in check_entry(SCOPE, 1, good(shared_on="01/03/2021"))[1]["shared_on"]


def test_an_agency_may_not_repeat_its_own_entry():
    key = duplicate_key(1, D(2021, 3, 12), "day", None, "seen by the GP.")
    scope = Scope(SCOPE.scope_from, SCOPE.scope_to, None, SCOPE.today, {key})
    assert (
        "already has this entry"
        in check_entry(scope, 1, good(event="Seen  by the GP."))[1]["event"]
    )
    assert check_entry(scope, 2, good())[1] == {}  # another agency may record the same event
