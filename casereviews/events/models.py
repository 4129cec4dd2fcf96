"""Events and training (F9): learning events, de-briefs, courses, sessions and conferences;
bookings with a waiting list; the register of who came, by agency; and the evaluation at three
points (Kirkpatrick levels 1-3; level 4 is the linked actions' results). docs/adr/0029.

An event linked to a review hangs off it: an event linked to a restricted review is seen only by
the review's members, with its bookings, register and evaluation (the one reach rule, ADR 0013).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from casereviews.core.scoping import Reach, ScopedModel

# The follow-up with the practitioner's manager: due six weeks after the event, overdue after
# eight (the anchors' "six to eight weeks later").
FOLLOW_UP_DUE_DAYS = 42
FOLLOW_UP_OVERDUE_DAYS = 56


class EventKind(models.TextChoices):
    LEARNING_EVENT = "learning_event", "Practitioner learning event within a review"
    DEBRIEF_INVOLVED = "debrief_involved", "De-brief for the practitioners involved"
    DEBRIEF_WIDER = "debrief_wider", "Wider de-brief"
    TRAINING = "training", "Multi-agency training course"
    AGENCY_SESSION = "agency_session", "Agency-requested session"
    CONFERENCE = "conference", "Conference or forum"


# Kinds that teach (their themes are "themes covered by training"); a learning event within a
# review gathers the practitioners' account for the review rather than teaching.
TEACHING_KINDS = frozenset(k for k in EventKind if k != EventKind.LEARNING_EVENT)


class Event(ScopedModel):
    reach = Reach(partnership="partnership", reviews="reviews")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    online = models.BooleanField(default=False)
    facilitator = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    audience = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(
        "accounts.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that asked for the session",
    )
    reviews = models.ManyToManyField("reviews.Review", blank=True, related_name="+")
    themes = models.JSONField(default=list, blank=True)  # taxonomy ids
    # Level 4 (results): the actions of the plan this event serves.
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Booking(ScopedModel):
    """A place asked for by a practitioner (or by the business unit for them)."""

    reach = Reach(partnership="event__partnership", reviews="event__reviews")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_event_bookings",
        help_text="The manager who joins the follow-up six to eight weeks later",
    )
    status = models.CharField(max_length=20, choices=BookingStatus.choices)
    # The waiting list's order: the earliest asked first.
    asked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "asked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="booking_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.event}"


class AttendanceSource(models.TextChoices):
    BOOKING = "booking", "From a booking"
    TYPED = "typed", "Typed in"
    IMPORTED = "imported", "Imported from a sign-in sheet"


class Attendance(ScopedModel):
    """One line of the register: a person who came, or who was booked and did not."""

    reach = Reach(partnership="event__partnership", reviews="event__reviews")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="register")
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.PROTECT, related_name="attendance"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_attendances",
    )
    name = models.CharField(max_length=200)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=200, blank=True)
    attended = models.BooleanField(default=True)  # False: booked, did not come
    source = models.CharField(max_length=20, choices=AttendanceSource.choices)
    sign_in = models.ForeignKey(
        "SignInImport", null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    follow_up_due = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "agency__name", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({'attended' if self.attended else 'did not attend'})"


class Stage(models.TextChoices):
    BASELINE = "baseline", "Before the event"
    FEEDBACK = "feedback", "Straight after"
    FOLLOW_UP = "follow_up", "Six to eight weeks later, with their manager"


class PracticeChanged(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "Not yet"


class Response(ScopedModel):
    """One evaluation answer: a baseline (before), feedback (after) or the follow-up."""

    reach = Reach(partnership="event__partnership", reviews="event__reviews")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="responses")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    attendance = models.ForeignKey(
        Attendance, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Level 1, reaction: how useful was it (1 not at all .. 5 very).
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    # Level 2, learning: confidence on the subject (1 .. 5), before and straight after.
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    hopes = models.TextField(blank=True)  # baseline: what they hope to learn
    learned = models.TextField(blank=True)
    quote = models.TextField(blank=True)
    may_quote = models.BooleanField(default=False)
    # Level 3, behaviour: what changed in practice, agreed with the manager.
    practice_changed = models.CharField(max_length=10, choices=PracticeChanged.choices, blank=True)
    change = models.TextField(blank=True)
    manager_name = models.CharField(max_length=200, blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["event", "stage", "answered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendance", "stage"],
                condition=Q(attendance__isnull=False),
                name="response_one_per_attendance_stage",
            ),
            models.UniqueConstraint(
                fields=["booking", "stage"],
                condition=Q(booking__isnull=False),
                name="response_one_per_booking_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{Stage(self.stage).label}: {self.event}"


class SignInImport(ScopedModel):
    """One sign-in sheet imported into an event's register (the file's digest, who, how many)."""

    reach = Reach(partnership="event__partnership", reviews="event__reviews")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="imports")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"Sign-in sheet {self.original_name} ({self.rows} rows)"
