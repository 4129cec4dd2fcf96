"""The demo sub-group's year 2016-17 (seed 002), for the annual report: its monthly meetings
(moving to six-weekly in 2017-18) with attendance by agency and what each considered, the two
health checks, the terms of reference, the business plan priorities with the sub-group's own
actions (all achieved, as seed 002 says), next year's priorities, and a draft narrative.

Meeting dates are `data.MEETINGS` (invented: the seed gives none); attendance, health check
answers and narrative wording are fictional. Written through the services. Idempotent: what is
already there is left alone.
"""

from __future__ import annotations

import datetime as dt

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.actions.models import BusinessPriority
from casereviews.actions.services import add_update
from casereviews.core.reporting_year import ReportingYear
from casereviews.referrals.models import Decision
from casereviews.reports.annual import narrative
from casereviews.reports.models import AnnualNarrative
from casereviews.reviews.models import Review
from casereviews.reviews.selectors import open_in
from casereviews.subgroup import services
from casereviews.subgroup.models import (
    HEALTH_CHECK_QUESTIONS,
    HealthCheck,
    Meeting,
    TermsOfReference,
)

from . import data

D = dt.date
YEAR = ReportingYear(2016)

# Who came, by agency short name -> how many; the police and health missed one meeting each.
USUAL = {"Police": 1, "CSC": 2, "NGH": 1, "CCG/ICB": 1, "Education": 1, "Probation": 1,
         "Early Help": 1}  # fmt: skip
ABSENT = {"jul": {"Probation"}, "aug": {"Education", "Police"}, "dec": {"NGH"}}
ROLES = {
    "Police": "Detective Inspector, safeguarding",
    "CSC": "Strategic Manager for Safeguarding; Service Manager",
    "NGH": "Named Nurse",
    "CCG/ICB": "Designated Nurse",
    "Education": "Safeguarding in Education Officer",
    "Probation": "Senior Probation Officer",
    "Early Help": "Early Help Co-ordinator",
}
CHAIR_UNTIL_DECEMBER = "Assistant Director for Early Help, Safeguarding and Children's Services"
INTERIM_CHAIR = "Strategic Manager for Safeguarding and Quality Assurance (interim chair)"

# 2017-18: six-weekly (seed 002: "it is intended that the Sub Group meet on a six-weekly basis").
NEXT_YEAR_MEETINGS = [D(2017, 4, 27), D(2017, 6, 8), D(2017, 7, 20), D(2017, 8, 31)]

# (question number -> (answer, comment)); others "yes".
HEALTH_CHECKS = {
    D(2016, 9, 15): (
        {4: ("partly", "Two reviews are beyond six months because of criminal proceedings."),
         6: ("partly", "Evidence of dissemination is still chased by email for some agencies.")},
        "Attendance and challenge are good; timeliness and evidence of dissemination need work.",
    ),
    D(2017, 3, 16): (
        {4: ("partly", "Delays are recorded and challenged; the Welsh model is adopted."),
         9: ("yes", "Terms of reference reviewed this month; six-weekly meetings from April.")},
        "The sub-group works well; it will meet six-weekly from April 2017.",
    ),
}  # fmt: skip

# Business plan priorities and the sub-group's actions against them (seed 002).
PRIORITIES_2016 = [
    ("Monitor and review the sub-group's performance by a regular health check.",
     "Hold a health check every six months and report it to the board.", "CSC",
     "Business manager", D(2016, 9, 30)),
    ("Refresh the sub-group's action plan in line with the Ofsted review and the business plan.",
     "Refresh the action plan and scrutinise each review's progress through the briefing paper "
     "at every meeting.", "CSC", "Strategic Manager for Safeguarding", D(2016, 7, 31)),
    ("Disseminate 6-step briefings after each review, with evidence of discussion.",
     "Each member takes every 6-step briefing into their agency and returns evidence and "
     "feedback of dissemination.", "CCG/ICB", "Designated Nurse", D(2017, 1, 31)),
    ("Try the Welsh methodology for a serious case review.",
     "Undertake the next serious case review using the Welsh methodology.", "CSC",
     "Project officer", D(2017, 3, 31)),
]  # fmt: skip
PRIORITIES_2017 = [
    "Gain family views, in particular the voice of children and their wishes and feelings "
    "(Ref053).",
    "Restructure the business office functions of the children's and adults' boards for a "
    "consistent approach to reviews, methodology and shared learning.",
    "Refresh the action plan once the board has set its priorities for the year.",
    "Scrutinise all referrals, including every Ofsted Serious Incident Notification.",
    "Hold partners to account for dissemination of learning and evidence of its impact.",
]

NARRATIVE_2016 = {
    "introduction": (
        "This report sets out the review sub-group's successes, current developments, learning "
        "and challenges over the year.\n\n"
        "The sub-group met monthly throughout the year to deal with the volume of referrals "
        "and keep oversight of current reviews. From April 2017 it will meet six-weekly."
    ),
    "governance": (
        "The sub-group works to a set of actions based on the board's business plan "
        "priorities for 2016-17. All of its actions have been achieved."
    ),
    "progress": (
        "Every referral considered this year led to a review of some kind. Three serious case "
        "reviews were published, each with a well organised media event; for one, one-to-one "
        "interviews with the independent chair replaced an open session, and worked well."
    ),
    "outcomes": (
        "For each serious case review a practitioners' learning event is held midway and "
        "de-briefs follow its completion."
    ),
    "challenges": (
        "Timeliness remains the main challenge: the reviews open this year went beyond six "
        "months because of legal proceedings, which the sub-group challenged. Finding "
        "independent authors is increasingly difficult."
    ),
    "next_steps": (
        "The priorities for 2017-18 are below. The action plan will be refreshed again once "
        "the board has set its priorities."
    ),
}  # Demo data: fictional wording, after seed 002's sections.


