"""The demo partnership's data: fictional "Northshire", modelled on seed 002's year (2016-17).

Refs, summaries, locations, genders, ages and statuses of the reviews are the public figures of
seed 002's tables. Where the seed gives no date (or no record at all), the value is invented and
the record's `notes` say so. `casereviews.portal.demo.loader` loads this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# fmt: off
# A data module: laid out for reading, not by the formatter.

D = dt.date
INVENTED = "Demo data: date invented; seed 002 gives none."
# The reviews seed 002 leaves running were finished in 2017-18 in the demo's story, so that
# nothing of that year is overdue today (issue 13).
LATER = ("Demo data: learning event, report, completion and publication dates after March 2017 "
         "invented (the review's later history).")

PARTNERSHIP = ("Northshire Safeguarding Children Partnership", "northshire")
SECOND_PARTNERSHIP = ("Southshire Safeguarding Children Partnership", "southshire")

AGENCIES: list[tuple[str, str]] = [
    ("Northshire Police", "Police"),
    ("Children's Social Care", "CSC"),
    ("Northshire General Hospital", "NGH"),
    ("Clinical Commissioning Group / Integrated Care Board", "CCG/ICB"),
    ("Education", "Education"),
    ("Probation", "Probation"),
    ("Early Help", "Early Help"),
]

DEMO_PASSWORD = "demo-password-2017"  # noqa: S105 (printed demo sign-in, fictional)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    agency: str | None
    job_title: str
    partnership: str = "northshire"


USERS: list[DemoUser] = [
    DemoUser("business.unit", "Alex", "Morgan", "business_unit", None, "Business manager"),
    DemoUser(
        "agency.lead", "Jordan", "Price", "subgroup_member", "Northshire Police",
        "Detective Inspector, safeguarding (sub-group member)",
    ),
    DemoUser("reviewer", "Sam", "Okafor", "reviewer", None, "Independent reviewer"),
    DemoUser(
        "practitioner", "Priya", "Shah", "practitioner", "Northshire General Hospital",
        "Named nurse for safeguarding children",
    ),
    DemoUser(
        "southshire.bu", "Chris", "Hale", "business_unit", None, "Business manager",
        partnership="southshire",
    ),
    # Practitioners and managers who use the case audit tool (audits/demo.py writes their audits).
    DemoUser(
        "practice.manager", "Morgan", "Ellis", "practitioner", "Northshire General Hospital",
        "Named nurse lead and safeguarding supervisor",
    ),
    DemoUser(
        "social.worker", "Dana", "Kerr", "practitioner", "Children's Social Care",
        "Social worker, assessment team",
    ),
    DemoUser(
        "team.manager", "Robin", "Achebe", "practitioner", "Children's Social Care",
        "Team manager, assessment team",
    ),
    DemoUser(
        "school.dsl", "Lee", "Brennan", "practitioner", "Education",
        "Designated safeguarding lead, a primary school",
    ),
]

# Monthly sub-group meetings of 2016-17 (seed 002: "monthly meetings throughout the last year").
# The seed gives no meeting dates: these are invented (third Thursday of each month).
MEETINGS = {
    "apr": D(2016, 4, 21), "may": D(2016, 5, 19), "jun": D(2016, 6, 16),
    "jul": D(2016, 7, 21), "aug": D(2016, 8, 18), "sep": D(2016, 9, 15),
    "oct": D(2016, 10, 20), "nov": D(2016, 11, 17), "dec": D(2016, 12, 15),
    "jan": D(2017, 1, 19), "feb": D(2017, 2, 16), "mar": D(2017, 3, 16),
}


@dataclass(frozen=True)
class DemoDecision:
    meeting_on: dt.date
    outcome: str
    rationale: str


@dataclass(frozen=True)
class DemoReferral:
    child_pseudonym: str
    received_on: dt.date
    source_agency: str
    harm_category: str
    summary: str
    decisions: list[DemoDecision]
    sin: bool = False
    la_aware_on: dt.date | None = None
    notified_on: dt.date | None = None
    rapid_review_on: dt.date | None = None
    age_years: int | None = None  # of the index child, where the review says "Various"
    notes: str = INVENTED + " Pseudonym and referral details are fictional."


@dataclass(frozen=True)
class DemoReview:
    ref: str
    review_type: str
    summary: str
    location: str
    gender: str
    status: str
    status_note: str
    methodology: str = ""
    age_years: int | None = None
    age_months: int | None = None
    age_weeks: int | None = None
    age_various: bool = False
    milestones: dict[str, dt.date] = field(default_factory=dict)
    planned: dict[str, dt.date] = field(default_factory=dict)  # planned_<milestone>_on
    publication_handling: str = ""
    publication_note: str = ""
    family_involvement: str = ""
    referral: DemoReferral | None = None
    lead_reviewer: str | None = None
    restricted_members: tuple[str, ...] = ()
    notes: str = ""


def _ref(pseudonym: str, received: dt.date, agency: str, harm: str, summary: str,
         decisions: list[DemoDecision], **kw) -> DemoReferral:
    return DemoReferral(pseudonym, received, agency, harm, summary, decisions, **kw)


def _decide(meeting: str, outcome: str, rationale: str) -> DemoDecision:
    return DemoDecision(MEETINGS[meeting], outcome, rationale)


# --- The 10 referrals considered 1 April 2016 - 31 March 2017, each with its review -----------

REVIEWS_OF_THE_YEAR: list[DemoReview] = [
    DemoReview(
        "Ref048", "single_agency", "Missed health appointments for a baby with complex needs",
        "Corby", "female", "completed", "Single agency review completed; action plan monitored",
        methodology="other", age_months=9,
        milestones={"agreed_on": D(2016, 4, 21), "initiated_on": D(2016, 5, 3),
                    "completed_on": D(2016, 10, 14)},
        referral=_ref("Child A", D(2016, 4, 8), "Northshire General Hospital", "neglect",
                      "Repeated missed appointments for a baby with complex health needs.",
                      [_decide("apr", "single_agency", "Learning lies within one agency's "
                               "processes for following up missed appointments.")]),
        notes="Demo data: Ref, summary and dates invented; seed 002 counts 2 single agency "
              "reviews but does not list them.",
    ),
    DemoReview(
        "Ref049", "single_agency", "Response to repeated missing episodes", "Wellingborough",
        "female", "completed", "Single agency review completed; action plan monitored",
        methodology="other", age_years=14,
        milestones={"agreed_on": D(2016, 8, 18), "initiated_on": D(2016, 9, 5),
                    "completed_on": D(2017, 2, 10)},
        referral=_ref("Child B", D(2016, 8, 2), "Northshire Police", "exploitation",
                      "Young person repeatedly reported missing; concerns about exploitation.",
                      [_decide("aug", "single_agency", "The learning concerns the police "
                               "response to missing episodes only.")]),
        notes="Demo data: Ref, summary and dates invented; seed 002 counts 2 single agency "
              "reviews but does not list them.",
    ),
    DemoReview(
        "Ref050", "case_mapping", "CSE and grooming", "Kettering", "female", "completed",
        "Workshop held June 2017; review completed September 2017", methodology="case_mapping",
        age_years=16, lead_reviewer="reviewer",
        milestones={"agreed_on": D(2016, 10, 20), "initiated_on": D(2016, 12, 1),
                    "learning_event_on": D(2017, 6, 15), "completed_on": D(2017, 9, 14)},
        planned={"planned_learning_event_on": D(2017, 6, 15)},
        referral=_ref("Child C", D(2016, 9, 26), "Children's Social Care", "exploitation",
                      "Young person groomed and sexually exploited by adults.",
                      [_decide("oct", "case_mapping", "Multi-agency learning about grooming; "
                               "a case mapping exercise will bring practitioners together.")]),
        notes="Demo data: agreed and initiated dates and the workshop day invented; seed 002 "
              "says only 'workshop arranged for June 2017'. " + LATER,
    ),
    DemoReview(
        "Ref051", "case_mapping", "Siblings in repeat PLO processes", "Daventry", "male",
        "completed", "Workshop held May 2017; review completed August 2017",
        methodology="case_mapping", age_years=7,
        milestones={"agreed_on": D(2016, 11, 17), "initiated_on": D(2017, 1, 9),
                    "learning_event_on": D(2017, 5, 10), "completed_on": D(2017, 8, 17)},
        planned={"planned_learning_event_on": D(2017, 5, 10)},
        referral=_ref("Child D", D(2016, 10, 31), "Children's Social Care", "neglect",
                      "Siblings subject to repeated pre-proceedings (PLO) processes.",
                      [_decide("nov", "case_mapping", "Learning about drift in repeated "
                               "pre-proceedings work across agencies.")]),
        notes="Demo data: agreed and initiated dates and the workshop day invented; seed 002 "
              "says only 'workshop arranged for May 2017'. " + LATER,
    ),
    DemoReview(
        "Ref052", "thematic", "CSE involving multiple victims", "Northampton", "both",
        "published", "Initiated 13 May 2017 as a thematic learning review; report published "
        "12 July 2018", methodology="learning_together", age_various=True,
        restricted_members=("business.unit", "agency.lead"),
        milestones={"agreed_on": D(2017, 3, 16), "initiated_on": D(2017, 5, 13),
                    "learning_event_on": D(2017, 10, 11), "draft_report_on": D(2018, 2, 5),
                    "panel_signoff_on": D(2018, 5, 16), "completed_on": D(2018, 5, 31),
                    "published_on": D(2018, 7, 12)},
        referral=_ref("Child E and others", D(2016, 11, 4), "Northshire Police", "exploitation",
                      "Several young people sexually exploited by the same group of adults.",
                      [_decide("nov", "scr", "The criteria for a serious case review are met."),
                       _decide("mar", "thematic", "Converted: the learning across several "
                               "victims is best drawn out by a thematic learning review, "
                               "with a published report on completion.")],
                      age_years=15),
        notes="Demo data: seed 002 lists Ref052 under new SCRs ('13 May 2017 - SCR initiated') "
              "and notes a multi-victim review 'will be undertaken as a Thematic Learning "
              "Review' (it names Ref050, which is ambiguous). We model Ref052 as decided an SCR "
              "in November 2016 and converted to a thematic learning review in March 2017, "
              "both decisions kept. Decision and agreed dates invented. Restricted in the demo "
              "to show restricted reviews (a police operation was live). " + LATER,
    ),
    DemoReview(
        "Ref053", "scr", "Extreme neglect and cruelty", "Northampton", "male", "published",
        "SCR agreed and initiated 5 February 2017; published 14 June 2018 after the trial",
        methodology="welsh_model", age_years=12, lead_reviewer="reviewer",
        milestones={"agreed_on": D(2017, 2, 5), "initiated_on": D(2017, 2, 5),
                    "learning_event_on": D(2017, 9, 20), "draft_report_on": D(2018, 1, 15),
                    "panel_signoff_on": D(2018, 4, 18), "completed_on": D(2018, 4, 30),
                    "published_on": D(2018, 6, 14)},
        publication_handling="media_event",
        publication_note="Published after the carers' trial, with a media event (demo data).",
        referral=_ref("Child F", D(2016, 12, 19), "Children's Social Care", "neglect",
                      "Child found in conditions of extreme neglect and cruelty at home.",
                      [_decide("jan", "scr", "Abuse or neglect is known and the child has "
                               "been seriously harmed; concerns about how agencies worked "
                               "together. Recommended to the Board chair.")],
                      sin=True, la_aware_on=D(2016, 12, 14), notified_on=D(2016, 12, 19),
                      rapid_review_on=D(2017, 1, 10)),
        family_involvement="The project officer has met the child's wider family; the child's "
        "own views and wishes and feelings are to be gathered with the help of an advocate "
        "(seed 002: a priority for 2017-18). Demo data.",
        notes="Seed 002: agreed and initiated 5 February 2017 (by the Board chair after the "
              "sub-group's recommendation). Demo data: referral, notification, rapid review "
              "and meeting dates invented; the seed gives none. " + LATER,
    ),
    DemoReview(
        "Ref054", "case_mapping", "Sibling witnesses of domestic violence", "Wellingborough",
        "both", "completed", "Workshop held May 2017; review completed August 2017",
        methodology="case_mapping", age_various=True,
        milestones={"agreed_on": D(2017, 1, 19), "initiated_on": D(2017, 2, 20),
                    "learning_event_on": D(2017, 5, 17), "completed_on": D(2017, 8, 24)},
        planned={"planned_learning_event_on": D(2017, 5, 17)},
        referral=_ref("Child G and siblings", D(2017, 1, 6), "Early Help", "domestic_abuse",
                      "Siblings living with and witnessing domestic violence.",
                      [_decide("jan", "case_mapping", "Learning about the child's voice "
                               "where domestic violence is known.")],
                      age_years=8),
        notes="Demo data: agreed and initiated dates and the workshop day invented; seed 002 "
              "says only 'workshop arranged for May 2017'. " + LATER,
    ),
    DemoReview(
        "Ref055", "case_mapping", "Young carer missing from education", "Towcester", "male",
        "completed", "Workshop held June 2017; review completed September 2017",
        methodology="case_mapping", age_years=13,
        milestones={"agreed_on": D(2017, 2, 16), "initiated_on": D(2017, 3, 6),
                    "learning_event_on": D(2017, 6, 21), "completed_on": D(2017, 9, 28)},
        planned={"planned_learning_event_on": D(2017, 6, 21)},
        referral=_ref("Child H", D(2017, 1, 27), "Education", "neglect",
                      "Young carer missing from education for a long period.",
                      [_decide("feb", "case_mapping", "Learning for schools and early help "
                               "about children missing education.")]),
        notes="Demo data: this fifth case mapping exercise is invented (seed 002 counts 5 "
              "but lists 4); its Ref, summary, details and dates are fictional. " + LATER,
    ),
    DemoReview(
        "Ref056", "case_mapping", "Non-accidental injury", "Rushden", "female", "completed",
        "Workshop held May 2017; review completed August 2017", methodology="case_mapping",
        age_months=4,
        milestones={"agreed_on": D(2017, 2, 16), "initiated_on": D(2017, 3, 13),
                    "learning_event_on": D(2017, 5, 24), "completed_on": D(2017, 8, 31)},
        planned={"planned_learning_event_on": D(2017, 5, 24)},
        referral=_ref("Child I", D(2017, 2, 10), "Northshire General Hospital", "nai",
                      "Baby presented at hospital with unexplained injuries.",
                      [_decide("feb", "case_mapping", "Learning about bruising in "
                               "non-mobile babies.")],
                      sin=True, la_aware_on=D(2017, 2, 1), notified_on=D(2017, 2, 10),
                      rapid_review_on=D(2017, 3, 3)),
        notes="Demo data: referral, notification (made late, to show a missed clock), agreed "
              "and initiated dates and the workshop day invented. " + LATER,
    ),
    DemoReview(
        "Ref057", "scr", "Murder by stabbing", "Northampton", "male", "published",
        "SCR initiated 2 April 2017; published 27 September 2018 after the murder trial",
        methodology="welsh_model", age_years=17,
        milestones={"agreed_on": D(2017, 3, 23), "initiated_on": D(2017, 4, 2),
                    "learning_event_on": D(2017, 11, 15), "draft_report_on": D(2018, 3, 12),
                    "panel_signoff_on": D(2018, 6, 20), "completed_on": D(2018, 7, 5),
                    "published_on": D(2018, 9, 27)},
        publication_handling="media_event",
        publication_note="Published with a media event once the trial had ended (demo data).",
        referral=_ref("Child J", D(2017, 3, 2), "Northshire Police", "death",
                      "Young person died after being stabbed.",
                      [_decide("mar", "scr", "A child has died and abuse is known; "
                               "questions about how agencies worked together.")],
                      sin=True, la_aware_on=D(2017, 2, 27), notified_on=D(2017, 3, 2),
                      rapid_review_on=D(2017, 3, 14)),
        notes="Seed 002: SCR initiated 2 April 2017. Demo data: referral, notification, rapid "
              "review, meeting and agreed dates invented. " + LATER,
    ),
]

# --- Reviews from earlier years, still on the register (no referral loaded) -------------------

EARLIER = "Demo data: referred before 2016-17 (referral not loaded); dates other than the seed's "

EARLIER_REVIEWS: list[DemoReview] = [
    DemoReview(
        "Ref021", "scr", "Significant non-accidental injury", "Kettering", "female", "published",
        "SCR completed. Published 26 January 2017", methodology="traditional", age_weeks=6,
        milestones={"agreed_on": D(2015, 4, 20), "initiated_on": D(2015, 5, 11),
                    "learning_event_on": D(2015, 9, 23), "draft_report_on": D(2016, 3, 1),
                    "panel_signoff_on": D(2016, 9, 28), "completed_on": D(2016, 10, 20),
                    "published_on": D(2017, 1, 26)},
        publication_handling="one_to_one",
        publication_note="Instead of an open session for the media, one-to-one interviews between "
        "the independent chair and the media were arranged. It worked well and allowed more "
        "discussion; the method will be used for future publications (seed 002).",
        notes=EARLIER + "(published 26 January 2017) invented.",
    ),
    DemoReview(
        "Ref023", "scr", "Death following non-accidental injury", "Deanshanger", "male",
        "published", "SCR completed. Published 6 July 2016", methodology="traditional",
        age_months=4,
        milestones={"agreed_on": D(2014, 11, 17), "initiated_on": D(2014, 12, 8),
                    "learning_event_on": D(2015, 4, 15), "draft_report_on": D(2015, 10, 5),
                    "panel_signoff_on": D(2016, 3, 2), "completed_on": D(2016, 3, 30),
                    "published_on": D(2016, 7, 6)},
        publication_handling="media_event",
        publication_note="A well organised media event with an open session for questions.",
        notes=EARLIER + "(published 6 July 2016) invented. Seed 002: a judge's comments at "
              "sentencing meant a further report was commissioned in one case; the demo puts "
              "that delay on this review.",
    ),
    DemoReview(
        "Ref035", "scr", "Death following dog attack", "Daventry", "female", "published",
        "SCR completed. Published 20 October 2017", methodology="traditional", age_months=6,
        milestones={"agreed_on": D(2015, 10, 19), "initiated_on": D(2015, 11, 16),
                    "learning_event_on": D(2016, 4, 13), "draft_report_on": D(2016, 10, 3),
                    "panel_signoff_on": D(2017, 2, 22), "completed_on": D(2017, 3, 15),
                    "published_on": D(2017, 10, 20)},
        publication_handling="media_event",
        publication_note="Publication managed with a media event.",
        notes=EARLIER + "(published 20 October 2017) invented. The seed's report is dated June "
              "2017 yet gives 20 October 2017 as the publication date; we keep the seed's date.",
    ),
    DemoReview(
        "Ref044", "case_mapping", "Sustained non-accidental injuries", "Northampton", "male",
        "completed", "Review completed September 2016 and 6-step briefing available on the "
        "partnership website", methodology="case_mapping", age_years=1, age_months=11,
        milestones={"agreed_on": D(2016, 2, 18), "initiated_on": D(2016, 3, 14),
                    "learning_event_on": D(2016, 7, 6), "completed_on": D(2016, 9, 22)},
        notes=EARLIER + "(completed September 2016; the day is invented) invented.",
    ),
    DemoReview(
        "Ref047", "case_mapping", "Neglect", "Northampton", "male", "completed",
        "Review completed February 2016 and 6-step briefing available on the partnership "
        "website", methodology="case_mapping", age_years=1,
        milestones={"agreed_on": D(2015, 9, 17), "initiated_on": D(2015, 10, 12),
                    "learning_event_on": D(2015, 12, 9), "completed_on": D(2017, 2, 16)},
        notes=EARLIER + "(completed February 2017; the day is invented) invented. Seed 002 lists "
              "Ref047 among the 2016-17 year's completed reviews but says 'completed February "
              "2016'; the demo takes February 2017, so that it falls in the year it is "
              "reported in.",
    ),
]

ALL_REVIEWS = REVIEWS_OF_THE_YEAR + EARLIER_REVIEWS

# (ref, noted_on, reason, detail): seed 002 says legal proceedings delayed the reviews.
DELAYS: list[tuple[str, dt.date, str, str]] = [
    ("Ref053", D(2017, 5, 18), "criminal",
     "Parallel criminal proceedings against the carers: the police asked that practitioners "
     "are not interviewed until after the trial. Demo data: date invented."),
    ("Ref057", D(2017, 4, 27), "criminal",
     "Murder trial listed; the review waits on the criminal proceedings before family and "
     "practitioner conversations. Demo data: date invented."),
    ("Ref023", D(2015, 11, 12), "further_work",
     "The judge's comments at sentencing meant a further report had to be commissioned "
     "(seed 002). Demo data: date and review invented."),
]
