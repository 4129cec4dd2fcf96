"""The writes of events and training: each in a transaction, checked, and audited.

Planning an event, booking (a place, or the waiting list when full), cancelling (the first on
the waiting list then gets the place), the register (from bookings, typed, or a sign-in sheet:
importing/), and the three evaluation answers. Bad input raises ValidationError with the field
it is about; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from casereviews.accounts.roles import Permission
from casereviews.core import audit, search_index
from casereviews.core.concurrency import save_versioned
from casereviews.core.models import AuditAction
from casereviews.learning.themes import is_theme

from .models import (
    FOLLOW_UP_DUE_DAYS,
    Attendance,
    AttendanceSource,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    Response,
    Stage,
)

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "online",
    "facilitator",
    "capacity",
    "audience",
    "requested_by",
)


def _require(actor, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied


def check_event(data: dict[str, Any]) -> None:
    """The rules every event meets, however it is entered (a form, the demo, a command)."""
    errors: dict[str, str] = {}
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = "The event must end after it starts"
    if data.get("capacity") is not None and data["capacity"] < 1:
        errors["capacity"] = "Capacity must be 1 or more, or left blank for no limit"
    if not data.get("online") and not (data.get("venue") or "").strip():
        errors["venue"] = "Enter the venue, or say the event is online"
    unknown = [t for t in data.get("themes", []) if not is_theme(t)]
    if unknown:
        errors["themes"] = f"Unknown theme: {unknown[0]}"
    if data.get("kind") == EventKind.AGENCY_SESSION and not data.get("requested_by"):
        errors["requested_by"] = "Choose the agency that asked for the session"
    if data.get("kind") == EventKind.LEARNING_EVENT and not data.get("reviews"):
        errors["reviews"] = "Choose the review the learning event is part of"
    if errors:
        raise ValidationError(errors)


def _set_links(event: Event, data: dict[str, Any]) -> None:
    event.reviews.set(data.get("reviews", []))
    event.actions.set(data.get("actions", []))


def _links(event: Event) -> dict[str, list]:
    return {
        "reviews": sorted(r.ref for r in event.reviews.all()),
        "actions": sorted(a.pk for a in event.actions.all()),
    }


@transaction.atomic
def create_event(actor, partnership, data: dict[str, Any], *, check_actor: bool = True) -> Event:
    if check_actor:
        _require(actor, Permission.MANAGE_EVENTS)
    check_event(data)
    event = Event(
        partnership=partnership,
        themes=list(data.get("themes", [])),
        created_by=actor if getattr(actor, "pk", None) else None,
        **{f: data.get(f) for f in EVENT_FIELDS if f in data},
    )
    event.full_clean(exclude=["reviews", "actions"])
    event.save()
    _set_links(event, data)
    audit.record(
        actor,
        AuditAction.CREATE,
        event,
        changes={"after": {**audit.snapshot(event), **_links(event)}},
    )
    search_index.index_record(event)
    return event


@transaction.atomic
def change_event(actor, event: Event, data: dict[str, Any], version: int | None) -> Event:
    _require(actor, Permission.MANAGE_EVENTS)
    check_event(data)
    before = {**audit.snapshot(event), **_links(event)}
    for f in EVENT_FIELDS:
        if f in data:
            setattr(event, f, data[f])
    event.themes = list(data.get("themes", []))
    event.full_clean(exclude=["reviews", "actions"])
    save_versioned(event, version)
    _set_links(event, data)
    changes = audit.diff(before, {**audit.snapshot(event), **_links(event)})
    changes.pop("version", None)
    if changes:
        audit.record(actor, AuditAction.UPDATE, event, changes=changes)
    search_index.index_record(event)
    return event


@transaction.atomic
def cancel_event(actor, event: Event) -> Event:
    _require(actor, Permission.MANAGE_EVENTS)
    if event.cancelled_at is not None:
        return event
    before = audit.snapshot(event)
    event.cancelled_at = timezone.now()
    save_versioned(event, event.version)
    audit.record_update(actor, event, before)
    return event


# --- Bookings ---------------------------------------------------------------------------------


def places_taken(event: Event) -> int:
    return event.bookings.filter(status=BookingStatus.BOOKED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or places_taken(event) < event.capacity


@transaction.atomic
def book(actor, event: Event, person, manager=None) -> Booking:
    """A place for `person` (the actor, or anyone of the partnership when the business unit
    books for them), or a place on the waiting list when the event is full."""
    if person.pk == actor.pk:
        _require(actor, Permission.BOOK_EVENT, event)
    else:
        _require(actor, Permission.MANAGE_EVENTS)
        if person.partnership_id != event.partnership_id or person.agency_id is None:
            raise ValidationError(
                {"person": "Choose a person of the partnership who works for an agency"}
            )
    if event.cancelled_at is not None:
        raise ValidationError("This event has been cancelled: it cannot be booked")
    if event.starts_at <= timezone.now():
        raise ValidationError("This event has started: it can no longer be booked")
    if manager is not None and (
        manager.pk == person.pk or manager.partnership_id != event.partnership_id
    ):
        raise ValidationError({"manager": "Choose the person's manager, not the person"})
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one booking at a time
    status = BookingStatus.BOOKED if _has_place(event) else BookingStatus.WAITING
    booking = Booking.objects.filter(event=event, person=person).first()
    if booking is not None and booking.status != BookingStatus.CANCELLED:
        raise ValidationError(
            f"{person.get_full_name() or person.username} is already "
            f"{'booked' if booking.status == BookingStatus.BOOKED else 'on the waiting list'}"
        )
    if booking is None:
        booking = Booking(event=event, person=person)
        before = None
    else:
        before = audit.snapshot(booking)
    booking.booked_by = actor
    booking.manager = manager
    booking.status = status
    booking.asked_at = timezone.now()
    booking.cancelled_at = None
    booking.save()
    if before is None:
        audit.record_create(actor, booking)
    else:
        audit.record_update(actor, booking, before)
    return booking


def may_cancel(actor, booking: Booking) -> bool:
    return booking.person_id == actor.pk or actor.has_perm(Permission.MANAGE_EVENTS)


@transaction.atomic
def cancel_booking(actor, booking: Booking) -> Booking | None:
    """Cancel a booking; if it held a place, the first on the waiting list takes it. Returns
    the booking promoted, if any."""
    if not may_cancel(actor, booking):
        raise PermissionDenied
    if booking.status == BookingStatus.CANCELLED:
        return None
    if hasattr(booking, "attendance"):
        raise ValidationError("This booking is on the register: it can no longer be cancelled")
    Event.objects.select_for_update().filter(pk=booking.event_id).first()
    held_place = booking.status == BookingStatus.BOOKED
    before = audit.snapshot(booking)
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save()
    audit.record_update(actor, booking, before)
    if not held_place:
        return None
    event = booking.event
    first = event.bookings.filter(status=BookingStatus.WAITING).order_by("asked_at", "id").first()
    if first is None or not _has_place(event):
        return None
    before = audit.snapshot(first)
    first.status = BookingStatus.BOOKED
    first.save()
    audit.record_update(actor, first, before, object_repr=f"{first} (from the waiting list)")
    return first


# --- The register -----------------------------------------------------------------------------


def follow_up_due(event: Event) -> dt.date:
    return timezone.localdate(event.ends_at) + dt.timedelta(days=FOLLOW_UP_DUE_DAYS)


def _event_has_started(event: Event) -> None:
    if event.starts_at > timezone.now():
        raise ValidationError("The register opens when the event starts")


@transaction.atomic
def mark_bookings(actor, event: Event, present: dict[int, bool]) -> int:
    """Put booked people on the register as present (True) or not (False, a no-show).

    `present`: {booking id: came}. Returns how many lines changed.
    """
    _require(actor, Permission.MANAGE_EVENTS)
    _event_has_started(event)
    changed = 0
    bookings = event.bookings.filter(pk__in=present, status=BookingStatus.BOOKED)
    for booking in bookings.select_related("person__agency"):
        came = present[booking.pk]
        line = Attendance.objects.filter(booking=booking).first()
        if line is None:
            line = Attendance.objects.create(
                event=event,
                booking=booking,
                person=booking.person,
                name=booking.person.get_full_name() or booking.person.username,
                agency=booking.person.agency,
                role=booking.person.job_title,
                attended=came,
                source=AttendanceSource.BOOKING,
                follow_up_due=follow_up_due(event) if came else None,
                recorded_by=actor,
            )
            audit.record_create(actor, line)
            changed += 1
        elif line.attended != came:
            before = audit.snapshot(line)
            line.attended = came
            line.follow_up_due = follow_up_due(event) if came else None
            line.save()
            audit.record_update(actor, line, before)
            changed += 1
    return changed


@transaction.atomic
def record_attendance(actor, event: Event, data: dict[str, Any]) -> Attendance:
    """A line typed into the register: name, agency, role, and whether they came."""
    _require(actor, Permission.MANAGE_EVENTS)
    _event_has_started(event)
    agency = data["agency"]
    if agency.partnership_id != event.partnership_id:
        raise ValidationError({"agency": "Choose one of the partnership's agencies"})
    person = data.get("person")  # someone with an account: their follow-up is scheduled
    if person is not None and person.partnership_id != event.partnership_id:
        raise ValidationError({"person": "Choose a person of the partnership"})
    attended = data.get("attended", True)
    line = Attendance(
        event=event,
        person=person,
        name=data["name"].strip(),
        agency=agency,
        role=data.get("role", "").strip(),
        attended=attended,
        source=AttendanceSource.TYPED,
        follow_up_due=follow_up_due(event) if person is not None and attended else None,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    line.full_clean(exclude=["event", "agency", "recorded_by", "sign_in", "booking", "person"])
    line.save()
    audit.record_create(actor, line)
    return line


def add_lines(
    actor, event: Event, lines: list[dict[str, Any]], *, source: str, sign_in=None
) -> list[Attendance]:
    """Many lines at once (a sign-in sheet, the demo): {name, agency, role, attended}. The
    caller checks the actor may keep the register and the lines are valid; call it inside the
    caller's transaction."""
    created = Attendance.objects.bulk_create(
        Attendance(
            event=event,
            name=line["name"],
            agency=line["agency"],
            role=line.get("role", ""),
            attended=line.get("attended", True),
            source=source,
            sign_in=sign_in,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        for line in lines
    )
    if connection.features.can_return_rows_from_bulk_insert:
        audit.record_created_many(actor, created, partnership=event.partnership)
    else:  # pragma: no cover (both our databases return the new rows' ids)
        for line in created:
            audit.record_create(actor, line)
    return created


# --- Evaluation -------------------------------------------------------------------------------


def _rating(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    value = int(value)
    if not 1 <= value <= 5:
        raise ValidationError({field: "Choose a number from 1 to 5"})
    return value


@transaction.atomic
def record_paper_response(actor, attendance: Attendance, stage: str, data: dict[str, Any]):
    """A feedback or follow-up form filled in on paper, typed in by the business unit."""
    _require(actor, Permission.MANAGE_EVENTS)
    if not attendance.attended:
        raise ValidationError("Only someone who attended gives feedback")
    if stage == Stage.FOLLOW_UP and not data.get("practice_changed"):
        raise ValidationError({"practice_changed": "Say whether practice has changed"})
    return _respond(
        actor,
        attendance.event,
        stage,
        attendance=attendance,
        rating=_rating(data.get("rating"), "rating"),
        confidence=_rating(data.get("confidence"), "confidence"),
        learned=data.get("learned", "").strip(),
        quote=data.get("quote", "").strip(),
        may_quote=bool(data.get("may_quote")),
        practice_changed=data.get("practice_changed", ""),
        change=data.get("change", "").strip(),
        manager_name=data.get("manager_name", "").strip(),
    )


def _respond(
    actor, event: Event, stage: str, *, booking=None, attendance=None, **fields
) -> Response:
    where = {"booking": booking} if booking is not None else {"attendance": attendance}
    if Response.objects.filter(stage=stage, **where).exists():
        raise ValidationError(f"{Stage(stage).label}: this has already been answered")
    person = (booking or attendance).person if (booking or attendance) else None
    response = Response.objects.create(
        event=event,
        stage=stage,
        booking=booking,
        attendance=attendance,
        respondent=person,
        agency=(attendance.agency if attendance else getattr(person, "agency", None)),
        answered_at=timezone.now(),
        **fields,
    )
    audit.record_create(actor, response)
    return response


@transaction.atomic
def record_baseline(actor, booking: Booking, data: dict[str, Any]) -> Response:
    """Before the event: how confident the person is now, and what they hope to learn."""
    if booking.person_id != actor.pk or booking.status == BookingStatus.CANCELLED:
        raise PermissionDenied
    if booking.event.starts_at <= timezone.now():
        raise ValidationError("The event has started: the baseline is asked before it")
    return _respond(
        actor,
        booking.event,
        Stage.BASELINE,
        booking=booking,
        confidence=_rating(data.get("confidence"), "confidence"),
        hopes=data.get("hopes", "").strip(),
    )


@transaction.atomic
def record_feedback(actor, attendance: Attendance, data: dict[str, Any]) -> Response:
    """Straight after: how useful it was (level 1), confidence now and what was learned
    (level 2), and a comment that may be quoted."""
    if attendance.person_id != actor.pk or not attendance.attended:
        raise PermissionDenied
    return _respond(
        actor,
        attendance.event,
        Stage.FEEDBACK,
        attendance=attendance,
        rating=_rating(data.get("rating"), "rating"),
        confidence=_rating(data.get("confidence"), "confidence"),
        learned=data.get("learned", "").strip(),
        quote=data.get("quote", "").strip(),
        may_quote=bool(data.get("may_quote")),
    )


def may_answer_follow_up(actor, attendance: Attendance) -> bool:
    manager_id = attendance.booking.manager_id if attendance.booking_id else None
    return attendance.attended and actor.pk in (attendance.person_id, manager_id)


@transaction.atomic
def record_follow_up(actor, attendance: Attendance, data: dict[str, Any]) -> Response:
    """Six to eight weeks later, with the manager: what changed in practice (level 3)."""
    if not may_answer_follow_up(actor, attendance):
        raise PermissionDenied
    if attendance.follow_up_due and timezone.localdate() < attendance.follow_up_due - dt.timedelta(
        days=14
    ):
        raise ValidationError(
            "The follow-up opens two weeks before it is due: time is needed to see a change"
        )
    if not data.get("practice_changed"):
        raise ValidationError({"practice_changed": "Say whether practice has changed"})
    return _respond(
        actor,
        attendance.event,
        Stage.FOLLOW_UP,
        attendance=attendance,
        practice_changed=data["practice_changed"],
        change=data.get("change", "").strip(),
        manager_name=data.get("manager_name", "").strip(),
        quote=data.get("quote", "").strip(),
        may_quote=bool(data.get("may_quote")),
    )