def seed() -> None:
    partnership = Partnership.objects.filter(slug=data.PARTNERSHIP[1]).first()
    if partnership is None:
        return
    actor = User.objects.get(username="business.unit")
    agencies = {a.short_name: a for a in Agency.objects.filter(partnership=partnership)}
    _meetings(actor, partnership, agencies)
    _health_checks(actor, partnership)
    _terms(actor, partnership)
    _priorities(actor, partnership, agencies)
    _narrative(actor, partnership)


def _meetings(actor, partnership, agencies) -> None:
    if Meeting.objects.filter(partnership=partnership).exists():
        return
    for month, day in data.MEETINGS.items():
        considered = ["action_plan"] + (["health_check"] if day in HEALTH_CHECKS else [])
        if month == "mar":
            considered.append("terms")
        held_meeting(
            actor,
            partnership,
            agencies,
            day,
            chair=CHAIR_UNTIL_DECEMBER if day < D(2017, 1, 1) else INTERIM_CHAIR,
            absent=ABSENT.get(month, set()),
            considered=considered,
        )
    for day in NEXT_YEAR_MEETINGS:
        services.record_meeting(
            actor,
            partnership,
            held_on=day,
            status="held",
            chair=INTERIM_CHAIR,
            attendance={agencies[short]: n for short, n in USUAL.items()},
            considered=["action_plan"],
        )


def held_meeting(
    actor, partnership, agencies, day: dt.date, *, chair: str, absent: set[str], considered
) -> Meeting:
    """A held meeting of the sub-group: the usual members less `absent`, the referrals decided
    that day (decisions are taken at its meetings), and the serious case and thematic reviews
    open then."""
    decided = Decision.objects.filter(referral__partnership=partnership, meeting_on=day)
    reviews = Review.objects.filter(partnership=partnership)
    return services.record_meeting(
        actor,
        partnership,
        held_on=day,
        status="held",
        chair=chair,
        attendance={agencies[short]: n for short, n in USUAL.items() if short not in absent},
        roles={agencies[short]: role for short, role in ROLES.items()},
        referrals=[d.referral for d in decided.select_related("referral")],
        reviews=list(
            open_in(reviews, ReportingYear.of(day)).filter(
                agreed_on__lt=day, review_type__in=["scr", "thematic"]
            )
        ),
        considered=considered,
        item_notes={d.referral: d.get_outcome_display() for d in decided},
    )


def _health_checks(actor, partnership) -> None:
    if HealthCheck.objects.filter(partnership=partnership).exists():
        return
    for day, (answers, summary) in HEALTH_CHECKS.items():
        full = {n: answers.get(n, ("yes", "")) for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1)}
        meeting = Meeting.objects.filter(partnership=partnership, held_on=day).first()
        services.record_health_check(
            actor, partnership, done_on=day, answers=full, summary=summary, meeting=meeting
        )


def _terms(actor, partnership) -> None:
    if TermsOfReference.objects.filter(partnership=partnership).exists():
        return
    membership = "; ".join(f"{name} ({ROLES[short]})" for name, short in data.AGENCIES)
    purpose = (
        "To consider referrals and decide on the type of review; to commission and oversee "
        "reviews; to monitor the composite action plan and the dissemination of learning."
    )
    services.record_terms(
        actor, partnership, agreed_on=D(2016, 4, 21), review_by=D(2017, 4, 21),
        frequency="Monthly", purpose=purpose, membership=membership,
    )  # fmt: skip
    services.record_terms(
        actor, partnership, agreed_on=D(2017, 3, 16), review_by=D(2018, 3, 15),
        frequency="Six-weekly", purpose=purpose, membership=membership,
    )  # fmt: skip


def _priorities(actor, partnership, agencies) -> None:
    if BusinessPriority.objects.filter(partnership=partnership).exists():
        return
    for text, action_text, owner, lead, due in PRIORITIES_2016:
        priority = services.add_priority(actor, partnership, reporting_year=YEAR.label, text=text)
        action = services.add_plan_action(
            actor, partnership, priority=priority, agency=agencies[owner],
            description=action_text, lead_role=lead, due_on=due,
        )  # fmt: skip
        add_update(
            actor, action, kind="status", written_on=D(2016, 4, 21), status_to="amber",
            text="Agreed at the April meeting; work started.",
        )  # fmt: skip
        add_update(
            actor, action, kind="status", written_on=due, status_to="green",
            text="Achieved (seed 002: 'All actions have been achieved').",
        )  # fmt: skip
    for text in PRIORITIES_2017:
        services.add_priority(actor, partnership, reporting_year=YEAR.next.label, text=text)


def _narrative(actor, partnership) -> None:
    if AnnualNarrative.objects.filter(partnership=partnership).exists():
        return
    for section, text in NARRATIVE_2016.items():
        narrative.save_draft(actor, partnership, YEAR, section, text, None)
