"""Events pages: parse, authorise, call the services, render (reads in selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereviews.accounts.roles import Permission
from casereviews.core import once
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.forms import add_service_errors, checkboxes_params, error_summary
from casereviews.core.reporting_year import ReportingYear, parse_or_none
from casereviews.core.views_helpers import page, require

from . import presenters, reporting, results, selectors, services
from .forms import (
    SERVICE_FIELDS,
    AttendanceForm,
    BaselineForm,
    BookForm,
    BookForOtherForm,
    EventForm,
    FeedbackForm,
    FollowUpForm,
)
from .models import BookingStatus, Stage


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        exc = ValidationError({SERVICE_FIELDS.get(k, k): v for k, v in exc.error_dict.items()})
    add_service_errors(form, exc)


def event_list(request: HttpRequest) -> HttpResponse:
    require(request, Permission.VIEW_EVENTS)
    user = request.user
    this_year = ReportingYear.of(timezone.localdate())
    past = selectors.past_events(user, this_year.start, this_year.end)
    return page(
        request,
        "events/list.html",
        "Events and training",
        upcoming=[presenters.list_row(e, user) for e in selectors.upcoming_events(user)],
        past=[presenters.list_row(e, user) for e in past],
        year=this_year.label,
        own=[presenters.booking_row(b) for b in selectors.own_bookings(user)],
        can_manage=user.has_perm(Permission.MANAGE_EVENTS),
        can_evaluate=user.has_perm(Permission.VIEW_EVENT_EVALUATION),
    )


def _event_form_page(request, form, title: str, event=None) -> HttpResponse:
    lists = ["reviews", "themes"] + (["actions"] if form.fields["actions"].choices else [])
    return page(
        request,
        "events/form.html",
        title,
        form=form,
        event=event,
        errors=error_summary(form),
        lists=[checkboxes_params(form[n], classes="govuk-checkboxes--small") for n in lists],
    )


@once.replay_safe
def create_event(request: HttpRequest) -> HttpResponse:
    require(request, Permission.MANAGE_EVENTS)
    form = EventForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                event = services.create_event(
                    request.user, request.user.partnership, form.event_data()
                )
                receipt.saved(event, reverse("events:detail", args=[event.pk]))
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, f"{event.title} has been added")
            return redirect(receipt.url)
    return _event_form_page(request, form, "Plan an event")


def change_event(request: HttpRequest, event_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_EVENTS)
    event = selectors.get_event(request.user, event_id)
    form = EventForm(request.user, request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_event(
                request.user, event, form.event_data(), form.cleaned_data.get("version")
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        except StaleRecordError:
            form.add_error(
                None,
                "Someone saved this event after you opened it. Open it again to see what is "
                "saved, then make your change.",
            )
        else:
            messages.success(request, "The event has been changed")
            return redirect("events:detail", event_id=event.pk)
    return _event_form_page(request, form, f"Change {event.title}", event)


@require_POST
def cancel_event(request: HttpRequest, event_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_EVENTS)
    event = selectors.get_event(request.user, event_id)
    services.cancel_event(request.user, event)
    messages.success(request, f"{event.title} has been cancelled")
    return redirect("events:detail", event_id=event.pk)


def detail(request: HttpRequest, event_id: int) -> HttpResponse:
    require(request, Permission.VIEW_EVENTS)
    user = request.user
    event = selectors.get_event(user, event_id)
    booking = selectors.booking_of(user, event)
    line = selectors.attendance_of(user, event)
    manage = user.has_perm(Permission.MANAGE_EVENTS)
    evaluate = user.has_perm(Permission.VIEW_EVENT_EVALUATION)
    context = {
        "event": event,
        "summary": presenters.event_rows(event, user),
        "booking": booking,
        "booking_text": presenters.booking_status(booking),
        "book_form": BookForm(user) if user.has_perm(Permission.BOOK_EVENT, event) else None,
        "can_book": user.has_perm(Permission.BOOK_EVENT, event)
        and (booking is None or booking.status == BookingStatus.CANCELLED),
        "todo": presenters.todo(user, event, booking, line),
        "can_manage": manage,
        "started": event.starts_at <= timezone.now(),
    }
    if manage or evaluate:
        figures = reporting.event_summary(selectors.event_with_figures(user, event.pk))
        level4 = results.sentences([figures], user, timezone.localdate())
        context["figures"] = presenters.figures(figures, level4)
    if manage:
        context["bookings"] = presenters.booking_rows(selectors.bookings_of(user, event))
        context["other_form"] = BookForOtherForm(user)
    return page(request, "events/detail.html", event.title, **context)


@require_POST
def book(request: HttpRequest, event_id: int) -> HttpResponse:
    user = request.user
    event = selectors.get_event(user, event_id)
    require(request, Permission.BOOK_EVENT, event)
    form = BookForm(user, request.POST)
    manager = form.manager_objs.get(form.cleaned_data["manager"]) if form.is_valid() else None
    try:
        booking = services.book(user, event, user, manager)
    except ValidationError as exc:
        messages.info(request, exc.messages[0])
    else:
        messages.success(request, presenters.booked_message(booking, own=True))
    return redirect("events:detail", event_id=event.pk)


@once.replay_safe
def add_booking(request: HttpRequest, event_id: int) -> HttpResponse:
    """The business unit books a place for someone."""
    require(request, Permission.MANAGE_EVENTS)
    event = selectors.get_event(request.user, event_id)
    form = BookForOtherForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.people[form.cleaned_data["person"]]
        manager = form.manager_objs.get(form.cleaned_data["manager"])
        try:
            with once.claim(request) as receipt:
                booking = services.book(request.user, event, person, manager)
                receipt.saved(booking, reverse("events:detail", args=[event.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, presenters.booked_message(booking, own=False))
            return redirect(receipt.url)
    return page(
        request,
        "events/book_other.html",
        f"Book a place at {event.title}",
        event=event,
        form=form,
        errors=error_summary(form),
    )


@require_POST
def cancel_booking(request: HttpRequest, event_id: int, booking_id: int) -> HttpResponse:
    user = request.user
    event = selectors.get_event(user, event_id)
    booking = selectors.get_booking(user, event, booking_id)
    if not services.may_cancel(user, booking):
        raise PermissionDenied
    try:
        promoted = services.cancel_booking(user, booking)
    except ValidationError as exc:
        messages.info(request, exc.messages[0])
        return redirect("events:detail", event_id=event.pk)
    text = "The booking has been cancelled"
    if promoted is not None:
        text += f". {promoted.person.get_full_name()} had the first place on the waiting list"
    messages.success(request, text)
    return redirect("events:detail", event_id=event.pk)


def register(request: HttpRequest, event_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_EVENTS)
    user = request.user
    event = selectors.get_event(user, event_id)
    started = event.starts_at <= timezone.now()
    errors: list = []
    if request.method == "POST" and started:
        present = {}
        for booking in selectors.bookings_of(user, event).filter(status=BookingStatus.BOOKED):
            value = request.POST.get(f"booking-{booking.pk}")
            if value in ("yes", "no"):
                present[booking.pk] = value == "yes"
        try:
            changed = services.mark_bookings(user, event, present)
        except ValidationError as exc:
            errors = [{"text": exc.messages[0], "href": "#main-content"}]
        else:
            messages.success(request, f"The register has been saved ({changed} changed)")
            return redirect("events:register", event_id=event.pk)
    lines = selectors.register_of(user, event)
    figures = reporting.event_summary(selectors.event_with_figures(user, event.pk))
    return page(
        request,
        "events/register.html",
        f"Register: {event.title}",
        event=event,
        started=started,
        errors=errors,
        booked=presenters.register_bookings(selectors.bookings_of(user, event)),
        lines=presenters.register_lines(lines),
        figures=presenters.figures(figures),
    )


@once.replay_safe
def record_attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    require(request, Permission.MANAGE_EVENTS)
    event = selectors.get_event(request.user, event_id)
    form = AttendanceForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                line = services.record_attendance(request.user, event, form.line())
                receipt.saved(line, reverse("events:register", args=[event.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{line.name} has been added to the register")
            return redirect(receipt.url)
    return page(
        request,
        "events/attendance_form.html",
        f"Add someone to the register of {event.title}",
        event=event,
        form=form,
        errors=error_summary(form),
    )


def _evaluation_page(request, event, form, stage: str, save) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim(request) as receipt:
                response = save(form.cleaned_data)
                receipt.saved(response, reverse("events:detail", args=[event.pk]))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, presenters.THANKS[stage])
            return redirect(receipt.url)
    return page(
        request,
        "events/evaluation_form.html",
        presenters.STAGE_TITLES[stage],
        event=event,
        form=form,
        stage=stage,
        errors=error_summary(form),
    )


@once.replay_safe
def record_baseline(request: HttpRequest, event_id: int) -> HttpResponse:
    user = request.user
    require(request, Permission.VIEW_EVENTS)
    event = selectors.get_event(user, event_id)
    booking = selectors.booking_of(user, event)
    if booking is None or booking.status == BookingStatus.CANCELLED:
        raise Http404
    form = BaselineForm(request.POST or None)
    return _evaluation_page(
        request,
        event,
        form,
        Stage.BASELINE,
        lambda data: services.record_baseline(user, booking, data),
    )


@once.replay_safe
def record_feedback(request: HttpRequest, event_id: int) -> HttpResponse:
    user = request.user
    require(request, Permission.VIEW_EVENTS)
    event = selectors.get_event(user, event_id)
    line = selectors.attendance_of(user, event)
    if line is None or not line.attended:
        raise Http404
    form = FeedbackForm(request.POST or None)
    return _evaluation_page(
        request,
        event,
        form,
        Stage.FEEDBACK,
        lambda data: services.record_feedback(user, line, data),
    )


@once.replay_safe
def record_follow_up(request: HttpRequest, attendance_id: int) -> HttpResponse:
    """The follow-up, by the practitioner or the manager named at booking."""
    user = request.user
    require(request, Permission.VIEW_EVENTS)
    line = selectors.get_attendance(user, attendance_id)
    if not services.may_answer_follow_up(user, line):
        raise PermissionDenied
    initial = {}
    if line.booking_id and line.booking.manager_id:
        initial["manager_name"] = line.booking.manager.get_full_name()
    form = FollowUpForm(request.POST or None, initial=initial)
    return _evaluation_page(
        request,
        line.event,
        form,
        Stage.FOLLOW_UP,
        lambda data: services.record_follow_up(user, line, data),
    )


def year(request: HttpRequest) -> HttpResponse:
    """Attendance by agency, the evaluation at each level, and the themes covered by training
    in a reporting year (April to March)."""
    require(request, Permission.VIEW_EVENT_EVALUATION)
    user = request.user
    current_day = timezone.localdate()
    current = ReportingYear.of(current_day)
    chosen = parse_or_none(request.GET.get("year", "")) or current
    summary = reporting.year_summary(user.partnership, chosen.start, chosen.end, user=user)
    return page(
        request,
        "events/year.html",
        f"Events and training {chosen.label}",
        summary=summary,
        label=chosen.label,
        years=presenters.year_links(chosen, current),
        figures=presenters.figures_of_year(
            summary, results.sentences(summary.events, user, min(chosen.end, current_day))
        ),
    )
