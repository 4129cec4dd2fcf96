"""Reads of events, always in the user's reach (an event of a restricted review: its members)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from casereviews.accounts.models import Agency, User
from casereviews.actions.models import Action
from casereviews.core.per_view import once_per_view
from casereviews.core.scoping import get_in_reach_or_404, in_partnership, in_reach
from casereviews.reviews.models import Review

from .models import (
    FOLLOW_UP_DUE_DAYS,
    Attendance,
    Booking,
    BookingStatus,
    Event,
    Response,
    Stage,
)
from .reporting import with_figures


def events_in_reach(user) -> QuerySet[Event]:
    return in_reach(Event.objects.all(), user).select_related("requested_by")


def upcoming_events(user) -> QuerySet[Event]:
    return events_in_reach(user).filter(ends_at__gt=timezone.now(), cancelled_at__isnull=True)


def past_events(user, start: dt.date, end: dt.date) -> QuerySet[Event]:
    return (
        events_in_reach(user)
        .filter(ends_at__lte=timezone.now(), starts_at__date__gte=start, starts_at__date__lte=end)
        .order_by("-starts_at")
    )


def get_event(user, event_id: int) -> Event:
    return get_in_reach_or_404(
        Event.objects.select_related("requested_by", "created_by"), user, pk=event_id
    )


def event_with_figures(user, event_id: int) -> Event:
    """One event with what its figures need (reporting.event_summary) loaded."""
    return get_in_reach_or_404(with_figures(Event.objects.all()), user, pk=event_id)


def own_bookings(user) -> QuerySet[Booking]:
    return (
        in_reach(Booking.objects.filter(person=user), user)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )


def booking_of(user, event: Event) -> Booking | None:
    return in_reach(Booking.objects.filter(event=event, person=user), user).first()


def get_booking(user, event: Event, booking_id: int) -> Booking:
    return get_in_reach_or_404(
        Booking.objects.filter(event=event).select_related("person", "event"), user, pk=booking_id
    )


def bookings_of(user, event: Event) -> QuerySet[Booking]:
    return (
        in_reach(Booking.objects.filter(event=event), user)
        .select_related("person__agency", "manager", "booked_by")
        .order_by("asked_at", "id")
    )


def register_of(user, event: Event) -> QuerySet[Attendance]:
    return in_reach(Attendance.objects.filter(event=event), user).select_related(
        "agency", "booking"
    )


def attendance_of(user, event: Event) -> Attendance | None:
    """The user's own line on the register of the event, if any."""
    return (
        in_reach(Attendance.objects.filter(event=event, person=user), user)
        .select_related("booking", "event")
        .first()
    )


def get_attendance(user, attendance_id: int) -> Attendance:
    return get_in_reach_or_404(
        Attendance.objects.select_related("event", "booking", "agency"), user, pk=attendance_id
    )


def answered(user, *, booking=None, attendance=None) -> set[str]:
    """The stages already answered for a booking or a line of the register."""
    where = Q(booking=booking) if booking is not None else Q(attendance=attendance)
    return set(in_reach(Response.objects.filter(where), user).values_list("stage", flat=True))


def follow_ups_for(user, today: dt.date | None = None) -> list[Attendance]:
    """The follow-ups the user must do (their own, or as the manager named at booking) that are
    due within two weeks or overdue and not yet answered: for the dashboard."""
    today = today or timezone.localdate()
    lines = (
        in_reach(Attendance.objects.filter(attended=True, follow_up_due__isnull=False), user)
        .filter(Q(person=user) | Q(booking__manager=user))
        .filter(follow_up_due__lte=today + dt.timedelta(days=14))
        .exclude(responses__stage=Stage.FOLLOW_UP)
        .select_related("event", "booking")
        .order_by("follow_up_due", "id")
    )
    # the dashboard's events panel and its "What falls due" both ask
    return once_per_view(("follow_ups_for", user.pk, today), lambda: list(lines))


def feedback_to_give(user) -> list[Attendance]:
    """Events the user attended in the last six weeks without giving feedback yet."""
    now = timezone.now()
    since = now - dt.timedelta(days=FOLLOW_UP_DUE_DAYS)
    lines = (
        in_reach(Attendance.objects.filter(person=user, attended=True), user)
        .filter(event__ends_at__gte=since, event__ends_at__lte=now)
        .exclude(responses__stage=Stage.FEEDBACK)
        .select_related("event")
        .order_by("event__starts_at")
    )
    # the dashboard's events panel and its "What falls due" both ask, the same minute
    return once_per_view(("feedback_to_give", user.pk), lambda: list(lines))


# --- Choices for the forms -------------------------------------------------------------------


def review_choices(user) -> QuerySet[Review]:
    return in_reach(Review.objects.all(), user).order_by("ref")


def action_choices(user) -> QuerySet[Action]:
    return in_reach(Action.objects.all(), user).select_related("agency").order_by("id")


def agency_choices(user) -> QuerySet[Agency]:
    return in_partnership(Agency.objects.filter(active=True), user).order_by("name")


def all_agencies(user) -> QuerySet[Agency]:
    return in_partnership(Agency.objects.all(), user)


def people(user) -> QuerySet[User]:
    """Active people of the partnership who work for an agency (bookable), by name."""
    return (
        in_partnership(
            User.objects.filter(is_active=True, is_service_account=False, agency__isnull=False),
            user,
        )
        .select_related("agency")
        .order_by("last_name", "first_name", "username")
    )


def managers(user) -> QuerySet[User]:
    people = User.objects.filter(is_active=True, is_service_account=False)
    return in_partnership(people, user).order_by("last_name", "first_name", "username")
