"""Demo case audits for Northshire (fictional): three agencies' practitioners and a manager
at the hospital, with audits signed off, completed and half-finished. Written through the
services, so they pass the same checks as a user's. Idempotent: an audit already there (same
author and case reference) is left alone; users already there are reused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from casereviews.accounts.models import Partnership, User

from . import services
from .joint import demo as joint_demo
from .models import AuditStatus, CaseAudit

E, N, X, A = "evident_addressed", "evident_not_addressed", "not_evident", "not_applicable"


@dataclass(frozen=True)
class DemoAudit:
    author: str
    supervisor: str | None
    case_reference: str
    child: str
    purpose: str
    team: str
    days_ago: int
    answers: dict[int, tuple[str, str, str, str, int | None, str]]  # seen, judgement, ...
    finish: str  # "draft", "completed" or "signed_off"


ANSWERS_BABY = {
    1: (
        "Health visitor, GP, midwife and the hospital know the family. No shared plan: each "
        "assumed the others had been told about the bruise at the last visit.",
        N,
        "Hold a professionals meeting and agree who shares what, and how.",
        "Named nurse",
        14,
        "Information sharing across health teams",
    ),
    2: (
        "Mother's account of how the bruise happened was recorded without being checked "
        "with anyone.",
        N,
        "Ask the GP for the records of the earlier injury.",
        "Ward sister",
        7,
        "",
    ),
    3: (
        "No known mental health, learning difficulty, substance misuse or domestic abuse "
        "concerns recorded.",
        X,
        "",
        "",
        None,
        "",
    ),
    4: ("English is the family's first language; no cultural issues raised.", A, "", "", None, ""),
    5: ("Not relevant: the child is 4 months old.", A, "", "", None, ""),
    6: (
        "Father visits most days but has never been seen by the health visitor; his views "
        "and history are unknown.",
        N,
        "Invite father to the next appointment and record his account.",
        "Health visitor",
        21,
        "Working with fathers",
    ),
    7: ("No permanence planning is needed at present.", A, "", "", None, ""),
    8: ("Home conditions described as good by the health visitor.", X, "", "", None, ""),
    9: (
        "A non-mobile baby: what the baby's day looks like is not described anywhere.",
        N,
        "Write a day in the life of the baby at the next home visit.",
        "Health visitor",
        21,
        "Capturing the lived experience of babies",
    ),
}
ANSWERS_TEENAGER = {
    1: (
        "School, police and the youth offending team all work with him; the school was not "
        "told about the last missing episode.",
        E,
        "Monthly multi-agency meeting now set up.",
        "Social worker",
        None,
        "",
    ),
    2: (
        "We accepted his mother's view that he is staying with friends.",
        N,
        "Check where he stays, with the police missing person coordinator.",
        "Social worker",
        10,
        "",
    ),
    3: (
        "Mother has depression and is waiting for a mental health assessment.",
        E,
        "Adult mental health worker invited to the core group.",
        "Social worker",
        None,
        "",
    ),
    4: ("", A, "", "", None, ""),
    5: (
        "He goes missing most weekends; the records call it 'his choice'. Older men give "
        "him lifts and money.",
        N,
        "Complete an exploitation screening tool.",
        "Social worker",
        7,
        "Child exploitation",
    ),
    6: (
        "Father lives in another town and has not been contacted.",
        N,
        "Find father and invite him to the review.",
        "Social worker",
        28,
        "",
    ),
    7: ("", A, "", "", None, ""),
    8: ("", X, "", "", None, ""),
    9: ("His own words are in the assessment: he says nobody listens.", E, "", "", None, ""),
}


DEMO_AUDITS = [
    DemoAudit(
        "practitioner",
        "practice.manager",
        "HOSP-2291",
        "Baby R",
        "case_supervision",
        "Paediatric outpatients",
        40,
        ANSWERS_BABY,
        "signed_off",
    ),
    DemoAudit(
        "practitioner",
        "practice.manager",
        "HOSP-2307",
        "Child M",
        "stuck_case",
        "Paediatric outpatients",
        6,
        {
            **ANSWERS_BABY,
            1: (
                "The school nurse saw Child M after the mother's new partner moved in. "
                "There were arguments and police callouts for domestic violence at the "
                "home.",
                N,
                "Ask the police for callout details.",
                "Named nurse",
                10,
                "",
            ),
            3: ("Nothing recorded about the adults.", X, "", "", None, ""),
        },
        "completed",
    ),
    DemoAudit(
        "practitioner",
        "practice.manager",
        "HOSP-2340",
        "K.T.",
        "group_supervision",
        "Emergency department",
        1,
        {k: ANSWERS_BABY[k] for k in (1, 2, 3, 4)},
        "draft",
    ),
    DemoAudit(
        "social.worker",
        "team.manager",
        "CSC-55012",
        "Child J",
        "case_supervision",
        "Assessment team",
        20,
        ANSWERS_TEENAGER,
        "completed",
    ),
    DemoAudit(
        "social.worker",
        "team.manager",
        "CSC-55108",
        "Child P",
        "team_meeting",
        "Assessment team",
        2,
        {k: ANSWERS_TEENAGER[k] for k in (1, 5, 6)},
        "draft",
    ),
    # Children's social care's audit of the same case as the hospital's HOSP-2307: the two
    # meet in the multi-agency audit (joint/demo.py).
    DemoAudit(
        "social.worker",
        "team.manager",
        "HOSP-2307",
        "Child M",
        "stuck_case",
        "Assessment team",
        5,
        {
            **ANSWERS_TEENAGER,
            1: (
                "Social care heard of the police callouts a month late; health had the same "
                "concern and nobody called a strategy discussion.",
                N,
                "Agree with health and police who calls the next strategy discussion.",
                "Team manager",
                7,
                "Multi-agency information sharing",
            ),
        },
        "completed",
    ),
    DemoAudit(
        "school.dsl",
        None,
        "EDU-0173",
        "A.B.",
        "training_needs",
        "Primary school",
        3,
        {k: ANSWERS_TEENAGER[k] for k in (1, 9)},
        "draft",
    ),
]


def _answers(spec: DemoAudit, today: dt.date) -> dict[int, dict]:
    return {
        number: {
            "seen": seen,
            "judgement": judgement,
            "next_action": action,
            "action_owner": owner,
            "action_due": today + dt.timedelta(days=due) if due is not None else None,
            "training_need": training,
        }
        for number, (seen, judgement, action, owner, due, training) in spec.answers.items()
    }


def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    if partnership is None:
        return  # the demo partnership is not there: nothing to add to
    users = {u.username: u for u in User.objects.filter(partnership=partnership)}
    today = timezone.localdate()
    for spec in DEMO_AUDITS:
        author = users.get(spec.author)
        if (
            author is None
            or CaseAudit.objects.filter(author=author, case_reference=spec.case_reference).exists()
        ):
            continue
        audit = services.start_audit(
            author,
            partnership,
            {
                "case_reference": spec.case_reference,
                "child": spec.child,
                "purpose": spec.purpose,
                "agency": author.agency,
                "team": spec.team,
                "audit_date": today - dt.timedelta(days=spec.days_ago),
                "supervisor": users.get(spec.supervisor) if spec.supervisor else None,
            },
        )
        services.save_answers(author, audit, _answers(spec, today), audit.version)
        if spec.finish in (AuditStatus.COMPLETED, AuditStatus.SIGNED_OFF):
            services.complete(author, audit)
        if spec.finish == AuditStatus.SIGNED_OFF:
            services.sign_off(
                users[spec.supervisor],
                audit,
                "Discussed in supervision. Actions agreed; review at the next session.",
            )
    joint_demo.seed(partnership, users)
