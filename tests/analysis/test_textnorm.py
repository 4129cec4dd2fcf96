"""The C fold (`_scan.fold`, used by `textnorm.fold` for text that is not pure ASCII) gives
exactly the plain-Python specification (`textnorm.fold_reference`), on every code point."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereviews.analysis import textnorm
from casereviews.analysis.textnorm import fold, fold_reference

needs_c = pytest.mark.skipif(textnorm._c_fold is None, reason="the C scan is not built")

EVERY_CODE_POINT = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


@needs_c
def test_c_fold_equals_the_reference_on_every_code_point():
    for i in range(0, len(EVERY_CODE_POINT), 50_000):
        chunk = EVERY_CODE_POINT[i : i + 50_000]
        assert fold(chunk) == fold_reference(chunk), f"code points from {ord(chunk[0]):#x}"


@needs_c
def test_characters_whose_lowercase_needs_context_are_folded_in_python():
    # "İ" lowercases to two characters (kept as it is); a capital sigma at the end of a word
    # lowercases to the final sigma. The C fold declines both and Python does them.
    for text in (
        "\u0130stanbul \u2019quote\u2019",
        "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 x",
    ):
        assert textnorm._c_fold(text, *_tables()) is None
        assert fold(text) == fold_reference(text)
        assert len(fold(text)) == len(text)


def _tables():
    return textnorm._LOWER_FOLD_ASCII, textnorm._WIDE_FROM, textnorm._WIDE_TO


def test_curly_quotes_dashes_and_spaces_fold_to_ascii_same_length():
    text = "The Mother\u2019s \u201cview\u201d \u2013 NO\u00a0referral\r\nCaf\u00c9"
    folded = fold(text)
    assert folded == 'the mother\'s "view"   no referral  caf\u00e9'
    assert len(folded) == len(text)


@needs_c
def test_the_python_switch_runs_the_reference(monkeypatch):
    monkeypatch.setenv("CASEREVIEWS_SCAN", "python")
    assert fold("Caf\u00c9\u2019s") == "caf\u00e9's"


@given(st.text(max_size=200))
def test_fold_matches_the_reference_on_any_text(text):
    assert fold(text) == fold_reference(text)


@needs_c
def test_c_fold_refuses_malformed_tables():
    with pytest.raises(ValueError):
        textnorm._c_fold("caf\u00e9", b"x" * 127, "", "")
    with pytest.raises(ValueError):
        textnorm._c_fold("caf\u00e9", textnorm._LOWER_FOLD_ASCII, "ba", "xy")
    with pytest.raises(ValueError):
        textnorm._c_fold("caf\u00e9", textnorm._LOWER_FOLD_ASCII, "ab", "x")
