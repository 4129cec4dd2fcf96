import datetime as dt

from casereviews.core.clocks import Timeliness, review_timeliness, timeliness_of
from tests.factories import ReviewFactory

D = dt.date


def test_six_month_target_and_states():
    start = D(2026, 1, 31)  # target: 31 July 2026
    assert review_timeliness(start, None, D(2026, 6, 1)) is Timeliness.ON_TRACK
    assert review_timeliness(start, None, D(2026, 7, 3)) is Timeliness.AT_RISK
    assert review_timeliness(start, None, D(2026, 8, 1)) is Timeliness.OVERDUE
    assert review_timeliness(start, D(2026, 7, 31), D(2026, 9, 1)) is Timeliness.PUBLISHED_ON_TIME
    assert review_timeliness(start, D(2026, 8, 3), D(2026, 9, 1)) is Timeliness.PUBLISHED_LATE
    assert review_timeliness(None, None, D(2026, 9, 1)) is Timeliness.NOT_STARTED


def test_case_mapping_exercise_ends_at_completion_but_a_serious_case_review_at_publication():
    today = D(2027, 6, 1)
    cme = ReviewFactory.build(
        review_type="case_mapping", initiated_on=D(2016, 1, 10), completed_on=D(2016, 5, 1)
    )
    assert timeliness_of(cme, today) is Timeliness.COMPLETED_ON_TIME
    cme.completed_on = D(2016, 9, 1)
    assert timeliness_of(cme, today) is Timeliness.COMPLETED_LATE
    scr = ReviewFactory.build(
        review_type="scr", initiated_on=D(2016, 1, 10), completed_on=D(2016, 5, 1)
    )
    assert timeliness_of(scr, today) is Timeliness.OVERDUE
