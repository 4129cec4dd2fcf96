"""The demo partnership's current year (issue 13): fictional work dated from the day the demo is
loaded, so that its clocks, milestones and action plans are current while seed 002's year
(data.py) stays history.

- referrals still at their statutory clocks: a notification due in the next days, a rapid
  review due in the coming weeks, and two waiting for the sub-group's decision;
- three reviews under way with planned milestones in the coming weeks, one a little behind
  (its draft report is late and the delay is logged);
- three reviews completed in the last year or two whose action plans run now
  (actions.demo_actions writes them: some due soon, some overdue by days or weeks);
- the findings and overview report of Ref098 (published), about the men in a baby's life, for
  the practitioners' library (issue 11), written in `seed_learning`.

Children are pseudonyms ("Child T"), every name and date fictional; every record is written
through the services by loader.load_demo and the learning seed. Idempotent: reviews by Ref,
referrals by pseudonym (not by date, which moves with the day of loading).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casereviews.accounts.models import User
from casereviews.learning import services as learning_services
from casereviews.learning.models import TagState
from casereviews.reviews.models import Review

from . import data

NOTE = "Demo data: the current year, dated from the day the demo was loaded; all fictional."


@dataclass(frozen=True)
class WaitingReferral:
    """A referral not yet decided (no review yet)."""

    child_pseudonym: str
    received_on: dt.date
    source_agency: str
    harm_category: str
    summary: str
    age_years: int | None
    age_months: int | None
    gender: str
    locality: str
    sin: bool = False
    la_aware_on: dt.date | None = None
    notified_on: dt.date | None = None
    rapid_review_on: dt.date | None = None


def waiting_referrals(today: dt.date) -> list[WaitingReferral]:
    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    return [
        WaitingReferral(
            "Child T", ago(2), "Northshire General Hospital", "nai",
            "Baby of seven weeks brought to the emergency department with a fractured arm.",
            0, 1, "male", "Corby", sin=True, la_aware_on=ago(2),
        ),  # the notification is due within 5 working days
        WaitingReferral(
            "Child U", ago(9), "Northshire Police", "exploitation",
            "Boy of 15 found with drugs and a knife far from home; criminal exploitation.",
            15, None, "male", "Northampton", sin=True, la_aware_on=ago(10),
            notified_on=ago(8),
        ),  # the rapid review is due in about two weeks
        WaitingReferral(
            "Child V", ago(27), "Children's Social Care", "neglect",
            "Girl of 3 admitted to hospital malnourished; the family was known to early help.",
            3, None, "female", "Kettering", sin=True, la_aware_on=ago(28),
            notified_on=ago(26), rapid_review_on=ago(6),
        ),  # rapid review held: the sub-group decides at its next meeting
        WaitingReferral(
            "Child W", ago(5), "Education", "domestic_abuse",
            "Girl of 9 disclosed at school years of domestic abuse at home; learning for "
            "schools about Operation Encompass notifications.",
            9, None, "female", "Wellingborough",
        ),  # no serious incident: awaiting the sub-group's decision
    ]  # fmt: skip


def _review(ref, kind, summary, location, gender, status, status_note, ages, referral,
            milestones, planned=None, lead=None, methodology="") -> data.DemoReview:  # fmt: skip
    years, months = ages
    return data.DemoReview(
        ref, kind, summary, location, gender, status, status_note, methodology=methodology,
        age_years=years, age_months=months, milestones=milestones, planned=planned or {},
        referral=referral, lead_reviewer=lead, notes=NOTE,
    )  # fmt: skip


def reviews(today: dt.date) -> list[data.DemoReview]:
    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def ahead(days: int) -> dt.date:
        return today + dt.timedelta(days=days)

    def decide(days_ago: int, outcome: str, why: str) -> data.DemoDecision:
        return data.DemoDecision(ago(days_ago), outcome, why)

    def ref(pseudonym, days_ago, agency, harm, summary, decision, **kw) -> data.DemoReferral:
        return data.DemoReferral(pseudonym, ago(days_ago), agency, harm, summary, [decision],
                                 notes=NOTE, **kw)  # fmt: skip

    return [
        # Completed in the last two years: their action plans are the ones running now.
        _review(
            "Ref098",
            "scr",
            "Injuries to a baby; the men in the household unknown",
            "Corby",
            "male",
            "published",
            "LCSPR published; action plan monitored",
            (None, 5),
            ref(
                "Child N",
                730,
                "Northshire General Hospital",
                "nai",
                "Baby of five months with bruising and a fractured rib; the mother's new "
                "partner had moved in.",
                decide(
                    712,
                    "scr",
                    "A baby was seriously harmed and abuse is known; agencies "
                    "did not know who lived in the household.",
                ),
                sin=True,
                la_aware_on=ago(733),
                notified_on=ago(731),
                rapid_review_on=ago(716),
            ),
            {
                "agreed_on": ago(712),
                "initiated_on": ago(700),
                "learning_event_on": ago(610),
                "draft_report_on": ago(530),
                "panel_signoff_on": ago(480),
                "completed_on": ago(470),
                "published_on": ago(445),
            },
            lead="reviewer",
            methodology="learning_together",
        ),
        _review(
            "Ref099",
            "case_mapping",
            "Neglect of a toddler with missed health appointments",
            "Daventry",
            "female",
            "completed",
            "Case mapping completed; action plan monitored",
            (2, None),
            ref(
                "Child O",
                480,
                "Early Help",
                "neglect",
                "Toddler with faltering growth; eleven health appointments missed.",
                decide(
                    466,
                    "case_mapping",
                    "Learning about missed appointments and neglect across health and early help.",
                ),
            ),
            {
                "agreed_on": ago(466),
                "initiated_on": ago(450),
                "learning_event_on": ago(380),
                "completed_on": ago(330),
            },
            methodology="case_mapping",
        ),
        _review(
            "Ref100",
            "single_agency",
            "Police response to a teenager missing from home",
            "Wellingborough",
            "female",
            "completed",
            "Single agency review completed; action plan monitored",
            (14, None),
            ref(
                "Child S",
                420,
                "Northshire Police",
                "exploitation",
                "Girl of 14 reported missing nine times in three months.",
                decide(
                    405,
                    "single_agency",
                    "The learning concerns the police response to missing episodes.",
                ),
            ),
            {"agreed_on": ago(405), "initiated_on": ago(395), "completed_on": ago(280)},
            methodology="other",
        ),
        # Under way now: milestones in the coming weeks; Ref101 a little behind.
        _review(
            "Ref101",
            "scr",
            "Death of an infant in an unsafe sleeping arrangement",
            "Rushden",
            "male",
            "underway",
            "Draft report late: the author is waiting for the GP records",
            (None, 3),
            ref(
                "Child P",
                200,
                "Northshire General Hospital",
                "death",
                "Infant of three months died while sleeping on a sofa with a parent.",
                decide(
                    182,
                    "scr",
                    "A child has died and neglect is suspected; questions about "
                    "safer sleep advice across agencies.",
                ),
                sin=True,
                la_aware_on=ago(203),
                notified_on=ago(201),
                rapid_review_on=ago(186),
            ),
            {"agreed_on": ago(182), "initiated_on": ago(165), "learning_event_on": ago(60)},
            planned={
                "planned_draft_report_on": ago(10),
                "planned_completed_on": ahead(12),
                "planned_published_on": ahead(16),
            },
            lead="reviewer",
            methodology="welsh_model",
        ),
        _review(
            "Ref102",
            "case_mapping",
            "A young carer not seen by services",
            "Towcester",
            "female",
            "underway",
            "Practitioners' workshop booked",
            (12, None),
            ref(
                "Child Q",
                95,
                "Education",
                "neglect",
                "Girl of 12 caring for her mother; long absences from school.",
                decide(
                    82,
                    "case_mapping",
                    "Learning for schools, adult services and early help about young carers.",
                ),
            ),
            {"agreed_on": ago(82), "initiated_on": ago(62)},
            planned={"planned_learning_event_on": ahead(16), "planned_completed_on": ahead(85)},
            lead="reviewer",
            methodology="case_mapping",
        ),
        _review(
            "Ref103",
            "single_agency",
            "Follow-up of a disclosure at an out-of-hours service",
            "Northampton",
            "male",
            "underway",
            "Records requested from the out-of-hours service",
            (6, None),
            ref(
                "Child R",
                48,
                "Clinical Commissioning Group / Integrated Care Board",
                "other",
                "Boy of 6 told an out-of-hours doctor he had been hit; no referral followed.",
                decide(
                    40,
                    "single_agency",
                    "The learning lies within one provider's safeguarding procedures.",
                ),
            ),
            {"agreed_on": ago(40), "initiated_on": ago(33)},
            planned={"planned_completed_on": ahead(45)},
            methodology="other",
        ),
    ]


def delays(today: dt.date) -> list[tuple[str, dt.date, str, str]]:
    """(ref, noted_on, reason, detail), as data.DELAYS."""
    return [
        ("Ref101", today - dt.timedelta(days=12), "agency",
         "The author is waiting for the GP practice's records before the draft can go to the "
         "panel. Demo data."),
    ]  # fmt: skip


# --- Findings and a report about fathers and male carers (issue 11) --------------------------


@dataclass(frozen=True)
class CurrentFinding:
    ref: str
    title: str
    text: str
    themes: tuple[str, ...]


# Ref098's findings in the order of its recommendations (actions.demo_actions links finding N to
# recommendation N): the bruise, then the men in the household.
FATHERS_FINDINGS = [
    CurrentFinding(
        "Ref098",
        "A bruise on a baby who could not crawl was not referred",
        "Three weeks before his admission, a practice nurse saw a small bruise on Child N's "
        "cheek. The mother said that his older cousin had hit him with a toy. The explanation "
        "was accepted; the bruising protocol was not followed and no strategy discussion was "
        "held.",
        ("babies-injury", "thresholds-referrals"),
    ),
    CurrentFinding(
        "Ref098",
        "The men in Child N's life were not known to the agencies",
        "Child N's father saw him every weekend, and the mother's new partner had moved into "
        "the household a month before the injuries. Neither man was asked about, seen or "
        "included in any assessment. The health visitor recorded 'lives with mum'; the "
        "hospital recorded no details of the father. Fathers and male carers were invisible "
        "to the agencies even though they cared for the baby.",
        ("fathers-men", "babies-injury"),
    ),
    # Seed 002's Ref057, published in 2018 in the demo's story: a finding of its later report.
    CurrentFinding(
        "Ref057",
        "Child J's father asked for help and was not heard",
        "Child J lived with his father after his parents separated. His father told the school "
        "and the youth offending service three times that Child J had started carrying a "
        "knife and was afraid of older boys. Each agency contacted only Child J's mother, who "
        "no longer lived with him. The father's worries were not recorded and he was not "
        "invited to the planning meeting: a father who was the main carer was treated as an "
        "outsider.",
        ("fathers-men", "adolescents", "information-sharing"),
    ),
]

REF098_REPORT_NAME = "Ref098 Child N LCSPR report.pdf"
REF098_REPORT_HTML = """
<h1>Local child safeguarding practice review: Child N</h1>
<p>Published report. Northshire Safeguarding Children Partnership. Demo data: fictional.</p>
<h2>Summary</h2>
<p>Child N, aged five months, was admitted to hospital with bruising and a fractured rib. His
parents had separated; his father looked after him every weekend, and his mother's new partner
had recently moved into the home.</p>
<h2>Fathers and male carers</h2>
<p>No agency knew who the men in Child N's life were. The father was not invited to health
appointments and his details were not recorded. The mother's partner was not asked about, and
checks on him were never made. Practitioners told the review that they 'work with mum'. The
review found that fathers and male carers must be seen, heard and assessed as part of every
assessment of a baby, whether or not they live in the home.</p>
<h2>Recommendations</h2>
<p>Every agency should record who lives in the household and who cares for the baby, and
invite fathers to appointments and assessments.</p>
"""


def seed_learning() -> None:
    """The findings about fathers of two published reviews, their themes and Ref098's report;
    after demo_learning (issue 11)."""
    reviews = {
        r.ref: r
        for r in Review.objects.filter(
            partnership__slug=data.PARTNERSHIP[1], ref__in={f.ref for f in FATHERS_FINDINGS}
        )
    }
    reviewer = User.objects.filter(username="reviewer").first()
    if reviewer is None:
        return
    for spec in FATHERS_FINDINGS:
        review = reviews.get(spec.ref)
        if review is None or review.findings.filter(title=spec.title).exists():
            continue
        finding = learning_services.add_finding(reviewer, review, title=spec.title, text=spec.text)
        for theme_id in spec.themes:
            tag = finding.tags.filter(theme_id=theme_id).first()
            if tag is not None and tag.state == TagState.SUGGESTED:
                learning_services.accept_tag(reviewer, tag)
            elif tag is None or tag.state != TagState.ACCEPTED:
                learning_services.add_theme(reviewer, finding, theme_id, "Agreed by the panel")
    if "Ref098" in reviews:
        _report(reviews["Ref098"], reviewer)


def _report(review: Review, reviewer: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from casereviews.core.pdf import render_pdf
    from casereviews.learning import reports

    if review.reports.filter(original_name=REF098_REPORT_NAME).exists():
        return
    upload = SimpleUploadedFile(
        REF098_REPORT_NAME, render_pdf(REF098_REPORT_HTML), "application/pdf"
    )
    reports.upload_report(reviewer, review, upload)
