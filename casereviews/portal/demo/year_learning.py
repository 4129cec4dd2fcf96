"""The demo's learning within 2016-17 (seed 002), for the annual report's briefings and action
plan tables: the 6-step briefings of the two case mapping exercises completed that year (Ref044,
September 2016; Ref047, February 2017: "6-step briefing available on the website"), how the
agencies shared them with their feedback, and the action plan of Ref023 (an SCR completed in
March 2016, published July 2016), whose actions were worked through the year.

The rest of the demo's plan and briefings are dated from the day the demo is loaded, so that
the dashboards always have something due; these are dated in the seed's year instead.

Written through the services. Publishing stamps today's date, so the demo then moves each
briefing's publication date back into 2016-17, audited like any change (demo data only).
Fictional text; seed 002's hospital quote is the seed's own. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.actions import services as action_services
from casereviews.actions.models import Action, Recommendation
from casereviews.briefings import services as briefing_services
from casereviews.briefings.demo_briefings import publish_on
from casereviews.briefings.models import Briefing, BriefingKind, BriefingStatus, Dissemination
from casereviews.briefings.sharing import services as sharing_services
from casereviews.events import services as event_services
from casereviews.events.models import Event
from casereviews.learning import services as learning_services
from casereviews.reviews.models import Review

from . import data

D = dt.date

POLICE = "Northshire Police"
CSC = "Children's Social Care"
NGH = "Northshire General Hospital"
ICB = "Clinical Commissioning Group / Integrated Care Board"
EDUCATION = "Education"
EARLY_HELP = "Early Help"
PROBATION = "Probation"

# Seed 002, section 3: "Feedback from the 6-step briefings is positive".
NGH_QUOTE = (
    "Staff have commented that they feel the 6 step briefings are a great tool and easy to use "
    "to share information."
)


@dataclass(frozen=True)
class Share:
    agency: str
    method: str
    shared_on: dt.date
    staff: int
    feedback: str = ""
    other: str = ""


@dataclass(frozen=True)
class YearBriefing:
    ref: str
    finding: tuple[str, str]  # (title, text): a briefing shares what the review found
    title: str
    published_on: dt.date
    sections: dict[str, str]
    shares: tuple[Share, ...]


BRIEFINGS = [
    YearBriefing(
        "Ref044",
        (
            "Bruising in a baby who could not move was explained away",
            "Child K, a baby boy, was seen with bruises to the face and arm on two occasions "
            "before he was a year old. Each time a parent's explanation was accepted and no "
            "strategy discussion was held. Fathers and male carers were not seen.",
        ),
        "Bruising in babies who cannot move",
        D(2016, 10, 13),
        {
            "the_case": (
                "Child K, a boy aged one year and eleven months, suffered sustained injuries over "
                "many months. He had been seen with bruising before he could crawl."
            ),
            "why_review": (
                "The sub-group agreed a case mapping exercise: several agencies saw the bruising, "
                "and none of them referred it for a strategy discussion."
            ),
            "what_learned": (
                "Bruising in a baby who is not yet mobile is rare and must always be referred. "
                "Explanations from parents were accepted without being checked.\n\n"
                "The father and the mother's partner were not part of any assessment."
            ),
            "good_practice": (
                "The nursery recorded each injury carefully, with body maps, and shared its "
                "records as soon as it was asked."
            ),
            "what_changed": (
                "- The bruising protocol is now in the emergency department's triage prompts.\n"
                "- Family support workers are being trained to recognise and refer bruising."
            ),
            "questions": (
                "What would you do if you saw a bruise on a baby who cannot crawl?\n"
                "Who else cares for the babies you work with, and have you met them?"
            ),
        },
        (
            Share(POLICE, "team_meeting", D(2016, 10, 27), 30),
            Share(NGH, "training", D(2016, 11, 2), 60, NGH_QUOTE),
            Share(
                CSC,
                "team_meeting",
                D(2016, 11, 10),
                45,
                "Teams used the questions to check who lives in each household with a baby.",
            ),
            Share(EARLY_HELP, "other", D(2016, 12, 1), 20, other="Family support workers' forum"),
            # The rest shared it in 2017-18 (demo data: dates invented), so nothing is left
            # awaiting confirmation years later.
            Share(ICB, "newsletter", D(2017, 4, 20), 140),
            Share(EDUCATION, "newsletter", D(2017, 5, 4), 110),
            Share(PROBATION, "team_meeting", D(2017, 5, 11), 25),
        ),
    ),
    YearBriefing(
        "Ref047",
        (
            "Neglect of a baby was seen one visit at a time",
            "Child L, a baby boy, lived in a home that health visitors and social workers "
            "described as poor on many visits. No agency used a neglect assessment tool, so "
            "the pattern was not seen until he was admitted to hospital underweight.",
        ),
        "Neglect of a baby: one tool for every agency",
        D(2017, 3, 2),
        {
            "the_case": (
                "Child L, a boy aged one, was admitted to hospital underweight after months of "
                "neglect that several agencies had seen part of."
            ),
            "why_review": (
                "A case mapping exercise was agreed to understand why the neglect was not "
                "recognised sooner by the agencies working with the family."
            ),
            "what_learned": (
                "Each agency judged the home on the day it visited. Without a shared neglect "
                "tool, nobody could show how the baby's care had changed over time."
            ),
            "good_practice": (
                "The health visitor escalated her concerns through the resolution protocol "
                "when a referral was closed."
            ),
            "what_changed": (
                "- Children's social care uses the Graded Care Profile 2 in every neglect case.\n"
                "- Schools and health visitors are being trained to use the same tool."
            ),
            "questions": (
                "How do you record a change in a family's home over time?\n"
                "When did you last use the neglect tool with a family?"
            ),
        },
        (
            Share(
                CSC,
                "team_meeting",
                D(2017, 3, 9),
                40,
                "The briefing was short enough to read together at the start of the meeting.",
            ),
            Share(ICB, "newsletter", D(2017, 3, 20), 150),
            Share(EDUCATION, "newsletter", D(2017, 3, 23), 120),
            Share(POLICE, "team_meeting", D(2017, 4, 13), 35),  # 2017-18: dates invented
            Share(NGH, "training", D(2017, 4, 26), 50),
            Share(PROBATION, "team_meeting", D(2017, 5, 11), 25),
            Share(EARLY_HELP, "other", D(2017, 5, 18), 20, other="Family support workers' forum"),
        ),
    ),
]


@dataclass(frozen=True)
class Step:
    on: dt.date
    kind: str
    text: str
    status_to: str | None = None


@dataclass(frozen=True)
class YearAction:
    agency: str
    description: str
    lead_role: str
    due_on: dt.date
    steps: tuple[Step, ...]


AGREED = Step(D(2016, 3, 31), "progress", "Action agreed when the panel signed off the review.")

# Ref023's plan through 2016-17: all Red at 1 April 2016; by 31 March 2017 most are Green and
# one is still Amber (seed 002: "still a level of challenge ... in a timely manner"), finished
# in June 2017.
REF023_RECOMMENDATION = (
    "Agencies should make sure that the men in a baby's household are known, seen and assessed."
)
REF023_ACTIONS = [
    YearAction(
        CSC,
        "Record every adult in the household, and their role in caring for the baby, in each "
        "assessment.",
        "Principal Social Worker",
        D(2016, 9, 30),
        (
            AGREED,
            Step(D(2016, 5, 12), "status", "Assessment template changed.", "amber"),
            Step(D(2016, 9, 15), "status", "In use in every team; audit booked.", "green"),
        ),
    ),
    YearAction(
        NGH,
        "Ask who lives at home, and record the father's details, at every attendance of a baby.",
        "Named Nurse for Safeguarding Children",
        D(2016, 12, 31),
        (
            AGREED,
            Step(D(2016, 7, 4), "status", "Question added to the paediatric record.", "amber"),
            Step(
                D(2016, 12, 8), "status", "Audit shows the question answered in 9 of 10.", "green"
            ),
        ),
    ),  # fmt: skip
    YearAction(
        POLICE,
        "Share with children's social care any violence by a man living with a baby.",
        "Detective Inspector, Public Protection",
        D(2017, 1, 31),
        (
            AGREED,
            Step(D(2016, 10, 20), "status", "Notification form changed.", "amber"),
            Step(D(2017, 6, 22), "status", "Same-day sharing confirmed by audit.", "green"),
        ),
    ),
]


def seed() -> None:
    partnership = Partnership.objects.filter(slug=data.PARTNERSHIP[1]).first()
    if partnership is None:
        return
    business_unit = User.objects.get(username="business.unit")
    reviewer = User.objects.get(username="reviewer")
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    reviews = {r.ref: r for r in Review.objects.filter(partnership=partnership)}
    for spec in BRIEFINGS:
        if spec.ref in reviews:
            _briefing(spec, reviews[spec.ref], agencies, business_unit, reviewer)
    if "Ref023" in reviews:
        _plan(reviews["Ref023"], agencies, business_unit)
        _link_plan_to_debrief(reviews["Ref023"], business_unit)


def _link_plan_to_debrief(review: Review, actor) -> None:
    """The wider de-brief on Ref023 taught what its plan puts right: the event's level 4
    (results) reads the plan's progress."""
    event = Event.objects.filter(partnership=review.partnership, title__startswith="Wider de-brief")
    event = event.filter(reviews=review).first()
    if event is None or event.actions.exists():
        return
    data = {f: getattr(event, f) for f in event_services.EVENT_FIELDS}
    data |= {
        "themes": event.themes,
        "reviews": list(event.reviews.all()),
        "actions": list(Action.objects.filter(recommendation__review=review)),
    }
    event_services.change_event(actor, event, data, event.version)


