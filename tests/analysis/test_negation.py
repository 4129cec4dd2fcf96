"""negation.last_clause_end: the C search for the last clause break is the regex's own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereviews.analysis import negation

needs_c = pytest.mark.skipif(
    negation._c_last_clause_end is None, reason="the C scan is not built (make install)"
)
PIECES = [
    *"ab _.;:!?()[]\"',\n\t\x00\u00e9\u2019\u0130\U0001f600",
    *negation.CLAUSE_WORDS,
    "whilst", "butter", "_but", "but_", "2then", "\u00e9but", "although\u00e9", "no evidence of",
]  # fmt: skip
HOSTILE = [
    "",
    " ",
    "\x00",
    "but",
    "\x00but\x00",
    '.;:!?()[]"' * 100,
    "x" * 100_000,  # one huge word: no break
    "no evidence of drug misuse " * 4000 + "but",
    "caf\u00e9 although\u00e9 \U0001f600 whilst \u0130 when",
    "whilstwhile while_ then",
]


def _regex(pre: str) -> int:
    m = negation._LAST_CLAUSE.match(pre)
    return m.end() if m else -1


def _c(pre: str) -> int:
    return negation._c_last_clause_end(pre, negation.CLAUSE_PUNCT, negation.CLAUSE_WORDS)


@needs_c
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_last_clause_end_is_the_regexs(pre: str) -> None:
    assert _c(pre) == _regex(pre)


@needs_c
@pytest.mark.parametrize("pre", HOSTILE, ids=range(len(HOSTILE)))
def test_last_clause_end_on_hostile_text(pre: str) -> None:
    assert _c(pre) == _regex(pre)


def test_the_punctuation_is_the_class_of_the_regex() -> None:
    import re

    chars = [chr(i) for i in range(0x3000) if re.fullmatch(f"[{negation._CLAUSE_CLASS}]", chr(i))]
    assert sorted(chars) == sorted(negation.CLAUSE_PUNCT)


@needs_c
def test_last_clause_end_refuses_empty_words() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        negation._c_last_clause_end("but", ".", ("",))
