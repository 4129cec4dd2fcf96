"""The 18 quality markers for a review, in three stages, as data (docs/adr/0024).

The markers follow the SCIE/NSPCC framework's headings; each statement and its questions are
written here in our own words, to help a business unit and a lead reviewer look honestly at how
one review was set up, run and used. `evidence` names what the product already records that
bears on the marker (casereviews.audits.quality.evidence fills it in).
"""

from __future__ import annotations

from dataclasses import dataclass

SETUP = "setup"
RUNNING = "running"
OUTPUTS = "outputs"

STAGES: dict[str, str] = {
    SETUP: "Setting the review up",
    RUNNING: "Running the review",
    OUTPUTS: "What the review produces and what follows",
}


@dataclass(frozen=True)
class Marker:
    number: int
    key: str
    stage: str
    title: str
    statement: str
    questions: tuple[str, ...]
    evidence: tuple[str, ...] = ()


MARKERS: tuple[Marker, ...] = (
    Marker(
        1,
        "referral",
        SETUP,
        "Referral",
        "The case came to the partnership promptly, with enough information for a sound "
        "decision, through a route everyone knows.",
        (
            "How long passed between the incident and the referral reaching the partnership?",
            "Did the referral say clearly why it might meet the criteria for a review?",
            "Would agencies that did not refer it know how to do so?",
        ),
        ("referral",),
    ),
    Marker(
        2,
        "decision_making",
        SETUP,
        "Decision making",
        "The decision whether to review, and what kind of review, was made on time by the right "
        "people, with the reasons written down.",
        (
            "Were the statutory criteria and the national guidance applied and recorded?",
            "Who took part in the decision, and was any disagreement resolved openly?",
            "Was the choice of review type and method explained?",
        ),
        ("decision",),
    ),
    Marker(
        3,
        "advising_board",
        SETUP,
        "Advising board members",
        "Senior leaders of the partnership were told of the decision and what it would ask of "
        "them, so they could support it.",
        (
            "When were the safeguarding partners told, and by whom?",
            "Did they understand the resources and timescale the review would need?",
        ),
    ),
    Marker(
        4,
        "informing_family",
        SETUP,
        "Informing the family",
        "The child's family were told early, sensitively and in a way they could follow, that "
        "a review would take place and how they could take part.",
        (
            "Who told the family, when, and how was it followed up?",
            "Were language, disability and timing (for example around court or a funeral) "
            "taken into account?",
            "Was it clear to the family what the review is for and what it is not?",
        ),
        ("family_delays",),
    ),
    Marker(
        5,
        "clarity_of_purpose",
        SETUP,
        "Clarity of purpose",
        "The review's terms of reference say what it is to find out and why, and everyone "
        "involved shares that understanding.",
        (
            "Do the terms of reference name the questions the review must answer?",
            "Is the period under review justified?",
            "Were the terms of reference revisited as the review learned more?",
        ),
    ),
    Marker(
        6,
        "commissioning",
        RUNNING,
        "Commissioning",
        "The reviewers chosen are independent of the case and have the skills the review needs, "
        "and the commission is clear about roles and deliverables.",
        (
            "How was the lead reviewer chosen, and is their independence recorded?",
            "Does the agreement set out what is to be delivered, and by when?",
        ),
        ("lead_reviewer",),
    ),
    Marker(
        7,
        "governance",
        RUNNING,
        "Governance",
        "Someone senior owns the review, oversees its progress and quality, and can act when "
        "it goes off course.",
        (
            "Who oversees the review, and how often do they look at progress?",
            "How are risks and disagreements taken to the partnership's leaders?",
        ),
    ),
    Marker(
        8,
        "review_management",
        RUNNING,
        "Review management",
        "The review keeps to a realistic plan; delays are noticed, explained and managed.",
        (
            "Were the milestones set at the start met, and if not, why not?",
            "Are the reasons for any delay written down and shared?",
            "Was the family kept informed when the timetable changed?",
        ),
        ("milestones", "delays"),
    ),
    Marker(
        9,
        "parallel_processes",
        RUNNING,
        "Parallel processes",
        "The review works alongside criminal, family court, coroner and other processes without "
        "harming them or being stalled by them unnecessarily.",
        (
            "Were the police, the Crown Prosecution Service or the coroner consulted early?",
            "Was there an agreed way to share information and to publish without prejudice?",
        ),
        ("parallel_delays",),
    ),
    Marker(
        10,
        "assembling_information",
        RUNNING,
        "Assembling information",
        "The review gathered the records and accounts it needed, proportionately, from every "
        "agency involved.",
        (
            "Did every relevant agency contribute, and on time?",
            "Was information checked and the gaps acknowledged?",
        ),
        ("agency_delays",),
    ),
    Marker(
        11,
        "practitioner_involvement",
        RUNNING,
        "Practitioner involvement",
        "Practitioners and managers who knew the child took part in a way that was fair, safe "
        "and helped them reflect.",
        (
            "Were the practitioners who worked with the child invited and supported to take part?",
            "Did they see and comment on how their practice is described?",
            "Did the review look at the conditions they worked in, not only their decisions?",
        ),
        ("learning_event",),
    ),
    Marker(
        12,
        "family_involvement",
        RUNNING,
        "Family involvement",
        "The family and, where right, the child were offered a real say, and their view shaped "
        "the review.",
        (
            "How were family members supported to give their account?",
            "Where their view differs from the agencies', does the report say so?",
            "Did the family see the findings before publication?",
        ),
        ("family_delays",),
    ),
    Marker(
        13,
        "analysis",
        RUNNING,
        "Analysis",
        "The review goes beyond what happened to why it made sense at the time, and what in the "
        "wider system makes it likely to happen again.",
        (
            "Does the analysis explain practitioners' reasoning, not only judge it in hindsight?",
            "Are the findings about the system, with evidence that they are not a one-off?",
        ),
        ("findings",),
    ),
    Marker(
        14,
        "report",
        OUTPUTS,
        "The report",
        "The report is clear, anonymised, readable by its audiences, and says what was learned.",
        (
            "Could a busy practitioner find the main findings in a few minutes?",
            "Has the report been checked for anything that could identify the child or family?",
        ),
        ("report_dates",),
    ),
    Marker(
        15,
        "improvement_action",
        OUTPUTS,
        "Improvement action",
        "The findings lead to a small number of actions that are specific, owned and likely to "
        "change practice.",
        (
            "Does each recommendation follow from a finding?",
            "Does every action have an owner, a date and a way of knowing it worked?",
        ),
        ("actions",),
    ),
    Marker(
        16,
        "board_response",
        OUTPUTS,
        "Board written response",
        "The partnership's leaders respond in writing, accept or explain their view of each "
        "finding, and say what they will do.",
        (
            "Is there a written response from the safeguarding partners?",
            "Does it address each finding, including any it does not accept?",
        ),
    ),
    Marker(
        17,
        "publication",
        OUTPUTS,
        "Publication",
        "The report is published on time (unless there is a good reason not to), with the "
        "family prepared for it and the national panel told.",
        (
            "Was the family told when and how the report would be published?",
            "If publication was delayed or the report withheld, is the reason recorded?",
        ),
        ("publication",),
    ),
    Marker(
        18,
        "implementation",
        OUTPUTS,
        "Implementation and evaluation",
        "The partnership checks that actions were carried out and whether practice, and "
        "children's lives, actually changed.",
        (
            "How many actions have evidence of impact, not only completion?",
            "Was the learning shared with practitioners, and did it reach them?",
            "When will the partnership look again?",
        ),
        ("impact",),
    ),
)

BY_KEY: dict[str, Marker] = {m.key: m for m in MARKERS}


def markers_of(stage: str) -> list[Marker]:
    return [m for m in MARKERS if m.stage == stage]
