"""Demo events for Northshire (fictional), written through the services.

Seed 002's 2016-17 year: a practitioners' learning event within reviews and de-briefs after
them (one for the practitioners involved, one wider, for 100 practitioners, averaging about 70),
the four "Learning from Serious Case Reviews" training events by Barnardo's, the session for
Healthwatch colleagues in December 2016 and the two for health colleagues in February 2017
(80 professionals between them), with feedback and follow-ups. The names on the registers, the
days, the times and the feedback quotes are invented (the quotes are in the spirit of the
seed's, not its words).

And events to come, dated from the day the demo is loaded, that the demo practitioner can book;
plus one held six weeks ago that the demo practitioner attended, so the dashboard shows a
follow-up due. Idempotent: an event with the same title and start is left alone.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.reviews.models import Review

from . import services
from .models import FOLLOW_UP_DUE_DAYS, Attendance, AttendanceSource, Event, Stage

D = dt.date
FIRST = [
    "Amy", "Ben", "Cara", "Dev", "Ellie", "Femi", "Grace", "Hassan", "Isla", "Jack", "Kiran",
    "Laura", "Mo", "Nadia", "Owen", "Pat", "Rosa", "Sian", "Tom", "Uma", "Vic", "Wes", "Yara",
    "Zoe",
]  # fmt: skip
LAST = [
    "Adams", "Bell", "Chowdhury", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Moore", "Nash", "Osei", "Patel", "Quinn", "Reid", "Singh",
    "Turner", "Walsh", "Young",
]  # fmt: skip
ROLES = {
    "Northshire Police": ["Detective constable", "Police constable", "PCSO", "Sergeant"],
    "Children's Social Care": ["Social worker", "Team manager", "Family support worker"],
    "Northshire General Hospital": ["Paediatric nurse", "Midwife", "Named nurse", "Doctor"],
    "Clinical Commissioning Group / Integrated Care Board": ["Health visitor", "School nurse",
                                                             "GP"],
    "Education": ["Designated safeguarding lead", "Teacher", "Headteacher"],
    "Probation": ["Probation officer"],
    "Early Help": ["Early help worker", "Family worker"],
}  # fmt: skip
ALL_AGENCIES = list(ROLES)
HEALTH = ["Northshire General Hospital", "Clinical Commissioning Group / Integrated Care Board"]


@dataclass(frozen=True)
class DemoEvent:
    kind: str
    title: str
    day: dt.date
    start: tuple[int, int]
    end: tuple[int, int]
    venue: str
    facilitator: str
    capacity: int | None
    attended: int
    audience: str = ""
    refs: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    agencies: tuple[str, ...] = tuple(ALL_AGENCIES)
    requested_by: str = ""
    no_shows: int = 0
    quotes: tuple[tuple[int, str], ...] = ()  # (attendee index, what they wrote)
    follow_ups: tuple[tuple[int, str, str], ...] = ()  # (attendee index, changed, example)
    description: str = ""
    online: bool = False


PDC = "Northshire Professional Development Centre"
TRAINING_THEMES = ("professional-curiosity", "information-sharing", "voice-of-child", "escalation")
BARNARDOS = "Barnardo's"
OFFICER = "Safeguarding project officer"

YEAR_2016_17: list[DemoEvent] = [
    DemoEvent(
        "learning_event", "Practitioners' learning event: Ref035", D(2016, 4, 13), (9, 30),
        (15, 30), PDC, "Independent author and panel chair", 25, 18,
        "Practitioners who worked with the family", ("Ref035",),
        ("professional-curiosity", "babies-injury"),
        description="Midway through the review: practitioners speak about their direct "
        "experience of the case, openly and honestly, for the independent author.",
    ),
    DemoEvent(
        "debrief_involved", "De-brief for practitioners involved: Ref023", D(2016, 7, 20),
        (13, 30), (16, 0), PDC, OFFICER, 20, 14, "Practitioners involved in the case",
        ("Ref023",), ("babies-injury", "information-sharing"),
    ),
    DemoEvent(
        "debrief_wider", "Wider de-brief: learning from Ref023", D(2016, 9, 13), (9, 30),
        (12, 30), "Northshire Guildhall", OFFICER, 100, 72, "Practitioners of every agency",
        ("Ref023",), ("babies-injury", "information-sharing", "thresholds-referrals"),
        no_shows=6,
        quotes=((3, "Uncomfortable in the right way. I have already changed how I record who "
                    "lives in the home and who visits."),
                (11, "Hearing the timeline from every agency side by side showed me how little "
                     "each of us knew on our own.")),
        follow_ups=((3, "yes", "Records now name every adult in the household, and I ask "
                             "about new partners at each visit."),
                    (11, "partly", "We ring the health visitor before closing; not yet every "
                                   "time.")),
    ),
    DemoEvent(
        "debrief_involved", "De-brief for practitioners involved: Ref021", D(2017, 2, 7),
        (13, 30), (16, 0), PDC, OFFICER, 20, 12, "Practitioners involved in the case",
        ("Ref021",), ("babies-injury", "fathers-men"),
    ),
    DemoEvent(
        "debrief_wider", "Wider de-brief: learning from Ref021", D(2017, 3, 9), (9, 30),
        (12, 30), "Northshire Guildhall", OFFICER, 100, 68, "Practitioners of every agency",
        ("Ref021",), ("babies-injury", "fathers-men", "professional-curiosity"), no_shows=9,
        quotes=((5, "The session made me think about the men around a baby: who they are, and "
                    "whether anyone has asked."),),
    ),
    DemoEvent(
        "debrief_involved", "De-brief for practitioners involved: Ref035", D(2017, 3, 29),
        (13, 30), (16, 0), PDC, OFFICER, 20, 11, "Practitioners involved in the case",
        ("Ref035",), ("professional-curiosity",),
    ),
    *[
        DemoEvent(
            "training", "Learning from Serious Case Reviews", day, (9, 30), (16, 0), PDC,
            BARNARDOS, 30, attended, "Practitioners and first-line managers of every agency",
            ("Ref021", "Ref023"), TRAINING_THEMES, no_shows=no_shows,
            description="Multi-agency training on what local and national reviews teach, "
            "provided by Barnardo's.",
            quotes=quotes, follow_ups=follow_ups,
        )
        for day, attended, no_shows, quotes, follow_ups in (
            (D(2016, 5, 24), 26, 2,
             ((2, "Really useful to hear local cases, not only national ones."),), ()),
            (D(2016, 10, 11), 28, 1, (),
             ((4, "yes", "I now check with the school and the GP before accepting a parent's "
                         "account of an injury."),)),
            (D(2017, 1, 24), 24, 3,
             ((6, "I will take the escalation flowchart back to my team meeting."),), ()),
            (D(2017, 3, 21), 27, 2, (),
             ((1, "partly", "Supervision now asks what the child said; the records do not "
                            "always show it yet."),)),
        )
    ],
    DemoEvent(
        "agency_session", "Learning from reviews: session for Healthwatch colleagues",
        D(2016, 12, 13), (10, 0), (12, 0), "Healthwatch Northshire office", OFFICER, 15, 9,
        "Healthwatch colleagues", ("Ref023",), ("voice-of-child", "recording"),
        agencies=("Clinical Commissioning Group / Integrated Care Board",),
        requested_by="Clinical Commissioning Group / Integrated Care Board",
        quotes=((0, "We talked for a long time after you left about the people behind each "
                    "review and the care taken with families. We learnt a great deal that will "
                    "shape how we do our own work."),),
    ),
    *[
        DemoEvent(
            "agency_session", f"Learning from reviews for health colleagues ({part})", day,
            (13, 0), (16, 0), "Northshire General Hospital, education centre", OFFICER, 45,
            attended, "Health colleagues", ("Ref021", "Ref023", "Ref035"),
            ("babies-injury", "professional-curiosity", "parental-engagement"),
            agencies=tuple(HEALTH), requested_by="Northshire General Hospital",
            quotes=quotes, follow_ups=follow_ups,
        )
        for part, day, attended, quotes, follow_ups in (
            ("first session", D(2017, 2, 14), 42,
             ((1, "Going through the local reviews was eye-opening and has made me think about "
                  "what I would have asked."),
              (8, "It has grown my understanding a great deal, and I feel better able to stay "
                  "curious when an explanation does not fit.")),
             ((1, "yes", "We went through the safe sleeping leaflet page by page with a mother "
                         "and an interpreter, so the risks of sharing a bed were understood."),)),
            ("second session", D(2017, 2, 21), 38,
             ((4, "The case studies made the learning real. I will share the briefing with my "
                  "ward."),),
             ((4, "yes", "The parents took the advice to heart: they wanted the best for their "
                         "son and asked for the leaflet in their own language."),)),
        )
    ],
]  # fmt: skip


def recent(today: dt.date) -> list[DemoEvent]:
    """Events of the last two years, dated from the day the demo is loaded (issue 13): the
    learning event and de-briefs of the current year's reviews (portal.demo.current), the
    training twice a year and a session a police team asked for."""

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    return [
        DemoEvent(
            "learning_event", "Practitioners' learning event: Ref098", ago(610), (9, 30),
            (15, 30), PDC, "Independent reviewer", 25, 17,
            "Practitioners who worked with the family", ("Ref098",),
            ("fathers-men", "babies-injury"),
            description="Practitioners tell the reviewer what it was like to work with the "
            "family, and what got in the way.",
        ),
        DemoEvent(
            "debrief_wider", "Wider de-brief: learning from Ref098", ago(420), (9, 30),
            (12, 30), "Northshire Guildhall", OFFICER, 100, 64, "Practitioners of every agency",
            ("Ref098",), ("fathers-men", "babies-injury", "professional-curiosity"), no_shows=7,
            quotes=((2, "I had never asked a mother who else looks after the baby. I do now, "
                        "every visit."),
                    (9, "Seeing how little each agency knew about the new partner was "
                        "sobering.")),
            follow_ups=((2, "yes", "Our assessments now name every adult in the household and "
                                   "ask about new partners."),
                        (9, "partly", "We invite fathers to appointments; few come yet.")),
        ),
        DemoEvent(
            "debrief_involved", "De-brief for practitioners involved: Ref099", ago(320),
            (13, 30), (16, 0), PDC, OFFICER, 20, 13, "Practitioners involved in the case",
            ("Ref099",), ("neglect", "parental-engagement"),
        ),
        *[
            DemoEvent(
                "training", "Learning from Serious Case Reviews", ago(days), (9, 30), (16, 0),
                PDC, OFFICER, 30, attended, "Practitioners and first-line managers of every "
                "agency", ("Ref098", "Ref099"), TRAINING_THEMES, no_shows=no_shows,
                quotes=quotes,
            )
            for days, attended, no_shows, quotes in (
                (500, 27, 2, ((4, "The local cases made it real for my team."),)),
                (330, 25, 3, ()),
                (150, 29, 1, ((7, "I will use the escalation flowchart in supervision."),)),
            )
        ],
        DemoEvent(
            "agency_session", "Missing from home: learning for response officers", ago(260),
            (14, 0), (16, 0), "Northshire Police headquarters", OFFICER, 30, 22,
            "Response officers and sergeants", ("Ref100",), ("adolescents", "information-sharing"),
            agencies=("Northshire Police",), requested_by="Northshire Police",
            quotes=((3, "Each missing episode is a chance to ask the child what is happening, "
                        "not a form to finish."),),
        ),
    ]  # fmt: skip


@dataclass(frozen=True)
class Upcoming:
    kind: str
    title: str
    days_ahead: int
    start: tuple[int, int]
    end: tuple[int, int]
    venue: str
    facilitator: str
    capacity: int | None
    audience: str
    themes: tuple[str, ...]
    refs: tuple[str, ...] = ()
    online: bool = False
    requested_by: str = ""
    booked: tuple[str, ...] = field(default=())  # demo usernames with a place already


UPCOMING: list[Upcoming] = [
    Upcoming(
        "training", "Learning from Serious Case Reviews", 21, (9, 30), (16, 0), PDC,
        "Safeguarding project officer", 30, "Practitioners and first-line managers",
        TRAINING_THEMES, ("Ref021", "Ref035"), booked=("social.worker",),
    ),
    Upcoming(
        "debrief_wider", "Wider de-brief: learning from Ref035", 35, (9, 30), (12, 30),
        "Northshire Guildhall", OFFICER, 100, "Practitioners of every agency",
        ("professional-curiosity", "supervision"), ("Ref035",),
    ),
    Upcoming(
        "conference", "Annual safeguarding learning conference", 63, (9, 0), (16, 30),
        "Northshire Conference Centre", "The partnership's business unit", 150,
        "Everyone working with children and families", ("voice-of-child", "neglect", "adolescents"),
    ),
    Upcoming(
        "agency_session", "Fathers and male carers: a session for Early Help", 12, (14, 0),
        (15, 30), "", OFFICER, 2, "Early Help workers", ("fathers-men",), online=True,
        requested_by="Early Help", booked=("school.dsl", "team.manager"),
    ),
]  # fmt: skip


def _aware(day: dt.date, hm: tuple[int, int]) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(*hm)))


def _names():
    for last, first in itertools.product(LAST, FIRST):
        yield f"{first} {last}"


def _lines(spec: DemoEvent, agencies: dict[str, Agency], offset: int) -> list[dict]:
    """`attended` + `no_shows` invented names, spread over the event's agencies."""
    names = itertools.islice(_names(), offset, None)
    lines = []
    for index in range(spec.attended + spec.no_shows):
        agency_name = spec.agencies[index % len(spec.agencies)]
        roles = ROLES[agency_name]
        lines.append(
            {
                "name": next(names),
                "agency": agencies[agency_name],
                "role": roles[(index // len(spec.agencies)) % len(roles)],
                "attended": index < spec.attended,
            }
        )
    return lines


RATINGS = [5, 4, 5, 4, 4, 5, 3, 5, 4, 5]
CONFIDENCE = [4, 4, 5, 3, 4, 4, 5, 4]


BEFORE = [2, 3, 3, 2, 4, 3]


def _evaluate(actor, event: Event, spec: DemoEvent, present: list[Attendance]) -> None:
    """A paper baseline from about half of those who came and feedback from about two in
    three; the quotes and follow-ups."""
    quotes = dict(spec.quotes)
    for index, line in enumerate(present[::2]):
        services.record_paper_response(
            actor, line, Stage.BASELINE, {"confidence": BEFORE[index % len(BEFORE)]}
        )
    for index, line in enumerate(present):
        if index % 3 == 2 and index not in quotes:
            continue
        services.record_paper_response(
            actor,
            line,
            Stage.FEEDBACK,
            {
                "rating": RATINGS[index % len(RATINGS)],
                "confidence": CONFIDENCE[index % len(CONFIDENCE)],
                "learned": "To ask who else knows the family, and to check what I am told.",
                "quote": quotes.get(index, ""),
                "may_quote": index in quotes,
            },
        )
    for index, changed, example in spec.follow_ups:
        services.record_paper_response(
            actor,
            present[index],
            Stage.FOLLOW_UP,
            {
                "practice_changed": changed,
                "change": example,
                "quote": example,
                "may_quote": True,
                "manager_name": "Their line manager",
            },
        )


def _event(actor, partnership, spec, day, agencies, reviews) -> Event | None:
    starts, ends = _aware(day, spec.start), _aware(day, spec.end)
    if Event.objects.filter(partnership=partnership, title=spec.title, starts_at=starts).exists():
        return None
    requested = getattr(spec, "requested_by", "")
    return services.create_event(
        actor,
        partnership,
        {
            "kind": spec.kind,
            "title": spec.title,
            "description": getattr(spec, "description", ""),
            "starts_at": starts,
            "ends_at": ends,
            "venue": spec.venue,
            "online": spec.online,
            "facilitator": spec.facilitator,
            "capacity": spec.capacity,
            "audience": spec.audience,
            "requested_by": agencies.get(requested) if requested else None,
            "reviews": [reviews[r] for r in spec.refs if r in reviews],
            "themes": list(spec.themes),
            "actions": [],
        },
    )


@transaction.atomic
def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    if partnership is None:
        return
    users = {u.username: u for u in User.objects.filter(partnership=partnership)}
    actor = users.get("business.unit")
    if actor is None:
        return
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    if any(name not in agencies for name in ALL_AGENCIES):
        return
    reviews = {r.ref: r for r in Review.objects.filter(partnership=partnership)}
    offset = 0
    for spec in YEAR_2016_17 + recent(timezone.localdate()):
        event = _event(actor, partnership, spec, spec.day, agencies, reviews)
        offset += spec.attended + spec.no_shows
        if event is None:
            continue
        services.add_lines(
            actor, event, _lines(spec, agencies, offset % 400), source=AttendanceSource.TYPED
        )
        present = list(event.register.filter(attended=True).order_by("id"))
        _evaluate(actor, event, spec, present)
    _upcoming(actor, partnership, users, agencies, reviews)


def _upcoming(actor, partnership, users, agencies, reviews) -> None:
    today = timezone.localdate()
    for spec in UPCOMING:
        event = _event(
            actor, partnership, spec, today + dt.timedelta(days=spec.days_ahead), agencies, reviews
        )
        if event is None:
            continue
        for username in spec.booked:
            if username in users:
                services.book(actor, event, users[username])
    _held_six_weeks_ago(actor, partnership, users, agencies, reviews, today)


def _held_six_weeks_ago(actor, partnership, users, agencies, reviews, today) -> None:
    """A briefing the demo practitioner attended: their follow-up is due now."""
    practitioner = users.get("practitioner")
    if practitioner is None:
        return
    spec = Upcoming(
        "training", "Babies who are not yet mobile: bruising and what to do", 0, (13, 30),
        (16, 0), "Northshire General Hospital, education centre", OFFICER, 30,
        "Health and social care practitioners", ("babies-injury", "thresholds-referrals"),
        ("Ref021",),
    )  # fmt: skip
    day = today - dt.timedelta(days=FOLLOW_UP_DUE_DAYS + 1)
    starts = _aware(day, spec.start)
    if Event.objects.filter(partnership=partnership, title=spec.title, starts_at=starts).exists():
        return
    event = _event(actor, partnership, spec, day, agencies, reviews)
    services.record_attendance(
        actor,
        event,
        {
            "name": practitioner.get_full_name(),
            "person": practitioner,
            "agency": practitioner.agency,
            "role": practitioner.job_title,
            "attended": True,
        },
    )
    lines = _lines(
        DemoEvent("training", "", day, (0, 0), (0, 0), "", "", None, 17, agencies=tuple(HEALTH)),
        agencies,
        7,
    )
    services.add_lines(actor, event, lines, source=AttendanceSource.TYPED)
