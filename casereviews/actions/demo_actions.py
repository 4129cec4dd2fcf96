"""Demo recommendations and actions for Northshire: a composite plan with a realistic spread,
for the reviews of the demo's current year (Ref098-Ref100, completed in the last two years).

Fictional text. Due dates and updates are relative to the day the demo is loaded, so the plan
always has actions overdue (for the escalation view), due soon, Green and Blue. Every record is
made through the services, so the demo meets the rules users meet (Blue only with evidence).
Idempotent: a review that already has recommendation N keeps it, and its actions, untouched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.actions import services
from casereviews.actions.models import Recommendation
from casereviews.learning.models import Finding
from casereviews.reviews.models import Review

POLICE = "Northshire Police"
CSC = "Children's Social Care"
NGH = "Northshire General Hospital"
ICB = "Clinical Commissioning Group / Integrated Care Board"
EDUCATION = "Education"
EARLY_HELP = "Early Help"
PROBATION = "Probation"


@dataclass(frozen=True)
class U:
    """An update `days_ago` days before the demo is loaded."""

    days_ago: int
    kind: str
    text: str = ""
    status_to: str | None = None
    pdf: str | None = None  # title of a small generated PDF attached to it


@dataclass(frozen=True)
class A:
    agency: str
    description: str
    lead_role: str
    due_in: int  # days from the load date; negative is past
    success: str = ""
    updates: tuple[U, ...] = ()


@dataclass(frozen=True)
class R:
    text: str
    actions: tuple[A, ...] = field(default_factory=tuple)


_BY_SOURCE: dict[str, tuple[R, ...]] = {
    "Ref048": (
        R(
            "The hospital should make sure that when a baby with complex needs misses a "
            "follow-up appointment, the reason is sought and the GP and health visitor are told.",
            (
                A(
                    NGH,
                    "Introduce a 'was not brought' procedure for children's outpatient clinics, "
                    "replacing 'did not attend'.",
                    "Named Nurse for Safeguarding Children",
                    -140,
                    "Every missed appointment of a child under two is followed up within five "
                    "working days, shown by a quarterly audit.",
                    (
                        U(170, "progress", "Draft procedure agreed by the paediatric leads."),
                        U(150, "status", "Procedure launched in all clinics.", "amber"),
                        U(120, "status", "Procedure in place and staff briefed.", "green"),
                        U(
                            30,
                            "evidence",
                            "Audit of 60 missed appointments, January to March: 57 followed "
                            "up within five working days and the GP told in every case. Two "
                            "referrals to children's social care followed.",
                            "blue",
                            "Was not brought audit, quarter 4",
                        ),
                    ),
                ),
                A(
                    ICB,
                    "Share the 'was not brought' guidance with every GP practice and add it to "
                    "the practice safeguarding lead training.",
                    "Designated Nurse",
                    -45,
                    "All 68 practices confirm the guidance is in use.",
                    (
                        U(80, "status", "Guidance sent to practices.", "amber"),
                        U(50, "progress", "41 of 68 practices have confirmed so far."),
                    ),
                ),
            ),
        ),
    ),
    "Ref049": (
        R(
            "Police should treat every return interview after a missing episode as a chance "
            "to hear the child and to share what they say with partners.",
            (
                A(
                    POLICE,
                    "Brief every response officer on the return-home interview and the "
                    "exploitation screening tool.",
                    "Detective Inspector, Public Protection",
                    -20,
                    "Return interviews completed within 72 hours for 90% of episodes.",
                    (
                        U(60, "status", "Briefings under way across the three areas.", "amber"),
                        U(25, "progress", "Two of three areas briefed; the north is booked."),
                    ),
                ),
                A(
                    CSC,
                    "Send the outcome of each return interview to the child's social worker "
                    "and school the next working day.",
                    "Head of Service, Children in Need",
                    -65,
                    "Outcomes on the child's record within one working day.",
                ),
                A(
                    EDUCATION,
                    "Remind designated safeguarding leads to report repeated absence alongside "
                    "missing episodes.",
                    "Education Safeguarding Adviser",
                    25,
                ),
            ),
        ),
    ),
    "Ref044": (
        R(
            "All agencies should follow the bruising in non-mobile babies protocol, and "
            "refer every such bruise for a strategy discussion.",
            (
                A(
                    NGH,
                    "Add the bruising protocol to the emergency department's triage prompts.",
                    "Consultant Paediatrician",
                    -210,
                    "Every bruise on a non-mobile baby seen in the department is referred.",
                    (
                        U(230, "status", "Prompt designed with the ED team.", "amber"),
                        U(200, "status", "Prompt live on the triage system.", "green"),
                    ),
                ),
                A(
                    EARLY_HELP,
                    "Train family support workers to recognise and refer bruising in babies.",
                    "Early Help Manager",
                    -12,
                    "Every family support worker trained; referrals audited.",
                    (U(40, "status", "First two sessions delivered.", "amber"),),
                ),
                A(
                    POLICE,
                    "Include the protocol in the induction of new child protection officers.",
                    "Detective Sergeant, Child Protection",
                    60,
                ),
            ),
        ),
        R(
            "Fathers and male carers should be seen and assessed whenever a baby is injured.",
            (
                A(
                    CSC,
                    "Make 'who lives here and who cares for the baby' a required question of "
                    "every assessment.",
                    "Principal Social Worker",
                    -95,
                    "Assessments name and assess every male carer (audit of 30 cases).",
                    (U(110, "progress", "Assessment template change requested."),),
                ),
                A(
                    PROBATION,
                    "Check for children in the household at every new supervision of a man "
                    "with a history of violence.",
                    "Senior Probation Officer",
                    15,
                    "",
                    (U(20, "status", "Checklist piloted in the south team.", "amber"),),
                ),
            ),
        ),
    ),
    "Ref047": (
        R(
            "The partnership should adopt one neglect assessment tool used by every agency.",
            (
                A(
                    CSC,
                    "Launch the Graded Care Profile 2 across children's social care.",
                    "Assistant Director, Safeguarding",
                    -300,
                    "Every neglect case has a completed profile at assessment.",
                    (
                        U(330, "status", "Licence bought and trainers trained.", "amber"),
                        U(290, "status", "Profile in use across every team.", "green"),
                        U(
                            150,
                            "evidence",
                            "Audit of 25 neglect cases: 23 had a completed profile, and in 9 "
                            "the profile led to a change of plan. Social workers said the "
                            "profile helped parents see the concerns.",
                            "blue",
                            "Neglect audit summary",
                        ),
                    ),
                ),
                A(
                    EDUCATION,
                    "Train designated safeguarding leads in schools to use the neglect tool.",
                    "Education Safeguarding Adviser",
                    -30,
                    "Every school has one trained lead.",
                    (U(90, "progress", "Training dates published; 40 of 120 schools booked."),),
                ),
                A(
                    ICB,
                    "Health visitors to use the tool at every universal review where neglect "
                    "is suspected.",
                    "Designated Nurse",
                    45,
                    "",
                    (U(10, "status", "Health visiting teams trained.", "amber"),),
                ),
            ),
        ),
    ),
    "Ref021": (
        R(
            "Agencies should share information about injuries to a child with the GP, the "
            "health visitor and children's social care on the same day.",
            (
                A(
                    POLICE,
                    "Notify children's social care the same day of any child present at an "
                    "incident involving an injury.",
                    "Detective Inspector, Public Protection",
                    -400,
                    "",
                    (
                        U(420, "status", "Notification form changed.", "amber"),
                        U(390, "status", "Same-day notification in place.", "green"),
                    ),
                ),
                A(
                    ICB,
                    "Make sure GP practices record children's social care involvement on the "
                    "child's record.",
                    "Named GP",
                    -5,
                ),
            ),
        ),
    ),
}

# The plan belongs to the demo's current year (portal/demo/current.py): reviews completed in
# the last two years, whose actions fall due now. (Seed 002's reviews of 2016-17 are history.)
PLAN: dict[str, tuple[R, ...]] = {
    "Ref098": _BY_SOURCE["Ref044"] + _BY_SOURCE["Ref021"],
    "Ref099": _BY_SOURCE["Ref048"] + _BY_SOURCE["Ref047"],
    "Ref100": _BY_SOURCE["Ref049"],
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _pdf_upload(title: str) -> SimpleUploadedFile:
    from casereviews.core.pdf import render_pdf

    html = (
        "<html><head><style>body{font-family:sans-serif}</style></head><body>"
        f"<h1>{title}</h1><p>Northshire Safeguarding Children Partnership. Demo document: "
        "fictional figures.</p></body></html>"
    )
    name = title.lower().replace(" ", "-").replace(",", "") + ".pdf"
    return SimpleUploadedFile(name, render_pdf(html), content_type="application/pdf")


def _author(agency: Agency, lead: User | None, business_unit: User) -> User:
    """The agency lead writes their own agency's updates; the business unit writes the rest."""
    if lead is not None and lead.agency_id == agency.pk:
        return lead
    return business_unit


