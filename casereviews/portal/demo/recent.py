"""The demo sub-group's last two years, dated from the day the demo is loaded (issue 13), so
that the annual report of the last complete reporting year (the one the annual page opens on)
and of the year under way reads as a partnership at work: six-weekly meetings with the
decisions on the current year's referrals taken at them, a health check every six months, the
terms of reference agreed again last year and due for review in the coming months, and the
business plan priorities of both years with the sub-group's own actions (the earlier year's
achieved, this year's in progress). Events of the same years are in events.demo (RECENT).

Seed 002's 2016-17 (year.py) stays history. Attendance, answers and wording are fictional;
everything is written through the services. Idempotent: if the sub-group has a meeting in the
last two years, nothing is added.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.actions.services import add_update
from casereviews.core.reporting_year import ReportingYear
from casereviews.referrals.models import Decision
from casereviews.subgroup import services
from casereviews.subgroup.models import HEALTH_CHECK_QUESTIONS, Meeting

from . import data
from .year import ROLES, held_meeting

WINDOW_DAYS = 730
EVERY_DAYS = 42  # six-weekly, as the sub-group has met since April 2017
CHAIR = "Head of Safeguarding and Quality Assurance"
# Who stayed away, by meeting number (fictional): no agency is always absent.
ABSENT = {2: {"Probation"}, 5: {"Education"}, 9: {"NGH"}, 12: {"Police"}, 15: {"Early Help"}}
# Health checks this many days before loading: (answers other than "yes", summary).
HEALTH_CHECKS = {
    560: ({4: ("partly", "Two reviews ran beyond six months: one waited for a criminal trial."),
           6: ("partly", "Three agencies confirm how they shared briefings only when chased.")},
          "Challenge at meetings is good; timeliness and evidence of sharing need work."),
    380: ({6: ("partly", "Sharing is now confirmed in the tracker; two agencies still late.")},
          "Evidence of sharing has improved since the tracker replaced email returns."),
    200: ({4: ("partly", "Ref101's draft report is late: the GP records are still awaited.")},
          "The sub-group works well; one review is behind and its delay is logged."),
}  # fmt: skip
TERMS_AGREED_DAYS_AGO = 300
TERMS_REVIEW_IN_DAYS = 65
PURPOSE = (
    "To consider referrals and decide on the type of review; to commission and oversee reviews; "
    "to monitor the composite action plan, the dissemination of learning and its impact."
)
# Last year's: (priority, action, owner, lead, due and achieved: days into that year).
LAST_YEAR = [
    ("Hear from families in every review.",
     "Offer every family a conversation with the independent reviewer, and record the answer.",
     "CSC", "Strategic Manager for Safeguarding", 180, 160),
    ("Show the impact of learning, not only that it was shared.",
     "Ask each agency for one example of changed practice per briefing, at six to eight weeks.",
     "CCG/ICB", "Designated Nurse", 300, 290),
    ("Keep reviews to their six-month target.",
     "Report each review's timeliness to every meeting and log every delay with its reason.",
     "CSC", "Business manager", 240, 235),
]  # fmt: skip
# This year's: (priority, action, owner, lead, due: days from loading).
THIS_YEAR = [
    ("Learn about the men in a baby's life (Ref098).",
     "A briefing and a session for each agency on identifying and involving fathers and male "
     "carers.", "NGH", "Named Nurse", 45),
    ("Bring case audits into supervision.",
     "Every team manager holds one case audit a quarter with a practitioner.",
     "Early Help", "Early Help Co-ordinator", 120),
]  # fmt: skip


def seed() -> None:
    partnership = Partnership.objects.filter(slug=data.PARTNERSHIP[1]).first()
    actor = User.objects.filter(username="business.unit").first()
    if partnership is None or actor is None:
        return
    today = timezone.localdate()
    start = today - dt.timedelta(days=WINDOW_DAYS)
    if Meeting.objects.filter(partnership=partnership, held_on__gte=start).exists():
        return
    agencies = {a.short_name: a for a in Agency.objects.filter(partnership=partnership)}
    meetings = _meetings(actor, partnership, agencies, start, today)
    _health_checks(actor, partnership, meetings, today)
    _terms(actor, partnership, today)
    _priorities(actor, partnership, agencies, today)


def _meeting_days(partnership, start: dt.date, today: dt.date) -> list[dt.date]:
    """Every six weeks, and the days the sub-group decided on a referral (at its meeting)."""
    days = {start + dt.timedelta(days=n) for n in range(7, WINDOW_DAYS, EVERY_DAYS)}
    days |= set(
        Decision.objects.filter(
            referral__partnership=partnership, meeting_on__gte=start, meeting_on__lte=today
        ).values_list("meeting_on", flat=True)
    )
    return sorted(day for day in days if day < today)


def _meetings(
    actor, partnership, agencies, start: dt.date, today: dt.date
) -> dict[dt.date, Meeting]:
    made = {}
    for number, day in enumerate(_meeting_days(partnership, start, today)):
        made[day] = held_meeting(
            actor,
            partnership,
            agencies,
            day,
            chair=CHAIR,
            absent=ABSENT.get(number, set()),
            considered=["action_plan"],
        )
    # the next one, planned
    services.record_meeting(
        actor,
        partnership,
        held_on=max(made, default=today) + dt.timedelta(days=EVERY_DAYS),
        status="planned",
        chair=CHAIR,
    )
    return made


def _health_checks(actor, partnership, meetings: dict[dt.date, Meeting], today) -> None:
    for days_ago, (answers, summary) in HEALTH_CHECKS.items():
        day = today - dt.timedelta(days=days_ago)
        meeting = min(meetings.values(), key=lambda m: abs((m.held_on - day).days), default=None)
        done_on = meeting.held_on if meeting else day
        full = {n: answers.get(n, ("yes", "")) for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1)}
        services.record_health_check(
            actor, partnership, done_on=done_on, answers=full, summary=summary, meeting=meeting
        )


def _terms(actor, partnership, today: dt.date) -> None:
    membership = "; ".join(f"{name} ({ROLES[short]})" for name, short in data.AGENCIES)
    services.record_terms(
        actor,
        partnership,
        agreed_on=today - dt.timedelta(days=TERMS_AGREED_DAYS_AGO),
        review_by=today + dt.timedelta(days=TERMS_REVIEW_IN_DAYS),
        frequency="Six-weekly",
        purpose=PURPOSE,
        membership=membership,
    )


def _priorities(actor, partnership, agencies, today: dt.date) -> None:
    this_year = ReportingYear.of(today)
    last_year = this_year.previous
    for text, action_text, owner, lead, due, achieved in LAST_YEAR:
        priority = services.add_priority(
            actor, partnership, reporting_year=last_year.label, text=text
        )
        action = services.add_plan_action(
            actor, partnership, priority=priority, agency=agencies[owner],
            description=action_text, lead_role=lead,
            due_on=last_year.start + dt.timedelta(days=due),
        )  # fmt: skip
        add_update(
            actor, action, kind="status", written_on=last_year.start, status_to="amber",
            text="Agreed at the first meeting of the year; work started.",
        )  # fmt: skip
        add_update(
            actor, action, kind="status",
            written_on=last_year.start + dt.timedelta(days=achieved),
            status_to="green", text="Achieved and reported to the board.",
        )  # fmt: skip
    for text, action_text, owner, lead, due in THIS_YEAR:
        priority = services.add_priority(
            actor, partnership, reporting_year=this_year.label, text=text
        )
        action = services.add_plan_action(
            actor, partnership, priority=priority, agency=agencies[owner],
            description=action_text, lead_role=lead, due_on=today + dt.timedelta(days=due),
        )  # fmt: skip
        add_update(
            actor, action, kind="status", written_on=this_year.start, status_to="amber",
            text="Agreed at the first meeting of the year; under way.",
        )  # fmt: skip
