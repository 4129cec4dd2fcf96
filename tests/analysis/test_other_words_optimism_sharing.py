"""Learning said as short bullets without the theme's own words (ADR 0053): optimism about a
parent told as "over-optimism" or "what professionals wanted to believe"; information sharing
told as agencies sharing "what they knew", or adult and children's services that must work
together; work with fathers said as missing or called for. A passing use of the same words is
not the learning."""

from __future__ import annotations

import pytest

from casereviews.analysis import tag_text

BRIEFING = "## Seven-minute briefing: learning from the review\n\nWhat the review found:\n\n{}\n"


@pytest.mark.parametrize(
    ("bullets", "theme"),
    [
        (
            "- Over-optimism about the father's progress after each short course\n"
            "- Workers saw what they wanted to believe: a home that was improving",
            "professional-curiosity",
        ),
        (
            "- The health visitor and the nursery did not share what they knew\n"
            "- Practitioners should be confident in sharing what they know with other agencies",
            "information-sharing",
        ),
        (
            "- The mother's psychiatrist never told the social worker that she had stopped her "
            "medication\n- Adult and children's services must work together when a parent's "
            "mental ill-health affects the care of a child",
            "information-sharing",
        ),
        (
            "- There was no routine work with fathers before or after the birth\n"
            "- Contact with fathers should be recorded at every visit, as it is for mothers",
            "fathers-men",
        ),
    ],
)
def test_short_bullet_learning_in_other_words_is_covered(bullets, theme):
    assert tag_text(BRIEFING.format(bullets)).get(theme).present


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        (
            "## Partnership bulletin\n\nEach quarter we use these pages to share what we know "
            "about new national guidance, training dates and the work of our subgroups.\n",
            "information-sharing",
        ),
        (
            "Amir's parents want to believe he will come home for the holidays, and his room "
            "is kept ready for him.\n",
            "professional-curiosity",
        ),
        (
            "The conference was opened by the director of adult and children's services.\n",
            "information-sharing",
        ),
        (
            "## Working with fathers: guidance for practitioners\n\nThis guidance sets out what "
            "the partnership expects of agencies in involving fathers in work with children.\n",
            "fathers-men",
        ),
    ],
)
def test_a_passing_use_is_not_the_learning(text, theme):
    assert not tag_text(text).get(theme).present


def test_what_emerges_from_reviews_is_a_finding_not_the_review_process():
    """A sentence that names the DHRs is the review's process, unless it reports what they
    found: "common themes that emerge from DHRs" does (ADR 0053)."""
    found = (
        "## Our reviews\n\nPoor information sharing and a lack of "
        "understanding of coercive control are common themes that emerge from DHRs.\n"
    )
    process = (
        "## Our reviews\n\nThe DHR panel met four times and an "
        "information sharing agreement was signed by each member.\n"
    )
    assert "information sharing" in tag_text(found).get("information-sharing").why.indicators
    assert "information sharing" not in tag_text(process).get("information-sharing").why.indicators


def test_the_mental_capacity_act_principles_are_not_a_decision_between_agencies():
    """Adult procedures copy the Act's principles, full of the person's own "decisions"; that
    is statutory wording, not escalation. A disputed decision between agencies still is."""
    principles = (
        "## Mental capacity\n\nA person must be assumed to have capacity to make decisions for "
        "themselves. A person is not to be treated as unable to make a decision merely because "
        "they make an unwise decision. A decision made, under this Act, on behalf of a person "
        "who lacks capacity must be made in their best interests. A best interests decision "
        "should be recorded. Before the decision is made, regard must be had to the least "
        "restrictive option.\n"
    )
    dispute = (
        "## What the review found\n\nThe school disputed the decision to close the case and "
        "escalated it to a senior manager, but the challenge was not resolved.\n"
    )
    assert not tag_text(principles).get("escalation").present
    assert tag_text(dispute).get("escalation").present
