"""Tagging: whole words, negation, evidence offsets, determinism, toxic trio, JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casereviews.analysis import default_taxonomy, parse_taxonomy, tag_text
from casereviews.analysis.matcher import SCAN_ENV, CEngine


@pytest.fixture(
    autouse=True,
    params=[
        pytest.param("c", marks=pytest.mark.skipif(CEngine is None, reason="C scan not built")),
        "python",
    ],
)
def scan(request, monkeypatch):
    """Every test here runs on the C scan and on its pure-Python reference."""
    monkeypatch.setenv(SCAN_ENV, request.param)
    return request.param


def present(text: str) -> set[str]:
    return set(tag_text(text).present_ids())


def test_whole_words_not_substrings():
    assert "substance-misuse" not in present("The drugstore and the drugstores were closed.")
    assert "fathers-men" in present("Invisible men were not assessed.")
    result = tag_text("The fathers were invisible men.")
    assert "fathers-men" in result.present_ids()


def test_hard_negatives():
    for text in (
        "The child's mental arithmetic was good.",
        "The drug chart on the ward was completed correctly.",
        "The domestic arrangements for the event were made by the business unit.",
    ):
        assert present(text) == set(), text


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("There were no concerns about domestic abuse.", "domestic-abuse"),
        ("There was no evidence of drug use by either parent.", "substance-misuse"),
        ("The mother denied any alcohol misuse.", "substance-misuse"),
        ("There was no indication that the child had been exploited.", "adolescents"),
        ("Mental illness was ruled out by the psychiatrist.", "parental-mental-health"),
        ("Neither parent had a history of mental health difficulties.", "parental-mental-health"),
        ("Domestic abuse was not a feature of the relationship.", "domestic-abuse"),
        ("There was nothing to suggest neglect.", "neglect"),
        ("There was no history of mental illness, drug or alcohol misuse.", "substance-misuse"),
        ("The mother had a negative result for cannabis use.", "substance-misuse"),
    ],
)
def test_negated_mentions_are_not_evidence(text, theme):
    assert theme not in present(text)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("The father was not involved in the assessment.", "fathers-men"),
        ("The child was not seen.", "voice-of-child"),
        ("No referral was made to children's social care.", "thresholds-referrals"),
        ("No strategy discussion was held.", "thresholds-referrals"),
        ("No interpreter was used.", "identity-culture"),
        ("Professionals did not recognise the domestic abuse.", "domestic-abuse"),
        (
            "Although there was no evidence of drug use, the mother disclosed domestic abuse.",
            "domestic-abuse",
        ),
    ],
)
def test_negation_that_is_the_learning_is_evidence(text, theme):
    assert theme in present(text)


def test_hedging_lowers_the_score():
    plain = tag_text("The children were exposed to domestic abuse.").get("domestic-abuse")
    hedged = tag_text("The children may have been exposed to domestic abuse.").get("domestic-abuse")
    assert 0 < hedged.score < plain.score


@pytest.mark.parametrize(
    "text",
    [
        "Findings\n\nThe mother\u2019s partner\u00a0had a history of drug\r\nmisuse. "
        "\u201cNo one asked,\u201d said the health visitor. "
        "The baby had bruising \u2013 a non\u2011mobile baby.",
        "Ünïcödé İstanbul prefix: domestic abuse and coercive control in the household.",
        "x" * 5000 + " domestic abuse " + "y" * 5000,
    ],
)
def test_evidence_text_is_the_slice_at_its_offsets(text):
    result = tag_text(text)
    assert result.present()
    for theme in result.themes:
        for ev in theme.evidence:
            assert ev.text == text[ev.start : ev.end]
            assert ev.phrase


def test_phrases_match_across_line_breaks_and_curly_quotes():
    text = "The mother\u2019s partner had a history of drug\r\nmisuse."
    result = tag_text(text)
    # both phrases match (a mention of the partner alone is not enough to cover fathers-men)
    assert "mother's partner" in result.get("fathers-men").why.indicators
    assert "substance-misuse" in result.present_ids()
    ev = result.get("substance-misuse").evidence[0]
    assert ev.phrase == "drug misuse" and ev.text == text


def test_evidence_is_sentences_deduplicated_capped_and_sectioned():
    sentences = [f"Domestic abuse incident number {i} happened." for i in range(12)]
    text = "Findings\n\n" + " ".join(sentences)
    da = tag_text(text).get("domestic-abuse")
    assert len(da.evidence) == 5
    assert [e.text for e in da.evidence] == sentences[:5]
    assert all(e.section == "Findings" for e in da.evidence)
    assert da.score > tag_text(sentences[0]).get("domestic-abuse").score


def test_deterministic_and_sorted():
    text = (
        "The father was not seen. Domestic abuse, depression and heroin use were known. "
        "No strategy discussion was held and the chronology was incomplete."
    )
    first, second = tag_text(text), tag_text(text)
    assert first == second
    assert json.dumps(first.to_dict(all_themes=True)) == json.dumps(second.to_dict(True))
    keys = [(-t.score, t.id) for t in first.themes]
    assert keys == sorted(keys)
    assert len(first.themes) == 17


def test_independent_of_theme_order_in_the_framework():
    tax = default_taxonomy()
    text = (Path(_data_dir()) / "default.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("[[themes]]")
    reversed_tax = parse_taxonomy(head + "[[themes]]" + "[[themes]]".join(reversed(blocks)))
    sample = "The mother's boyfriend misused alcohol; domestic abuse was reported to MARAC."
    a = tag_text(sample, tax).to_dict(all_themes=True)
    b = tag_text(sample, reversed_tax).to_dict(all_themes=True)
    assert a == b


def _data_dir() -> str:
    from importlib import resources

    return str(resources.files("casereviews.analysis").joinpath("data"))


def test_toxic_trio_is_co_occurrence():
    trio = tag_text(
        "The mother experienced domestic abuse, had severe depression and misused alcohol."
    )
    assert trio.toxic_trio
    assert {"domestic-abuse", "parental-mental-health", "substance-misuse"} <= set(
        trio.present_ids()
    )
    assert "toxic-trio" not in [t.id for t in trio.themes]
    two = tag_text("The mother experienced domestic abuse and misused alcohol.")
    assert not two.toxic_trio


def test_to_dict_shape():
    result = tag_text("Findings\n\nThe child was not seen alone. Domestic abuse was known.")
    d = result.to_dict()
    assert set(d) == {"subject", "themes", "toxic_trio"}
    assert isinstance(d["toxic_trio"], bool)
    assert d["themes"] and [t["id"] for t in d["themes"]] == result.present_ids()
    for theme in d["themes"]:
        assert set(theme) == {"id", "name", "score", "why", "evidence"}
        assert theme["why"]["indicators"] and theme["why"]["mentions"] >= 1
        assert isinstance(theme["score"], float) and 0.0 <= theme["score"] <= 1.0
        for ev in theme["evidence"]:
            assert set(ev) == {"text", "start", "end", "section", "page"}
            assert isinstance(ev["start"], int) and isinstance(ev["end"], int)
    everything = result.to_dict(all_themes=True)
    assert len(everything["themes"]) == 17
    json.dumps(everything)


def test_empty_and_themeless_text():
    for text in ("", "   \n\n", "The panel met on four occasions."):
        result = tag_text(text)
        assert result.present() == [] and not result.toxic_trio
        assert result.to_dict() == {"subject": "none", "themes": [], "toxic_trio": False}


def test_sections_can_be_passed_in():
    from casereviews.analysis.segment import Section

    text = "The child was not seen."
    result = tag_text(text, sections=[Section("Learning", 0, 0, len(text))])
    assert result.get("voice-of-child").evidence[0].section == "Learning"


ASCII_REVIEW = (
    "Findings\n"
    "There was no evidence of domestic abuse. The mother's mental health difficulties and\r\n"
    "her drug-use were known to the GP; agencies did not share information. The child was not "
    "seen alone (Dr. Smith, e.g. at the home visit). Domestic abuse was not a feature.\n"
)


def test_ascii_fast_fold_matches_the_general_fold():
    from casereviews.analysis.textnorm import _FOLD, fold, lower_same_length

    text = ASCII_REVIEW + "".join(chr(i) for i in range(128))
    assert text.isascii()
    slow = lower_same_length(text).translate(_FOLD)
    assert fold(text) == slow
    assert fold(text + "\u00e9") == slow + "\u00e9"


def test_ascii_and_non_ascii_text_give_the_same_themes_and_offsets():
    # The same review, once pure ASCII (bytes fast path) and once with a non-ASCII character
    # far from every hit (general path): same scores, same evidence at the same offsets.
    plain = tag_text(ASCII_REVIEW + "\nCafe - end.\n").to_dict(all_themes=True)
    other = ASCII_REVIEW + "\nCaf\u00e9 \u2014 end.\n"
    tagged = tag_text(other)
    assert tagged.to_dict(all_themes=True) == plain
    for theme in tagged.themes:
        for ev in theme.evidence:
            assert other[ev.start : ev.end] == ev.text


LOCAL_FRAMEWORK = """
name = "Local"
version = 1

