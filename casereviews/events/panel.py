"""The dashboard's "Events and training" panel (the portal shows it; this app fills it): the
follow-ups the person must do, due or overdue, feedback not yet given, and their next bookings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from casereviews.core.presenters import format_date

from . import presenters, selectors


def panel(user, today: dt.date) -> dict[str, Any]:
    """{} when there is nothing for the person to see or do."""
    follow_ups = []
    for line in selectors.follow_ups_for(user, today):
        state = presenters.follow_up_state(line, today)
        whose = "" if line.person_id == user.pk else f" with {line.name}"
        follow_ups.append(
            {
                "text": f"Follow-up{whose}: {line.event.title}",
                "href": reverse("events:record_follow_up", args=[line.pk]),
                "due": format_date(line.follow_up_due),
                "state": state,
                "classes": {"Overdue": "govuk-tag--red", "Due": "govuk-tag--yellow"}.get(
                    state, "govuk-tag--grey"
                ),
            }
        )
    feedback = [
        {
            "text": f"Give your feedback: {line.event.title}",
            "href": reverse("events:record_feedback", args=[line.event_id]),
        }
        for line in selectors.feedback_to_give(user)
    ]
    bookings = [
        {
            "text": b.event.title,
            "href": reverse("events:detail", args=[b.event_id]),
            "when": presenters.when(b.event),
            "status": b.get_status_display(),
        }
        for b in selectors.own_bookings(user).filter(event__ends_at__gte=timezone.now())[:3]
    ]
    if not (follow_ups or feedback or bookings):
        return {}
    return {"follow_ups": follow_ups, "feedback": feedback, "bookings": bookings}
