"""Sentence rules (ADR 0049): a theme's weak word counts as a named strong indicator when its
sentence says what makes it the theme's learning, and not otherwise."""

from __future__ import annotations

import pytest

from casereviews.analysis import tag_text
from casereviews.analysis.paraphrase import RULE_MARK


def rule_indicators(text: str, theme: str) -> list[str]:
    return [i for i in tag_text(text).get(theme).why.indicators if i.startswith(RULE_MARK)]


@pytest.mark.parametrize(
    ("sentence", "theme", "rule"),
    [
        (
            "The nurse relied on the grandmother's story that the marks came from the cot.",
            "professional-curiosity",
            "an account taken on trust",
        ),
        (
            "The officer did not ask about the history of the relationship.",
            "professional-curiosity",
            "a question not asked",
        ),
        (
            "Nobody asked where the new phone and the cash had come from.",
            "professional-curiosity",
            "a question not asked",
        ),
        (
            "The neighbour's three referrals to the duty team were declined each time.",
            "thresholds-referrals",
            "a referral or concern not made or not acted on",
        ),
        (
            "Entries in his record were brief and did not include what he had said.",
            "recording",
            "a record incomplete or wrong",
        ),
    ],
)
def test_learning_said_in_other_words_is_read_by_the_rules(sentence, theme, rule):
    assert rule_indicators(sentence, theme) == [RULE_MARK + rule]


@pytest.mark.parametrize(
    ("sentence", "theme"),
    [
        # who was not asked about decides the theme: the children, the father
        ("Services for her father did not ask about his children.", "professional-curiosity"),
        ("The crisis team did not ask where the children were.", "professional-curiosity"),
        # the companion word must follow "did not ask": here it comes before
        (
            "The health visitor did not know his history and did not ask.",
            "professional-curiosity",
        ),
        # "to account" is escalation, not a family's account
        (
            "Practitioners must challenge colleagues and hold other agencies to account.",
            "professional-curiosity",
        ),
        # the professional's own belief, not the family's account taken on trust
        (
            "The district nurse believed he was not receiving the care, and said so.",
            "professional-curiosity",
        ),
        ("The surgery had no record of the children's immunisations.", "recording"),
        ("Last year 3,100 referrals were accepted for assessment.", "thresholds-referrals"),
    ],
)
def test_passing_words_are_not_read_as_the_learning(sentence, theme):
    assert rule_indicators(sentence, theme) == []


def test_a_rule_hit_weighs_like_a_strong_phrase_in_the_same_place():
    text = (
        "## Findings\n\nThe social worker accepted the uncle's excuse for the bruise, and "
        "nobody asked how it had happened.\n"
    )
    why = tag_text(text).get("professional-curiosity").why
    assert {RULE_MARK + "an account taken on trust", RULE_MARK + "a question not asked"} <= set(
        why.indicators
    )
    assert why.sections == ("Findings",)
    assert tag_text(text).get("professional-curiosity").present
