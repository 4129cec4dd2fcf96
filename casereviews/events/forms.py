"""The events forms: planning an event, booking for someone, the register, the evaluation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from casereviews.core.forms import GovDateField, VersionedForm
from casereviews.learning.themes import theme_choices

from . import selectors
from .models import EventKind, PracticeChanged

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class TimeField(forms.CharField):
    """A time of day typed as 9:30 or 14:00."""

    def to_python(self, value: Any) -> dt.time | None:
        text = super().to_python(value)
        if not text:
            return None
        match = TIME.match(text)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(
                f"{self.label} must be a time of day, such as 9:30 or 14:00"
            )
        return dt.time(int(match[1]), int(match[2]))


class EventForm(VersionedForm):
    kind = forms.ChoiceField(
        label="What kind of event is it?",
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of event it is"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the event's title"}
    )
    description = forms.CharField(
        label="What it is about", required=False, widget=forms.Textarea, max_length=4000
    )
    date = GovDateField(
        label="Date", required_message="Enter the date of the event", earliest_year=1990
    )
    start_time = TimeField(
        label="Start time",
        help_text="For example, 9:30",
        error_messages={"required": "Enter the start time"},
    )
    end_date = GovDateField(
        label="End date (if it runs over more than one day)", required=False, earliest_year=1990
    )
    end_time = TimeField(
        label="End time",
        help_text="For example, 16:00",
        error_messages={"required": "Enter the end time"},
    )
    venue = forms.CharField(label="Venue", required=False, max_length=200)
    online = forms.BooleanField(label="The event is online", required=False)
    facilitator = forms.CharField(label="Facilitator", required=False, max_length=200)
    capacity = forms.IntegerField(
        label="Capacity",
        required=False,
        min_value=1,
        max_value=10000,
        help_text="The most places; leave blank for no limit",
    )
    audience = forms.CharField(
        label="Who it is for",
        required=False,
        max_length=300,
        help_text="For example, practitioners involved in the case; health colleagues",
    )
    requested_by = forms.TypedChoiceField(
        label="Agency that asked for it (agency-requested sessions)",
        required=False,
        coerce=int,
        empty_value=None,
    )
    reviews = forms.TypedMultipleChoiceField(
        label="Reviews it draws on", required=False, coerce=int
    )
    themes = forms.MultipleChoiceField(label="Themes it covers", required=False)
    actions = forms.TypedMultipleChoiceField(
        label="Actions of the plan it serves (level 4, results)", required=False, coerce=int
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in selectors.agency_choices(user)}
        self.review_objs = {r.pk: r for r in selectors.review_choices(user)}
        self.action_objs = {a.pk: a for a in selectors.action_choices(user)}
        self.fields["requested_by"].choices = [("", "None")] + [
            (a.pk, a.name) for a in self.agencies.values()
        ]
        self.fields["reviews"].choices = [
            (r.pk, f"{r.ref}: {r.summary}") for r in self.review_objs.values()
        ]
        self.fields["themes"].choices = theme_choices()
        self.fields["actions"].choices = [
            (a.pk, f"Action {a.pk} ({a.agency.short_name or a.agency.name}): {a.description[:80]}")
            for a in self.action_objs.values()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(data["date"], data["start_time"], tzinfo=tz)
        end_date = data.get("end_date") or data["date"]
        end = dt.datetime.combine(end_date, data["end_time"], tzinfo=tz)
        if end <= start:
            self.add_error("end_time", "The event must end after it starts")
        data["starts_at"], data["ends_at"] = start, end
        return data

    def event_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"].strip(),
            "description": data["description"].strip(),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "venue": data["venue"].strip(),
            "online": data["online"],
            "facilitator": data["facilitator"].strip(),
            "capacity": data["capacity"],
            "audience": data["audience"].strip(),
            "requested_by": self.agencies.get(data["requested_by"]),
            "reviews": [self.review_objs[pk] for pk in data["reviews"]],
            "themes": data["themes"],
            "actions": [self.action_objs[pk] for pk in data["actions"]],
        }

    @staticmethod
    def initial_for(event) -> dict[str, Any]:
        starts = timezone.localtime(event.starts_at)
        ends = timezone.localtime(event.ends_at)
        return {
            "version": event.version,
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "date": starts.date(),
            "start_time": f"{starts:%H:%M}",
            "end_date": ends.date() if ends.date() != starts.date() else None,
            "end_time": f"{ends:%H:%M}",
            "venue": event.venue,
            "online": event.online,
            "facilitator": event.facilitator,
            "capacity": event.capacity,
            "audience": event.audience,
            "requested_by": event.requested_by_id,
            "reviews": [r.pk for r in event.reviews.all()],
            "themes": list(event.themes),
            "actions": [a.pk for a in event.actions.all()],
        }


# The service's field names, on this form's fields.
SERVICE_FIELDS = {"ends_at": "end_time", "starts_at": "start_time"}


class BookForOtherForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Who is the place for?",
        coerce=int,
        error_messages={"required": "Choose who the place is for"},
    )
    manager = forms.TypedChoiceField(
        label="Their manager (joins the follow-up six to eight weeks later)",
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in selectors.people(user)}
        self.manager_objs = {u.pk: u for u in selectors.managers(user)}
        self.fields["person"].choices = [("", "Choose a person")] + [
            (u.pk, f"{u.get_full_name() or u.username} ({u.agency.name})")
            for u in self.people.values()
        ]
        self.fields["manager"].choices = [("", "Not named yet")] + [
            (u.pk, u.get_full_name() or u.username) for u in self.manager_objs.values()
        ]


class BookForm(forms.Form):
    manager = forms.TypedChoiceField(
        label="Your manager (joins the follow-up six to eight weeks later)",
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.manager_objs = {u.pk: u for u in selectors.managers(user) if u.pk != user.pk}
        self.fields["manager"].choices = [("", "Not named yet")] + [
            (u.pk, u.get_full_name() or u.username) for u in self.manager_objs.values()
        ]


class AttendanceForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    agency = forms.TypedChoiceField(
        label="Agency", coerce=int, error_messages={"required": "Choose the person's agency"}
    )
    role = forms.CharField(label="Role", required=False, max_length=200)
    attended = forms.ChoiceField(
        label="Did they attend?",
        choices=[("yes", "Attended"), ("no", "Booked but did not attend")],
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Say whether they attended"},
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in selectors.agency_choices(user)}
        self.fields["agency"].choices = [("", "Choose an agency")] + [
            (a.pk, a.name) for a in self.agencies.values()
        ]

    def line(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "agency": self.agencies[data["agency"]],
            "role": data["role"],
            "attended": data["attended"] == "yes",
        }


class BaselineForm(forms.Form):
    confidence = forms.ChoiceField(
        label="How confident do you feel about the subject now? (1 not at all, 5 very)",
        choices=RATINGS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how confident you feel, from 1 to 5"},
    )
    hopes = forms.CharField(
        label="What do you hope to learn?", required=False, widget=forms.Textarea, max_length=2000
    )


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(
        label="How useful was it? (1 not at all, 5 very)",
        choices=RATINGS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful it was, from 1 to 5"},
    )
    confidence = forms.ChoiceField(
        label="How confident do you feel about the subject now? (1 not at all, 5 very)",
        choices=RATINGS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how confident you feel, from 1 to 5"},
    )
    learned = forms.CharField(
        label="What did you learn?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Say what you learned"},
    )
    quote = forms.CharField(
        label="Anything else you would like to say",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )
    may_quote = forms.BooleanField(
        label="The partnership may quote this, with my agency's name but not mine",
        required=False,
    )


class FollowUpForm(forms.Form):
    practice_changed = forms.ChoiceField(
        label="Has your practice changed since the event?",
        choices=PracticeChanged.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether your practice has changed"},
    )
    change = forms.CharField(
        label="What has changed, or what is in the way? Give an example from your work",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Give an example of what changed, or what is in the way"},
    )
    manager_name = forms.CharField(
        label="The manager you discussed it with",
        max_length=200,
        error_messages={"required": "Enter the name of the manager you discussed it with"},
    )
    quote = forms.CharField(
        label="Anything the partnership may share as an example of impact",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )
    may_quote = forms.BooleanField(
        label="The partnership may quote this, with my agency's name but not mine",
        required=False,
    )