[[themes]]
id = "cafe"
name = "Caf\u00e9 culture"
covers = "A framework whose phrases are not ASCII."
guidance = ["?"]
negatable = true
phrases = ["caf\u00e9 culture", "gro\u00df*", "\u0394elta team"]
"""


@pytest.mark.parametrize("extra", ["", " \u00e9", " \u2014", " \U0001f600"])
def test_non_ascii_phrases_match_in_every_kind_of_string(extra):
    # Python keeps text as 1, 2 or 4 bytes per character; the C scan reads each, and a
    # framework's own phrases may be non-ASCII. Offsets stay those of the original text.
    tax = parse_taxonomy(LOCAL_FRAMEWORK)
    text = (
        f"Findings{extra}\n\nThe CAF\u00c9 CULTURE of the team was described. Gro\u00dfartig work "
        f"by the \u0394elta team's staff. There was no caf\u00e9 culture later.{extra}"
    )
    theme = tag_text(text, tax).get("cafe")
    assert theme.present
    assert [e.phrase for e in theme.evidence] == ["caf\u00e9 culture", "gro\u00df*"]
    for ev in theme.evidence:
        assert ev.text == text[ev.start : ev.end]
    assert not any("no caf" in e.text for e in theme.evidence)  # negated


COUNT_TEXTS = [
    "",
    " ",
    "\n",
    "\x00 \x00\n",
    ".,;:!?" * 1000,
    "word " * 200_000,  # one huge line
    "caf\u00e9 \u201cno\u201d\n \U0001f600 \u00a0\u2028\t\r\n" * 100,
    "\n" * 5000,
]


@pytest.mark.skipif(CEngine is None, reason="the C scan is not built (make install)")
@pytest.mark.parametrize("text", COUNT_TEXTS, ids=range(len(COUNT_TEXTS)))
def test_count_words_is_the_two_counts_of_python(text):
    from casereviews.analysis import _scan, tagger

    expected = text.count(" ") + text.count("\n")
    assert tagger._spaces(text) == expected
    assert _scan.count_words(text) == expected
