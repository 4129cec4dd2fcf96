"""The referral clocks: notification 5 working days after awareness, rapid review 15 after
notification, each due, met or missed (by how many working days)."""

import datetime as dt
from types import SimpleNamespace

from casereviews.core.clocks import ClockState, referral_clocks

D = dt.date


def referral(aware=None, notified=None, rapid=None):
    return SimpleNamespace(la_aware_on=aware, notified_on=notified, rapid_review_on=rapid)


# Aware Mon 22 Dec 2025: 23 (1), 24 (2), 25-26 bank holidays, 27-28 weekend, 29 (3), 30 (4),
# 31 Dec (5): notification due Wed 31 December 2025.
AWARE = D(2025, 12, 22)
NOTIFICATION_DUE = D(2025, 12, 31)


def test_notification_due_across_christmas_with_working_days_left():
    notification, rapid_review = referral_clocks(referral(AWARE), today=D(2025, 12, 29))
    assert notification.due == NOTIFICATION_DUE
    assert notification.state is ClockState.DUE
    assert notification.days_left == 2  # Tue 30 and Wed 31
    assert notification.label == "Due 31 December 2025 (2 working days left)"
    assert notification.tag_colour == "blue"
    assert rapid_review.state is ClockState.NOT_STARTED
    assert rapid_review.label == "Not started"


def test_due_today():
    notification, _ = referral_clocks(referral(AWARE), today=NOTIFICATION_DUE)
    assert notification.state is ClockState.DUE
    assert notification.label == "Due today, 31 December 2025"


def test_met_early_and_met_on_the_due_date():
    early, _ = referral_clocks(referral(AWARE, D(2025, 12, 24)), today=D(2026, 3, 1))
    assert early.state is ClockState.MET
    assert early.label == "Met on 24 December 2025"
    on_time, _ = referral_clocks(referral(AWARE, NOTIFICATION_DUE), today=D(2026, 3, 1))
    assert on_time.state is ClockState.MET
    assert on_time.days_late == 0


def test_missed_when_done_late_counts_working_days_late():
    # Due Wed 31 Dec; made Mon 5 Jan 2026: Fri 2 Jan and Mon 5 Jan are late (1 Jan is a holiday).
    notification, _ = referral_clocks(referral(AWARE, D(2026, 1, 5)), today=D(2026, 2, 1))
    assert notification.state is ClockState.MISSED
    assert notification.days_late == 2
    assert notification.label == "Missed by 2 working days (done 5 January 2026)"
    assert notification.tag_colour == "red"


def test_missed_and_still_outstanding_over_a_weekend():
    # Today Sat 3 Jan 2026, nothing done: only Fri 2 Jan is late.
    notification, _ = referral_clocks(referral(AWARE), today=D(2026, 1, 3))
    assert notification.state is ClockState.MISSED
    assert notification.days_late == 1
    assert notification.label == "Missed by 1 working day"


def test_rapid_review_clock_starts_at_notification():
    # Notified Wed 31 Dec 2025: 15 working days (1 Jan holiday) -> Thu 22 Jan 2026.
    _, rapid_review = referral_clocks(referral(AWARE, NOTIFICATION_DUE), today=D(2026, 1, 20))
    assert rapid_review.start == NOTIFICATION_DUE
    assert rapid_review.due == D(2026, 1, 22)
    assert rapid_review.days_left == 2
    _, done = referral_clocks(
        referral(AWARE, NOTIFICATION_DUE, D(2026, 1, 26)), today=D(2026, 2, 1)
    )
    assert done.state is ClockState.MISSED
    assert done.days_late == 2  # Fri 23 and Mon 26 Jan


def test_weekend_awareness():
    # Aware Sat 7 Nov 2026: counting starts Mon 9; due Fri 13 Nov.
    notification, _ = referral_clocks(referral(D(2026, 11, 7)), today=D(2026, 11, 9))
    assert notification.due == D(2026, 11, 13)
    assert notification.days_left == 4


def test_no_awareness_date_means_no_clock():
    notification, rapid_review = referral_clocks(referral(), today=D(2026, 11, 20))
    assert notification.state is ClockState.NOT_STARTED
    assert notification.as_dict()["due"] is None
    assert rapid_review.state is ClockState.NOT_STARTED


def test_as_dict_for_exports():
    notification, _ = referral_clocks(referral(AWARE, D(2026, 1, 5)), today=D(2026, 2, 1))
    assert notification.as_dict() == {
        "due": "2025-12-31",
        "state": "missed",
        "done": "2026-01-05",
        "working_days_late": 2,
    }
