"""Planning, booking with a waiting list, the register and the evaluation, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from casereviews.core.models import AuditLog
from casereviews.events import selectors, services
from casereviews.events.models import Attendance, BookingStatus, Event
from tests.events.conftest import at, event_data
from tests.factories import ReviewFactory, UserFactory


def test_an_event_that_ends_before_it_starts_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as caught:
        services.create_event(
            world.business_unit,
            world.partnership,
            event_data(starts_at=at(3, 14), ends_at=at(3, 10)),
        )
    assert caught.value.message_dict["ends_at"] == ["The event must end after it starts"]
    assert not Event.objects.exists() and not AuditLog.objects.exists()


def test_the_database_refuses_an_event_ending_before_it_starts(world, event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(ends_at=at(13))


def test_planned_dates_in_the_future_are_fine_and_audited(world, event):
    assert event.starts_at > at(0)
    entry = AuditLog.objects.get(object_type="events.Event")
    assert entry.action == "create"
    assert entry.changes["after"]["themes"] == ["professional-curiosity", "voice-of-child"]


def test_only_the_business_unit_plans_events(world):
    for user in (world.practitioner, world.subgroup_member, world.reviewer):
        with pytest.raises(PermissionDenied):
            services.create_event(user, world.partnership, event_data())


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_promotes_the_first(
    world, event, colleague, manager
):
    first = services.book(world.practitioner, event, world.practitioner, manager)
    second = services.book(colleague, event, colleague)
    third = services.book(world.business_unit, event, manager)  # booked for them
    assert [first.status, second.status, third.status] == ["booked", "booked", "waiting"]
    assert third.booked_by == world.business_unit
    promoted = services.cancel_booking(colleague, second)
    assert promoted == third
    third.refresh_from_db()
    assert third.status == BookingStatus.BOOKED
    assert services.places_taken(event) == 2


def test_booking_twice_is_refused_and_booking_again_after_cancelling_works(world, event):
    booking = services.book(world.practitioner, event, world.practitioner)
    with pytest.raises(ValidationError, match="already booked"):
        services.book(world.practitioner, event, world.practitioner)
    services.cancel_booking(world.practitioner, booking)
    again = services.book(world.practitioner, event, world.practitioner)
    assert again.pk == booking.pk and again.status == BookingStatus.BOOKED


def test_nobody_books_a_cancelled_or_started_event_nor_for_someone_else(world, event, colleague):
    with pytest.raises(PermissionDenied):
        services.book(
            world.practitioner, event, colleague
        )  # only the business unit books for others
    services.cancel_event(world.business_unit, event)
    with pytest.raises(PermissionDenied):
        services.book(world.practitioner, event, world.practitioner)
    with pytest.raises(ValidationError, match="cancelled"):
        services.book(world.business_unit, event, world.practitioner)


def test_a_practitioner_cannot_cancel_someone_elses_booking(world, event, colleague):
    booking = services.book(colleague, event, colleague)
    with pytest.raises(PermissionDenied):
        services.cancel_booking(world.practitioner, booking)


def test_the_register_over_capacity_is_flagged_not_refused(world, event, colleague, _today):
    services.book(world.practitioner, event, world.practitioner)
    services.book(colleague, event, colleague)
    _today.move_to(at(14, 12))
    bookings = {b.pk: True for b in event.bookings.all()}
    assert services.mark_bookings(world.business_unit, event, bookings) == 2
    services.record_attendance(
        world.business_unit,
        event,
        {"name": "Jo Walker", "agency": world.police, "role": "PCSO", "attended": True},
    )
    from casereviews.events.reporting import event_summary

    summary = event_summary(selectors.event_with_figures(world.business_unit, event.pk))
    assert summary.attended == 3 and summary.capacity == 2 and summary.over_capacity
    assert dict(summary.attendance_by_agency) == {"Northshire Health": 1, "Northshire Police": 2}


def test_the_register_waits_for_the_event_to_start(world, event):
    with pytest.raises(ValidationError, match="register opens when the event starts"):
        services.record_attendance(
            world.business_unit,
            event,
            {"name": "Jo Walker", "agency": world.police, "role": "", "attended": True},
        )


def test_a_follow_up_is_scheduled_six_weeks_after_the_event_for_each_attendee(
    world, event, manager, _today
):
    services.book(world.practitioner, event, world.practitioner, manager)
    _today.move_to(at(14, 17))
    booking = event.bookings.get()
    services.mark_bookings(world.business_unit, event, {booking.pk: True})
    line = Attendance.objects.get()
    assert line.follow_up_due == dt.date(2026, 10, 15) + dt.timedelta(days=42)
    # Not yet due: nothing on the dashboard lists.
    assert selectors.follow_ups_for(world.practitioner) == []
    _today.move_to(at(14 + 42, 9))
    assert selectors.follow_ups_for(world.practitioner) == [line]
    assert selectors.follow_ups_for(manager) == [line]  # the manager named at booking too
    services.record_follow_up(
        manager,
        line,
        {
            "practice_changed": "yes",
            "change": "Fathers asked about.",
            "manager_name": "Morgan Ellis",
        },
    )
    assert selectors.follow_ups_for(world.practitioner) == []


def test_feedback_only_from_someone_who_attended_and_only_once(world, event, colleague, _today):
    services.book(world.practitioner, event, world.practitioner)
    services.book(colleague, event, colleague)
    _today.move_to(at(14, 17))
    present = {b.pk: b.person_id == world.practitioner.pk for b in event.bookings.all()}
    services.mark_bookings(world.business_unit, event, present)
    mine = Attendance.objects.get(person=world.practitioner)
    theirs = Attendance.objects.get(person=colleague)
    answers = {"rating": "5", "confidence": "4", "learned": "To ask who else is involved."}
    services.record_feedback(world.practitioner, mine, answers)
    with pytest.raises(ValidationError, match="already been answered"):
        services.record_feedback(world.practitioner, mine, answers)
    with pytest.raises(PermissionDenied):
        services.record_feedback(colleague, theirs, answers)  # a no-show
    with pytest.raises(PermissionDenied):
        services.record_feedback(colleague, mine, answers)  # not theirs


def test_an_event_of_a_restricted_review_is_seen_only_by_its_members(world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref052", restricted=True)
    review.restricted_members.add(world.business_unit)
    event = services.create_event(
        world.business_unit,
        world.partnership,
        event_data(kind="learning_event", title="Learning event", reviews=[review]),
    )
    assert selectors.get_event(world.business_unit, event.pk) == event
    for user in (world.practitioner, world.subgroup_member, world.reviewer):
        assert not selectors.events_in_reach(user).filter(pk=event.pk).exists()
    outsider_bu = UserFactory(username="bu2", partnership=world.partnership, role="business_unit")
    assert not selectors.events_in_reach(outsider_bu).exists()
