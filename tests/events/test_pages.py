"""The events pages for every role: who sees what, who may do what, and bad input."""

from __future__ import annotations

import pytest

from casereviews.core.models import AuditLog
from casereviews.events import services
from casereviews.events.models import Booking, Event, Response
from tests.events.conftest import at


def _date(name, when):
    return {f"{name}-day": when.day, f"{name}-month": when.month, f"{name}-year": when.year}


def event_post(world, **overrides):
    data = {
        "kind": "agency_session",
        "title": "Learning from reviews for health colleagues",
        "description": "",
        **_date("date", at(30)),
        "start_time": "9:30",
        "end_time": "12:30",
        "venue": "Northshire General Hospital, seminar room 2",
        "facilitator": "Safeguarding project officer",
        "capacity": "40",
        "audience": "Health colleagues",
        "requested_by": str(world.health.pk),
        "themes": ["babies-injury"],
        "version": "",
    }
    data.update(overrides)
    return data


def test_the_business_unit_plans_an_event_in_the_future(world, client_for):
    client = client_for(world.business_unit)
    assert client.get("/events/add/").status_code == 200
    response = client.post("/events/add/", event_post(world))
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == f"/events/{event.pk}/"
    page = client.get(response.url).content.decode()
    assert "Agency-requested session" in page and "Northshire Health" in page
    assert "Babies and non-accidental injury" in page


def test_an_event_that_ends_before_it_starts_is_named_on_the_form(world, client_for):
    client = client_for(world.business_unit)
    response = client.post("/events/add/", event_post(world, start_time="14:00", end_time="10:00"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "The event must end after it starts" in page
    assert not Event.objects.exists()
    assert not AuditLog.objects.filter(object_type="events.Event").exists()


def test_bad_times_and_a_missing_agency_for_a_session_are_named(world, client_for):
    client = client_for(world.business_unit)
    page = client.post(
        "/events/add/", event_post(world, start_time="25:00", requested_by="")
    ).content.decode()
    assert "Start time must be a time of day, such as 9:30 or 14:00" in page
    page = client.post("/events/add/", event_post(world, requested_by="")).content.decode()
    assert "Choose the agency that asked for the session" in page
    assert not Event.objects.exists()


@pytest.mark.parametrize("role", ["practitioner", "subgroup_member", "reviewer"])
def test_only_the_business_unit_may_plan_or_change(world, client_for, event, role):
    client = client_for(getattr(world, role))
    assert client.get("/events/add/").status_code == 403
    assert client.get(f"/events/{event.pk}/change/").status_code == 403
    assert client.get(f"/events/{event.pk}/register/").status_code == 403
    assert client.post(f"/events/{event.pk}/cancel/").status_code == 403
    assert client.get("/events/").status_code == 200
    assert client.get(f"/events/{event.pk}/").status_code == 200


def test_another_partnership_finds_nothing(world, client_for, event):
    client = client_for(world.outsider)
    assert client.get(f"/events/{event.pk}/").status_code == 404
    assert client.get(f"/events/{event.pk}/register/").status_code == 404
    assert event.title not in client.get("/events/").content.decode()


def test_a_practitioner_books_and_cancels_from_the_event_page(world, client_for, event):
    client = client_for(world.practitioner)
    page = client.get("/events/").content.decode()
    assert event.title in page
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Book a place" in page
    response = client.post(f"/events/{event.pk}/book/", {"manager": ""})
    assert response.status_code == 302
    booking = Booking.objects.get()
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "You have a place" in page and "Before the event" in page
    response = client.post(f"/events/{event.pk}/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_a_reviewer_without_an_agency_cannot_book(world, client_for, event):
    client = client_for(world.reviewer)
    assert "Book a place" not in client.get(f"/events/{event.pk}/").content.decode()
    assert client.post(f"/events/{event.pk}/book/").status_code == 403


def test_the_business_unit_books_for_someone_and_the_waiting_list_shows(
    world, client_for, event, colleague, manager
):
    services.book(world.practitioner, event, world.practitioner)
    services.book(colleague, event, colleague)
    client = client_for(world.business_unit)
    response = client.post(
        f"/events/{event.pk}/bookings/add/", {"person": manager.pk, "manager": ""}
    )
    assert response.status_code == 302
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "On the waiting list" in page and "Morgan Ellis" in page


def test_the_evaluation_is_shown_to_the_board_not_to_practitioners(
    world, client_for, event, _today
):
    services.book(world.practitioner, event, world.practitioner)
    _today.move_to(at(14, 17))
    services.mark_bookings(world.business_unit, event, {event.bookings.get().pk: True})
    client = client_for(world.practitioner)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "Give your feedback on the event" in page
    assert "Level 1, reaction" not in page
    response = client.post(
        f"/events/{event.pk}/feedback/",
        {"rating": "5", "confidence": "4", "learned": "Ask about fathers.",
         "quote": "Thought provoking.", "may_quote": "on"},
    )  # fmt: skip
    assert response.status_code == 302 and Response.objects.count() == 1
    for user in (world.business_unit, world.subgroup_member):
        page = client_for(user).get(f"/events/{event.pk}/").content.decode()
        assert "Level 1, reaction" in page and "Thought provoking." in page
    page = client_for(world.business_unit).get("/events/year/?year=2026-27").content.decode()
    assert "Themes covered by training" in page and "Voice and lived experience" in page
    assert client_for(world.practitioner).get("/events/year/").status_code == 403


def test_feedback_refused_to_someone_not_on_the_register(world, client_for, event):
    client = client_for(world.practitioner)
    assert client.get(f"/events/{event.pk}/feedback/").status_code == 404


def test_the_dashboard_shows_a_follow_up_due_then_overdue(
    world, client_for, event, manager, _today
):
    services.book(world.practitioner, event, world.practitioner, manager)
    _today.move_to(at(14, 17))
    services.mark_bookings(world.business_unit, event, {event.bookings.get().pk: True})
    _today.move_to(at(14 + 43, 9))
    page = client_for(world.practitioner).get("/").content.decode()
    assert "Follow-up: Learning from Serious Case Reviews" in page and ">Due<" in page
    _today.move_to(at(14 + 60, 9))
    page = client_for(manager).get("/").content.decode()
    assert "Follow-up with" in page and ">Overdue<" in page
