"""Demo self-assessment (fictional): the Northshire Police, through its agency lead, assesses
itself against seed 003's practice issues twice, a reporting year apart, so the pages show
change since last time, and raises one improvement action into the partnership's action plan.
The business unit records the hospital's safeguarding children team's assessment for this year
(the demo practitioner's agency, so their home page leads to it). Written through the services.
Idempotent: a year already there is left alone, an action already raised is not raised again.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casereviews.accounts.models import Agency, Partnership, User

from . import selectors, services

# Question code -> (rating, evidence, action, owner, days until due); others are amber.
LAST_YEAR = {
    "2.1": ("red", "Officers told us they 'referred' when children's social care logged a "
            "contact; 6 of 20 dip-sampled cases.", "Briefing for response officers on "
            "contacts and referrals.", "Safeguarding training lead", 90),
    "5.1": ("red", "Only 2 escalations by police all year; staff survey: most did not know the "
            "procedure.", "Add escalation to the public protection induction.",
            "Detective inspector, public protection", 120),
    "6.2": ("amber", "Strategy discussions mostly police and social care only.", "", "", None),
    "9.1": ("red", "Two plans ended after a no-further-action decision in the sample.",
            "Write a one-page note on what a no-further-action decision means.",
            "Head of public protection", 60),
    "9.2": ("amber", "Reasons for decisions are given on request only.", "", "", None),
    "13.1": ("green", "Record audit found plain language in most reports.", "", "", None),
}  # fmt: skip
THIS_YEAR = {
    "2.1": ("amber", "Dip sample: 2 of 20 cases still confused.", "Repeat the dip sample in "
            "six months.", "Safeguarding training lead", 180),
    "5.1": ("green", "Escalation in induction since June; 9 escalations this year.", "", "",
            None),
    "6.2": ("amber", "Health now joins about half of strategy discussions.", "Ask the health "
            "safeguarding team to name a daily contact.", "Detective inspector, public "
            "protection", 60),
    "9.1": ("green", "The note is issued with every no-further-action decision.", "", "", None),
    "9.2": ("green", "Reasons sent in writing to the social worker.", "", "", None),
    "13.1": ("amber", "Some 'volatile relationship' wording crept back in.", "Include language "
             "in the quarterly record audit.", "Quality assurance sergeant", 90),
}  # fmt: skip


# The hospital's safeguarding children team, this year (the business unit records it).
HOSPITAL = {
    "3.1": ("green", "Every bruise on a non-mobile baby seen in the emergency department is "
            "referred: audit of 30 cases.", "", "", None),
    "7.1": ("red", "Two cases where the paediatric opinion was read as 'accidental' by others.",
            "Write the opinion's conclusion in plain words at the top of every report.",
            "Named doctor for safeguarding children", 90),
    "13.1": ("amber", "Some 'volatile relationship' wording in discharge letters.", "", "", None),
}  # fmt: skip
HOSPITAL_TEAM = "Safeguarding children team"
RAISED = "6.2"  # this year's police action that the agency lead raises into the plan


def _period(today: dt.date, years_back: int) -> str:
    start = (today.year if today.month >= 4 else today.year - 1) - years_back
    return f"{start}-{(start + 1) % 100:02d}"


def _answers(assessment, ratings: dict, today: dt.date) -> dict[int, dict]:
    answers = {}
    for answer in selectors.answers_of(assessment):
        rating, evidence, action, owner, due = ratings.get(
            answer.question.code, ("amber", "Partly in place; no audit yet.", "", "", None)
        )
        answers[answer.question_id] = {
            "rating": rating,
            "evidence": evidence,
            "action": action,
            "action_owner": owner,
            "action_due": today + dt.timedelta(days=due) if due else None,
        }
    return answers


def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    lead = User.objects.filter(username="agency.lead").first()
    police = Agency.objects.filter(partnership=partnership, name="Northshire Police").first()
    if partnership is None or lead is None or police is None:
        return  # the demo partnership is not there: nothing to add to
    today = timezone.localdate()
    issue_set = services.ensure_default_set(partnership)
    for years_back, ratings in ((1, LAST_YEAR), (0, THIS_YEAR)):
        period = _period(today, years_back)
        if selectors.existing(issue_set, police, "", period) is not None:
            continue
        assessment = services.start(lead, partnership, {"agency": police, "period": period})
        services.save_answers(
            lead, assessment, _answers(assessment, ratings, today), assessment.version
        )
        services.complete(lead, assessment)
    _raise(lead, issue_set, police, _period(today, 0))
    _hospital(partnership, issue_set, today)


def _raise(lead, issue_set, police, period: str) -> None:
    assessment = selectors.existing(issue_set, police, "", period)
    answer = next((a for a in selectors.answers_of(assessment) if a.question.code == RAISED), None)
    if answer is None or answer.raised_action_id or assessment.status != "completed":
        return
    services.raise_action(lead, answer, lead_role=answer.action_owner, due_on=answer.action_due)


def _hospital(partnership, issue_set, today: dt.date) -> None:
    bu = User.objects.filter(username="business.unit").first()
    hospital = Agency.objects.filter(
        partnership=partnership, name="Northshire General Hospital"
    ).first()
    period = _period(today, 0)
    if bu is None or hospital is None:
        return
    if selectors.existing(issue_set, hospital, HOSPITAL_TEAM, period) is not None:
        return
    assessment = services.start(
        bu, partnership, {"agency": hospital, "team": HOSPITAL_TEAM, "period": period}
    )
    services.save_answers(bu, assessment, _answers(assessment, HOSPITAL, today), assessment.version)
    services.complete(bu, assessment)
