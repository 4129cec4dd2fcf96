"""The default self-assessment set: seed 003's 14 practice issues, as data.

The issue titles are seed 003's. The short statement of what goes wrong and the questions are
ours, written from each issue for a manager to ask locally: what to look for, and how you would
know. Each issue names the learning themes of the default taxonomy (shared/taxonomy.md) it maps
onto, as the taxonomy's "seeds" column says.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SET_NAME = "Practice issues from serious case reviews (14 issues)"
DEFAULT_SOURCE = (
    "Seed 003: practice issues on inter-professional communication and decision making, from "
    "an analysis of 38 serious case reviews published May 2015 to April 2016 (NSPCC and SCIE, "
    "Learning into Practice)."
)


@dataclass(frozen=True)
class IssueSpec:
    number: int
    title: str
    summary: str
    questions: tuple[str, ...]
    taxonomy_ids: tuple[str, ...]


DEFAULT_ISSUES: tuple[IssueSpec, ...] = (
    IssueSpec(
        1,
        "Disagreement about use of early help assessment",
        "Agencies disagree about whether a family needs an early help assessment or a referral "
        "to social care, and the family waits while they do.",
        (
            "Do staff in every agency know what the local early help assessment is for and who "
            "can start one?",
            "How would you know when an early help assessment was started where a referral to "
            "children's social care was needed?",
            "When agencies disagree about early help, is there an agreed route to settle it, "
            "and is it used?",
            "Do audits of early help cases check how long families waited for a decision?",
        ),
        ("thresholds-referrals",),
    ),
    IssueSpec(
        2,
        "Confusion about 'referrals' and 'contacts' in children's social care (CSC)",
        "A professional believes they have made a referral, while children's social care "
        "records it as a contact, so nobody assesses the child.",
        (
            "Do practitioners know the difference locally between a contact and a referral, and "
            "what happens to each?",
            "Is the person who got in touch told in writing what was decided and why?",
            "How would you know if concerns recorded as contacts were later found to need a "
            "referral?",
            "Are repeated contacts about the same child brought together and looked at again?",
        ),
        ("thresholds-referrals",),
    ),
    IssueSpec(
        3,
        "Not making a referral after bruising to non-mobile babies",
        "Bruising on a baby who cannot move alone is explained away and no referral follows, "
        "though a protocol says there should be one.",
        (
            "Is there a protocol for bruising on non-mobile babies, and do front-line health "
            "and early years staff know it?",
            "How would you know whether each bruise on a non-mobile baby led to a referral?",
            "Are parents' explanations of an injury checked rather than accepted as the reason "
            "not to refer?",
            "Do records show who decided not to refer, and on what grounds?",
        ),
        ("babies-injury", "thresholds-referrals"),
    ),
    IssueSpec(
        4,
        "Not making a referral when young people disclose sexual activity",
        "A young person's account of sexual activity is treated as their choice, and signs of "
        "exploitation or abuse are missed.",
        (
            "Do staff know when a young person's sexual activity must lead to a referral "
            "(age, age gap, power, exploitation)?",
            "Is a screening tool for sexual exploitation used, and are its results acted on?",
            "How would you know if disclosures were recorded but not referred?",
            "Do practitioners get supervision on how to talk with young people about consent?",
        ),
        ("adolescents", "thresholds-referrals"),
    ),
    IssueSpec(
        5,
        "Unresolved disagreement about the need for children's social care involvement",
        "A professional disagrees with a decision not to involve children's social care, but "
        "the disagreement is never raised or settled.",
        (
            "Do staff know the local escalation procedure, and feel able to use it?",
            "How many escalations were raised last year, by which agencies, and with what outcome?",
            "Is disagreement recorded on the child's file together with how it ended?",
            "Do managers follow up when a practitioner says they are still worried after a "
            "decision?",
        ),
        ("escalation", "thresholds-referrals"),
    ),
    IssueSpec(
        6,
        "Not convening strategy discussions",
        "Where there is reasonable cause to suspect significant harm, no strategy discussion "
        "is held, or it is held without the agencies who know the child.",
        (
            "Are strategy discussions held whenever the threshold for one is met?",
            "Which agencies take part, and are health and education invited as well as police?",
            "How would you know when a strategy discussion should have been held but was not?",
            "Are the decisions of a strategy discussion recorded and shared with everyone who "
            "took part?",
        ),
        ("thresholds-referrals",),
    ),
    IssueSpec(
        7,
        "Confusion about interpretation of medical information on cause of injury",
        "Medical opinion on how an injury was caused is read as more certain, or less, than "
        "it was, and plans rest on the misreading.",
        (
            "When a doctor gives an opinion on an injury, is what it does and does not rule out "
            "written down in plain words?",
            "Do social workers and police feel able to ask doctors to explain their opinion?",
            "How would you know if a plan relied on a medical opinion that was later changed?",
        ),
        ("thresholds-referrals", "babies-injury"),
    ),
    IssueSpec(
        8,
        "Incomplete information sharing by schools in child protection",
        "Schools hold important knowledge of a child, but it does not reach conferences, core "
        "groups or assessments in full.",
        (
            "Do schools send reports to child protection conferences and attend them?",
            "Does the school's designated safeguarding lead share the whole picture, including "
            "attendance, behaviour and what the child says?",
            "How would you know that what a school knew reached the assessment?",
            "Are school records passed on promptly when a child on a plan moves school?",
        ),
        ("information-sharing",),
    ),
    IssueSpec(
        9,
        "Misinterpretation of Police decisions not to pursue a prosecution",
        "A police decision not to prosecute is taken to mean that the child was not harmed, "
        "and protective work stops.",
        (
            "Do partners understand that no prosecution does not mean no harm?",
            "Do the police explain the reasons for their decisions to the other agencies?",
            "How would you know if a child protection plan ended because a prosecution did not "
            "go ahead?",
        ),
        ("information-sharing",),
    ),
    IssueSpec(
        10,
        "Unequal weight given to views of different agencies in Child Protection Conferences",
        "Some agencies' views count for more at a conference than others', whatever they "
        "know of the child.",
        (
            "Does the chair ask every agency for its view and record it?",
            "Are the views of agencies that see the child most often, such as schools and "
            "health visitors, weighed alongside social care's?",
            "How would you know if an agency felt its view was not heard?",
            "Are dissenting views recorded in the conference minutes?",
        ),
        ("professional-curiosity",),
    ),
    IssueSpec(
        11,
        "Unfocused discussion in Child Protection Conferences",
        "Conferences spend their time on updates rather than on the risks to the child and "
        "what will reduce them.",
        (
            "Does each conference use a clear model for analysing risk and strengths?",
            "Is the child's daily life and what they say at the centre of the discussion?",
            "Do plans that come out of conferences say what must change, by when, and how we "
            "will know?",
            "How would you know whether conferences are focused: is there an audit or "
            "observation of them?",
        ),
        ("professional-curiosity",),
    ),
    IssueSpec(
        12,
        "Reluctance to share all information in presence of families at child protection "
        "conferences",
        "Professionals hold back concerns when the family is in the room, so the conference "
        "decides on part of the picture.",
        (
            "Do professionals send written reports that are shared with the family before the "
            "conference?",
            "Is there a way to share information that cannot be said in front of the family, "
            "and is its use recorded?",
            "Are staff supported to say difficult things to families openly and respectfully?",
            "How would you know if something important was left unsaid at a conference?",
        ),
        ("thresholds-referrals", "information-sharing"),
    ),
    IssueSpec(
        13,
        "Euphemistic language in reports and written records",
        "Soft words ('chaotic', 'volatile relationship', 'rough handling') hide what actually "
        "happened and how serious it was.",
        (
            "Do records say plainly what was seen or heard, and by whom?",
            "Do managers challenge vague words when they read records and reports?",
            "How would you know: does case file audit look at the language used?",
        ),
        ("recording",),
    ),
    IssueSpec(
        14,
        "Lack of communication between children's and adults' social care",
        "Adult services working with a parent do not think about the children, and children's "
        "services do not hear what adult services know.",
        (
            "Do adult services ask whether their clients care for children, and record it?",
            "Are there agreed ways for adults' and children's social care to share information "
            "and plan together?",
            "Do adult services workers attend child protection conferences and core groups when "
            "they know a parent?",
            "How would you know if an adult's needs were affecting a child without children's "
            "services being told?",
        ),
        ("information-sharing", "parental-mental-health"),
    ),
)
