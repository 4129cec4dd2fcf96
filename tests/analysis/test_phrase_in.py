"""negation's literal-phrase regexes answered in C (`_scan.phrase_in`) are the regexes: the
phrase lists are exactly what each regex can match, and whether a match is found is the same
from every position of generated and hostile text and on the eval texts' clauses."""

from __future__ import annotations

from re import _constants as sre
from re import _parser as sre_parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereviews.analysis import negation

needs_c = pytest.mark.skipif(
    negation._c_phrase_in is None, reason="the C scan is not built (make install)"
)

CASES = [
    (negation._COMMA_NEW_CLAUSE, negation._COMMA_NEW_CLAUSE_PHRASES, negation._COMMA_INDEX),
    (negation._NEG_ANYWHERE, negation._NEG_ANYWHERE_PHRASES, negation._NEG_INDEX),
    (negation._HEDGE, negation._HEDGE_PHRASES, negation._HEDGE_INDEX),
]


def _expand(items) -> list[str]:
    """Every string a regex of literals, groups, alternatives, `x?` and `\\b` matches."""
    out = [""]
    for op, av in items:
        if op is sre.LITERAL:
            alts = [chr(av)]
        elif op is sre.SUBPATTERN:
            alts = _expand(av[3])
        elif op is sre.BRANCH:
            alts = [s for branch in av[1] for s in _expand(branch)]
        elif op is sre.MAX_REPEAT and (av[0], av[1]) == (0, 1):
            alts = ["", *_expand(av[2])]
        elif op is sre.AT and av is sre.AT_BOUNDARY:
            alts = [""]
        else:
            raise AssertionError(f"not a literal-phrase regex: {op}")
        out = [a + b for a in out for b in alts]
    return out


@pytest.mark.parametrize(("pattern", "phrases", "index"), CASES, ids=["comma", "neg", "hedge"])
def test_the_phrases_are_what_the_regex_matches(pattern, phrases, index) -> None:
    parsed = list(sre_parse.parse(pattern.pattern))
    assert parsed[0] == (sre.AT, sre.AT_BOUNDARY) and parsed[-1] == (sre.AT, sre.AT_BOUNDARY)
    assert sorted(set(_expand(parsed))) == sorted(phrases) and len(set(phrases)) == len(phrases)
    assert sorted(p for group in index for p in group) == sorted(phrases)


PHRASE_PIECES = sorted({w for _, phrases, _ in CASES for p in phrases for w in p.split()})
# Word characters of every kind `\b` knows (ASCII, Latin-1, wider letters and digits, "_",
# superscripts, the Kelvin sign), and the separators around them.
PIECES = [
    *PHRASE_PIECES,
    *" ,.;:-'\u2019\n\t\u00a0_",
    *"aes0\u00e9\u00b2\u0660\u212a\u0130\U0001d49c\U0001f600",
    "no", "not", "no evidence", "may have", "the", "there was nothing", "did not use",
]  # fmt: skip


def _same(text: str, pos: int) -> None:
    for pattern, _phrases, index in CASES:
        expected = pattern.search(text, pos) is not None
        assert negation._c_phrase_in(text, pos, index) is expected, (pattern.pattern[:30], pos)


@needs_c
@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.data())
def test_phrase_in_is_the_regex(text: str, data: st.DataObject) -> None:
    for pos in (0, data.draw(st.integers(-2, len(text) + 2))):
        _same(text, pos)


HOSTILE = [
    "",
    "no",
    "no evidence",
    "_no evidence",
    "no evidence_",
    "no evidenced",
    "ano evidence",
    "\u00e9no evidence",
    "no evidence\u00e9",
    "no evidence\u00b2",
    "no evidence\u212a",
    "\u0660no evidence",
    "no  evidence, no\nevidence, no\u00a0evidence",
    "the mother, there",
    "nor, neither; never? without! denied",
    "not an issue: not a  factor, not a issue",
    "\U0001f600may have\U0001f600",
    "if there werewolves, if there were.",
]


@needs_c
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_phrase_in_from_every_position_of_hostile_text(text: str) -> None:
    for pos in range(-1, len(text) + 2):
        _same(text, pos)


@needs_c
def test_phrase_in_refuses_a_bad_index() -> None:
    with pytest.raises(ValueError):
        negation._c_phrase_in("no", 0, ())
    with pytest.raises(TypeError):
        negation._c_phrase_in("no", 0, tuple([()] * 110 + [["no"]] + [()] * 17))
    with pytest.raises(TypeError):
        negation._c_phrase_in("no", 0, tuple([()] * 110 + [("n\u0100o",)] + [()] * 17))
    with pytest.raises(ValueError):
        negation.phrase_index(("no ",))


@needs_c
def test_phrase_in_on_the_eval_texts_clauses() -> None:
    from casereviews.analysis.evaluate import load_split
    from casereviews.analysis.textnorm import fold

    for item in load_split("real_dev") + load_split("real_heldout"):
        folded = fold(item.text)
        for start in range(0, len(folded), 23):
            pre = negation.clause_before(folded, start, 0)
            _same(pre, 0)
            comma = pre.rfind(",")
            if comma >= 0:
                _same(pre, comma + 1)