def _briefing(spec: YearBriefing, review: Review, agencies, actor, reviewer) -> None:
    briefing = Briefing.objects.filter(review=review, title=spec.title).first()
    if briefing is None:
        if not review.findings.filter(title=spec.finding[0]).exists():
            title, text = spec.finding
            learning_services.add_finding(reviewer, review, title=title, text=text)
        briefing = briefing_services.create_briefing(
            actor, review, BriefingKind.SIX_STEP, title=spec.title, sections=spec.sections
        )
        briefing_services.publish(actor, briefing, briefing.version)
        briefing.refresh_from_db()
    if briefing.status == BriefingStatus.PUBLISHED and briefing.published_on != spec.published_on:
        publish_on(actor, briefing, spec.published_on)
    for share in spec.shares:
        agency = agencies[share.agency]
        if Dissemination.objects.filter(briefing=briefing, agency=agency).exists():
            continue
        sharing_services.record_dissemination(
            actor,
            briefing,
            agency=agency,
            method=share.method,
            method_other=share.other,
            shared_on=share.shared_on,
            staff_reached=share.staff,
            feedback=share.feedback,
        )


def _plan(review: Review, agencies, actor) -> None:
    if Recommendation.objects.filter(review=review).exists():
        return
    rec = action_services.create_recommendation(actor, review, text=REF023_RECOMMENDATION, number=1)
    for spec in REF023_ACTIONS:
        action = action_services.create_action(
            actor,
            rec,
            agency=agencies[spec.agency],
            description=spec.description,
            lead_role=spec.lead_role,
            due_on=spec.due_on,
        )
        for step in spec.steps:
            action_services.add_update(
                actor,
                action,
                kind=step.kind,
                written_on=step.on,
                text=step.text,
                status_to=step.status_to,
            )
