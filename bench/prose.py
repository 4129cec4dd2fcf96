"""Synthetic, realistic case review prose from sentence templates and a seeded RNG.

Fictional throughout: children are "Child A" and so on; agencies are generic. Each document
picks a handful of themes and mixes their sentences with chronology, neutral and negated ones, so
the tagger does the same work it does on a real report.
"""

from __future__ import annotations

import random

CHILDREN = [
    "Child A",
    "Child B",
    "Child C",
    "Child D",
    "the baby",
    "the child",
    "the young person",
    "Child E",
    "the youngest child",
    "Child F",
]
MOTHERS = ["the mother", "Mother", "the child's mother", "the maternal grandmother"]
MEN = [
    "the father",
    "Father",
    "the mother's partner",
    "the stepfather",
    "Mother's new partner",
    "the birth father",
    "the maternal uncle",
]
AGENCIES = [
    "the GP",
    "the health visitor",
    "the school",
    "children's social care",
    "the police",
    "the midwife",
    "the emergency department",
    "early help",
    "CAMHS",
    "the probation service",
    "the housing provider",
    "the drug and alcohol service",
    "the school nurse",
    "adult mental health services",
    "the nursery",
    "the paediatrician",
    "the family support worker",
    "the substance misuse team",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ADJ = ["limited", "inconsistent", "significant", "sporadic", "regular", "brief", "lengthy"]

THEMES: dict[str, list[str]] = {
    "information-sharing": [
        "{agency} assumed that {agency2} already held the same information and did not share it.",
        "Information held by {agency} about {man} was not passed on to {agency2}.",
        "There was no multi-agency meeting at which {agency} and {agency2} could share what they "
        "knew about the family.",
        "Practitioners did not know who else was working with the family or how they communicated.",
        "Children's services and adult services did not talk to each other about the risks to "
        "{child}.",
        "The referral from {agency} contained only partial information and was not followed up.",
    ],
    "professional-curiosity": [
        "Practitioners accepted {mother}'s account at face value and did not check it with "
        "other agencies.",
        "There was little professional curiosity about who was living in the household.",
        "A fixed view developed that the family were coping, and it was not challenged.",
        "Workers were optimistic about the progress being made, despite the evidence.",
        "Each new worker started again with the family, a pattern described as start again "
        "syndrome.",
        "The explanation given for the injury was accepted without question.",
    ],
    "domestic-abuse": [
        "{agency} recorded an incident of domestic abuse in which {man} assaulted {mother}.",
        "{child} witnessed domestic violence in the home on several occasions.",
        "The case was discussed at MARAC following a high-risk domestic abuse assessment.",
        "{mother} disclosed coercive control by {man} to {agency}.",
        "Police attended the address after neighbours reported shouting and a domestic incident.",
    ],
    "parental-mental-health": [
        "{mother} had a long history of depression and anxiety and was known to {agency}.",
        "The impact of {mother}'s mental health on her capacity to parent was not assessed.",
        "{man} had been diagnosed with a personality disorder and had self-harmed.",
        "{mother} had a learning disability which affected her understanding of the concerns.",
        "Postnatal depression was identified by {agency} but no referral followed.",
    ],
    "substance-misuse": [
        "{man} misused alcohol and was often intoxicated when {agency} visited.",
        "{mother} had a history of heroin use and was on a methadone script.",
        "Parental substance misuse was known to {agency} but its impact on {child} was not "
        "considered.",
        "Cannabis use in the home was reported by {agency}.",
        "Drug paraphernalia was seen in the kitchen during a home visit.",
    ],
    "fathers-men": [
        "{man} was not included in the assessment and was not spoken to by {agency}.",
        "Little was known about the men in {child}'s life.",
        "{agency} did not ask about the new partner who had recently moved in.",
        "The father's role and the risk he posed were never assessed.",
        "The birth father was invisible to the professionals working with the family.",
    ],
    "permanence-drift": [
        "There was drift and delay in completing the assessment, which took eleven months.",
        "The case was closed after the family failed to engage, without a plan for the "
        "presenting concerns.",
        "No contingency plan was made in case the placement with family members broke down.",
        "Care proceedings were delayed while further assessments were commissioned.",
    ],
    "neglect": [
        "Home conditions were poor, with little food and dirty bedding.",
        "{child} frequently arrived at {agency} hungry and in unwashed clothes.",
        "The cumulative impact of neglect over many years was not recognised.",
        "Dental decay and missed health appointments were early signs of neglect.",
        "{child}'s health needs were not met and immunisations were missed.",
    ],
    "voice-of-child": [
        "The voice of the child was absent from the assessment.",
        "{child} was not seen alone by {agency} during the period under review.",
        "Little was recorded about {child}'s lived experience or wishes and feelings.",
        "{child} told a teacher that {child_pron} was frightened to go home, but this was not "
        "explored.",
    ],
    "parental-engagement": [
        "{mother} showed disguised compliance, agreeing to actions that were never completed.",
        "The family cancelled appointments and did not engage with {agency}.",
        "{man} was hostile to workers and visits were often refused.",
    ],
    "babies-injury": [
        "The baby was non-mobile when bruising was seen on the left cheek.",
        "{child} was admitted to hospital with a head injury at eight weeks old.",
        "No pre-birth assessment was completed despite the known risks.",
        "Safe sleeping advice was given but the baby was found co-sleeping.",
    ],
    "thresholds-referrals": [
        "{agency} made a contact to the front door but it did not meet the threshold for "
        "social care.",
        "A strategy discussion was not convened after the second injury.",
        "There was disagreement between early help and children's social care about which "
        "service should lead.",
        "An initial child protection conference was held and {child} became subject to a "
        "child protection plan.",
    ],
    "escalation": [
        "{agency} disagreed with the decision but did not use the escalation policy.",
        "Professional challenge was not raised when the case was closed.",
    ],
    "recording": [
        "Records were incomplete and the chronology did not show the pattern of concerns.",
        "Euphemistic language such as 'a volatile relationship' hid the seriousness of the abuse.",
        "No genogram was completed, so the family network was not understood.",
    ],
    "supervision": [
        "The social worker had a high caseload and supervision was infrequent.",
        "Management oversight of the case was limited and decisions were not recorded.",
    ],
    "adolescents": [
        "{child} went missing from home repeatedly and there were concerns about criminal "
        "exploitation.",
        "Professionals saw the behaviour as a lifestyle choice rather than as exploitation.",
        "{child} was described as voting with their feet when they left the placement.",
    ],
    "identity-culture": [
        "An interpreter was not used and a family member translated during the visit.",
        "The family's culture and religion were not explored in the assessment.",
    ],
}

NEUTRAL = [
    "In {month} {year} {agency} saw {child} for a routine appointment.",
    "{agency} wrote to the family offering a further appointment in {month}.",
    "The review covers the period from {month} {year} to the death of {child}.",
    "{child} attended {agency} and was described as happy and settled.",
    "A home visit by {agency} took place on a {adj} basis during {year}.",
    "The panel met on four occasions and agencies provided chronologies.",
    "{agency} provided an individual management review to the panel.",
    "This section considers the involvement of {agency} with the family.",
    "The family moved to a new address in {month} {year}.",
    "The contact with {agency} was {adj} and mostly by telephone.",
    "{child} was registered with the GP and attended the baby clinic.",
    "The reviewer met practitioners at a learning event in {month} {year}.",
    "Agencies were asked to reflect on what they knew at the time.",
]

NEGATED = [
    "There were no concerns about domestic abuse during this period.",
    "No evidence of substance misuse was found by {agency}.",
    "{agency} had no concerns about neglect at that time.",
    "There was no indication that {mother} had mental health difficulties.",
]

HEADINGS = [
    "Introduction",
    "Background",
    "Family composition",
    "Methodology",
    "Chronology of key events",
    "Analysis",
    "Findings",
    "Learning",
    "Good practice",
    "Recommendations",
    "Conclusion",
]


def _fill(rng: random.Random, template: str) -> str:
    agency, agency2 = rng.sample(AGENCIES, 2)
    sentence = template.format(
        agency=agency,
        agency2=agency2,
        child=rng.choice(CHILDREN),
        mother=rng.choice(MOTHERS),
        man=rng.choice(MEN),
        month=rng.choice(MONTHS),
        year=rng.randint(2009, 2023),
        adj=rng.choice(ADJ),
        child_pron=rng.choice(["she", "he"]),
    )
    return sentence[0].upper() + sentence[1:]


def document(rng: random.Random, target_chars: int) -> str:
    """One review-like document of about `target_chars` characters."""
    themes = rng.sample(sorted(THEMES), rng.randint(2, 7))
    pool = [s for t in themes for s in THEMES[t]]
    out: list[str] = [f"Child Safeguarding Practice Review: Child {rng.choice('ABCDEFGHJKLM')}", ""]
    size = 0
    section = 0
    while size < target_chars:
        heading = f"{section % len(HEADINGS) + 1}. {HEADINGS[section % len(HEADINGS)]}"
        out += [heading, ""]
        size += len(heading) + 2
        for _ in range(rng.randint(3, 7)):
            sentences = []
            for _ in range(rng.randint(3, 7)):
                r = rng.random()
                if r < 0.3:
                    template = rng.choice(pool)
                elif r < 0.35:
                    template = rng.choice(NEGATED)
                else:
                    template = rng.choice(NEUTRAL)
                sentences.append(_fill(rng, template))
            para = " ".join(sentences)
            out += [para, ""]
            size += len(para) + 2
        section += 1
    return "\n".join(out)