@transaction.atomic
def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    business_unit = _user("business.unit")
    if partnership is None or business_unit is None:
        return
    lead = _user("agency.lead")
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    today = timezone.localdate()
    for ref, recommendations in PLAN.items():
        review = Review.objects.filter(partnership=partnership, ref=ref).first()
        if review is None:
            continue
        for number, spec in enumerate(recommendations, start=1):
            if Recommendation.objects.filter(review=review, number=number).exists():
                continue
            findings = list(Finding.objects.filter(review=review, number=number))
            rec = services.create_recommendation(
                business_unit, review, text=spec.text, number=number, findings=findings
            )
            for action_spec in spec.actions:
                _action(rec, action_spec, agencies, lead, business_unit, today)


def _action(rec, spec: A, agencies, lead, business_unit, today: dt.date) -> None:
    agency = agencies.get(spec.agency)
    if agency is None:
        return
    action = services.create_action(
        business_unit,
        rec,
        agency=agency,
        description=spec.description,
        lead_role=spec.lead_role,
        due_on=today + dt.timedelta(days=spec.due_in),
        success_measure=spec.success,
    )
    author = _author(agency, lead, business_unit)
    for update in spec.updates:
        services.add_update(
            author,
            action,
            kind=update.kind,
            written_on=today - dt.timedelta(days=update.days_ago),
            text=update.text,
            status_to=update.status_to,
            files=[_pdf_upload(update.pdf)] if update.pdf else (),
        )
