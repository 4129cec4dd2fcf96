"""The demo's 2016-17 events (seed 002) and what `year_summary` makes of them, for the annual
report: the de-briefs averaging about 70, the four training events, the health sessions of 80
professionals, feedback by level; and the events to come that the demo practitioner can book."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.accounts.models import Partnership, User
from casereviews.events import demo, selectors
from casereviews.events.models import Event
from casereviews.events.reporting import EventsYear, year_summary
from casereviews.portal.demo.loader import LEARNING_SEEDS, load_demo
from casereviews.portal.views import dashboard  # noqa: F401  (the panel's home)

pytestmark = pytest.mark.django_db


@pytest.fixture
def northshire():
    load_demo()
    demo.seed()
    demo.seed()  # twice: nothing more
    return Partnership.objects.get(slug="northshire")


def test_the_2016_17_year_matches_seed_002(northshire):
    year = year_summary(northshire, dt.date(2016, 4, 1), dt.date(2017, 3, 31))
    assert isinstance(year, EventsYear)
    kinds = {t.kind: t for t in year.totals_by_kind}
    assert kinds["training"].events == 4  # the four Barnardo's events
    assert {e.facilitator for e in year.events if e.kind == "training"} == {"Barnardo's"}
    assert kinds["debrief_wider"].events == 2
    assert kinds["debrief_wider"].average_attendance == 70.0  # "averaging around 70"
    assert all(e.capacity == 100 for e in year.events if e.kind == "debrief_wider")
    health = [e for e in year.events if "health colleagues" in e.title]
    assert [e.attended for e in health] == [42, 38] and sum(e.attended for e in health) == 80
    assert [e.kind for e in year.events].count("learning_event") == 1
    assert {"Ref021", "Ref023", "Ref035"} <= {r for e in year.events for r in e.review_refs}
    # Level 1-3 figures and quotes, by agency.
    assert year.evaluation.feedback_responses > 100
    assert 4.0 <= year.evaluation.reaction_average <= 4.6
    assert year.evaluation.follow_ups_answered == 6
    assert dict(year.evaluation.practice_changed)["Yes"] == 4
    assert any("safe sleeping" in q.text for q in year.quotes)
    assert any(
        q.agency == "Clinical Commissioning Group / Integrated Care Board" for q in year.quotes
    )
    themes = {t.theme_id: t for t in year.themes_covered}
    assert themes["babies-injury"].events >= 5 and "professional-curiosity" in themes
    assert year.attended == sum(t.attended for t in year.totals_by_kind)
    assert sum(n for _, n in year.attendance_by_agency) == year.attended


def test_upcoming_events_are_dated_from_today_and_bookable(northshire):
    practitioner = User.objects.get(username="practitioner")
    upcoming = list(selectors.upcoming_events(practitioner))
    assert len(upcoming) == 4
    assert all(practitioner.has_perm("casereviews.book_event", e) for e in upcoming)
    full = next(e for e in upcoming if e.capacity == 2)
    assert full.bookings.filter(status="booked").count() == 2  # the next booking waits


def test_the_demo_practitioner_has_a_follow_up_due(northshire):
    practitioner = User.objects.get(username="practitioner")
    [line] = selectors.follow_ups_for(practitioner)
    assert line.event.title.startswith("Babies who are not yet mobile")
    assert "casereviews.events.demo.seed" in LEARNING_SEEDS


def test_a_year_with_no_events_is_empty_not_an_error(northshire):
    year = year_summary(northshire, dt.date(2010, 4, 1), dt.date(2011, 3, 31))
    assert year.events == () and year.attended == 0
    assert year.evaluation.reaction_average is None and year.themes_covered == ()


def test_an_event_of_a_restricted_review_is_left_out_for_a_user_outside_it(northshire):
    review = northshire.reviews.get(ref="Ref052")
    assert review.restricted
    event = Event.objects.filter(partnership=northshire).first()
    event.reviews.add(review)
    lead = User.objects.get(username="agency.lead")  # a member
    other = User.objects.get(username="reviewer")
    start, end = dt.date(2016, 4, 1), dt.date(2017, 3, 31)
    titles = lambda user: [e.id for e in year_summary(northshire, start, end, user=user).events]  # noqa: E731
    assert event.pk in titles(lead) and event.pk not in titles(other)
