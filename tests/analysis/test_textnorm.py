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


# Words broken at a line end by a typesetter's hyphen (issue 15: "escala-\ntion" was missed).
@pytest.mark.parametrize(
    ("broken", "read"),
    [
        ("Concerns were not subject to escala-\ntion.", "Concerns were not subject to escalation."),
        (
            "The health visitor's as-\nsessment was brief.",
            "The health visitor's assessment was brief.",
        ),
        ("The multi-\nagency meeting.", "The multi-agency meeting."),
        ("Self-\nneglect was not recognised.", "Self-neglect was not recognised."),
        ("Visits by Jean-\nPierre.", "Visits by Jean-Pierre."),
        # pdfium's mark for a hyphen that ended a line, with the line break taken out
        ("no escala\ufffetion; the multi\ufffeagency plan", "no escalation; the multi-agency plan"),
        ("fragmen\u2010\nted records", "fragmented records"),
    ],
)
def test_a_word_broken_at_a_line_end_is_joined_and_a_real_hyphen_kept(broken, read):
    vocabulary = frozenset({"escalation", "assessment", "agency", "multi"})
    assert textnorm.join_line_hyphens(broken, vocabulary) == read


def test_a_compound_the_document_writes_whole_keeps_its_hyphen():
    text = "The plan was child-\ncentred. A child-centred plan; the child was centred."
    assert textnorm.join_line_hyphens(text).startswith("The plan was child-centred.")


def test_a_word_the_document_writes_whole_is_joined_without_a_vocabulary():
    text = "The mother's partici-\npation was limited, and her participation mattered."
    assert textnorm.join_line_hyphens(text).startswith("The mother's participation was")


def test_text_without_a_broken_word_is_returned_as_it_is():
    text = "A list:\n- first\n- second, well-being and 2020-\n2021"
    assert textnorm.join_line_hyphens(text) == text
