"""The default case audit framework: seed 000's nine themes, as data.

Each theme keeps seed 000's title, its statement of the recurring problem and its guidance
questions as the seed gives them (lightly tidied: spelling, one question a line), and names the
learning themes of the default taxonomy (../shared/taxonomy.md) it maps onto. Theme 3 (the
"toxic trio") maps onto three taxonomy themes, as the taxonomy says.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_NAME = "Learning together from serious case reviews: the nine themes"
SOURCE = (
    "Nine themes found to recur in over 150 serious case reviews published in 2014 to 2016 "
    "(seed 000, a council's pledge and case audit tool)."
)


@dataclass(frozen=True)
class ThemeSpec:
    number: int
    title: str
    problem: str
    guidance: tuple[str, ...]
    taxonomy_ids: tuple[str, ...]
    local: bool = False

    @property
    def questions(self) -> list[str]:
        return list(self.guidance)


DEFAULT_THEMES: tuple[ThemeSpec, ...] = (
    ThemeSpec(
        1,
        "Multi agency working and information sharing",
        "Agencies assume their partner agencies hold the same information they hold, therefore "
        "this is not being passed on and is unknown at the time of assessments.",
        (
            "Which professionals are working with this family?",
            "What are the communication arrangements?",
        ),
        ("information-sharing",),
    ),
    ThemeSpec(
        2,
        "Professional judgements and professional uncertainty",
        "Professionals take the word of families and do not challenge this or evidence that "
        "they have confirmed this information elsewhere.",
        (
            "Specific sections on reflection and professional judgement within assessments.",
            "Judgements of other professionals.",
        ),
        ("professional-curiosity",),
    ),
    ThemeSpec(
        3,
        "Impact of toxic trio, adult mental health, adult learning difficulties",
        "Assessments of parents suffering from the above are often minimised within assessments.",
        (
            "Which are evident, if any?",
            "What are the implications of more than one?",
        ),
        ("domestic-abuse", "parental-mental-health", "substance-misuse"),
    ),
    ThemeSpec(
        4,
        "Impact of identity, culture and heritage",
        "Minority ethnic groups are over-represented in serious case reviews. Language often "
        "becomes a barrier to communication.",
        (
            "Language barriers?",
            "Cultural differences? (Not to be mistaken with accepting another culture if this "
            "goes against safeguarding.)",
        ),
        ("identity-culture",),
    ),
    ThemeSpec(
        5,
        "Understanding of the needs of teenagers and care leavers",
        "There appears to be too much focus on 'teenage behaviour' and normalising this "
        "behaviour by labelling teenagers as 'voting with their feet'.",
        (
            "If 16+, what are the risks to this age group, and are they evident for this young "
            "person?",
        ),
        ("adolescents",),
    ),
    ThemeSpec(
        6,
        "Impact of fathers and primary care givers (even if non-resident)",
        "Fathers and male primary care givers are often under-represented within care planning "
        "and therefore any risk or protective factor is not assessed.",
        (
            "Is father present?",
            "Is another male primary care giver present?",
            "Where is father, and why is he not present (if this is the case)?",
            "What is being done to engage him?",
        ),
        ("fathers-men",),
    ),
    ThemeSpec(
        7,
        "Early permanence planning",
        "Over-estimations of families coupled with relying on self-reports lead to delayed "
        "permanency planning.",
        (
            "What is the permanence plan?",
            "How timely was this put together?",
            "What are the contingency plans?",
        ),
        ("permanence-drift",),
    ),
    ThemeSpec(
        8,
        "Impact of neglect or poor parenting",
        "Impact not properly assessed or understood within assessments, as social workers "
        "require significant evidence of an event to direct care planning.",
        (
            "Is neglect evident? In what way?",
            "What is the impact of this on the children?",
            "What standard of care should they be receiving?",
            "How different is reality from ideal?",
        ),
        ("neglect",),
    ),
    ThemeSpec(
        9,
        "Child's voice and family's voice",
        "The views of the child and the lived experience of the child and their family are not "
        "evident within assessments.",
        (
            "What is the child saying? Doing?",
            "What are the family's views?",
        ),
        ("voice-of-child",),
    ),
)

# Seed 000's uses of the tool, in its order.
PURPOSES: tuple[tuple[str, str], ...] = (
    ("group_supervision", "Group supervision: identify and address common themes"),
    ("stuck_case", "Audit of a case that is 'stuck' and needs to be moved forward"),
    ("case_supervision", "Case supervision"),
    ("team_meeting", "Team meeting: common themes and how the learning is embedded"),
    ("training_needs", "Identify training and development needs"),
)
