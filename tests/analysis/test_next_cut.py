"""segment's sentence boundaries in C (`_scan.next_cut`) are `_cuts_reference`'s, the regex and
`_is_boundary` in Python: the same boundaries from every position of generated and hostile text,
and the same sentences located for evidence on the eval texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereviews.analysis import segment
from casereviews.analysis.segment import SentenceLocator, find_sections

needs_c = pytest.mark.skipif(
    segment._c_next_cut is None, reason="the C scan is not built (make install)"
)

# What each branch of _BOUNDARY and each rule of _is_boundary turns on: terminal marks and
# closing quotes, the capital, digit, quote or bullet after them, blank lines, bullets and
# numbered items, abbreviations (some only before a number), initials after a name word, list
# numbers, short and long lines, Unicode spaces, digits and letters, and words whose lowercase
# is not C's (the Kelvin sign, dotted capital I).
PIECES = [
    *".!?\u2026\"')]\u201d\u2019([\u201c\u2018 \t\n\u00a0\u2003\u2028:-*\u2022\u00b7\u25aa\u2013",
    *"AZaz09e\u00e9\u0660\u00b2\u212a\u0130\U0001f600",
    "The", "child", "Child A", "Mr", "mr", "e.g", "i.e", "no", "No", "para", "fig", "p", "Dr",
    "3", "12", "(a)", "1)", "a.", "iv.", "word", "x" * 31, "x" * 70, "K\u212a", "D\u0130",
]  # fmt: skip


def _both(text: str, pos: int) -> tuple[list, list]:
    return list(segment._cuts(text, pos)), list(segment._cuts_reference(text, pos))


@needs_c
@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.data())
def test_next_cut_is_the_regex_and_is_boundary(text: str, data: st.DataObject) -> None:
    for pos in (0, data.draw(st.integers(-2, len(text) + 2))):
        c, ref = _both(text, pos)
        assert c == ref


HOSTILE = [
    "",
    "\n",
    ".",
    ". A",
    "A. B",
    "e.g. The",
    "No. 3 and no. The",
    "Child A. The mother. Mr B. Then",
    "3. Findings\n  12. More\n\t(4) x\n(b) y\n- z\n\u2022 w\n",
    "\n \u00a0\t\nA\n\u201cB\n(C\n[D\nx" * 3,
    "Wait\u2026 The end?!\u201d Then.\u2019) [A",
    "\u212a. The D\u0130. The \u00c9cole. The caf\u00e9. The",
    "a" * 40 + ". The " + "b" * 29 + ". " + "c" * 30 + ". D",
    "short line\nLong " + "word " * 20 + "\nNext:\nA",
    "no.\u2003\u2003\u20033 no.\n3 no. \u0663",
    ".!?" * 200 + " A",
]


@needs_c
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_next_cut_from_every_position_of_hostile_text(text: str) -> None:
    for pos in range(-1, len(text) + 2):
        c, ref = _both(text, pos)
        assert c == ref, pos


@needs_c
def test_next_cut_leaves_only_non_ascii_words_to_python() -> None:
    asked: list[int] = []

    text = "The caf\u00e9. Then no. 3. The \u212a. A"

    def undecided(start: int) -> bool:
        asked.append(start)
        return segment._is_boundary(text, segment._BOUNDARY.match(text, start))

    rules = segment._CUT_RULES
    cuts = []
    pos = 0
    while (cut := segment._c_next_cut(text, pos, rules, undecided)) is not None:
        cuts.append(cut)
        pos = cut[1]
    assert asked == [text.index("\u00e9.") + 1, text.index("\u212a.") + 1]
    # "no. 3" is no boundary, "3. The" is one (C decided them); "The \u212a." is an initial
    # after a word that is not a name, no boundary (Python decided it)
    assert [c[0] for c in cuts] == [asked[0], text.index("3. The") + 1]
    assert cuts == list(segment._cuts_reference(text, 0))


@needs_c
def test_next_cut_passes_on_errors() -> None:
    def undecided(start: int) -> bool:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError, match="no"):
        segment._c_next_cut("The caf\u00e9. The", 0, segment._CUT_RULES, undecided)
    with pytest.raises(TypeError):
        segment._c_next_cut("A. B", 0, ({"no"}, frozenset(), frozenset(), 60), bool)
    with pytest.raises(TypeError):
        segment._c_next_cut("A. B", 0, segment._CUT_RULES[:3], bool)


@needs_c
def test_sentence_locator_is_the_same_with_and_without_the_c_on_the_eval_texts(
    monkeypatch,
) -> None:
    from casereviews.analysis.evaluate import load_split

    texts = [item.text for item in load_split("real_dev") + load_split("real_heldout")]
    texts.append(HOSTILE[9] + " ".join(HOSTILE))

    def spans() -> list:
        out = []
        for text in texts:
            locator = SentenceLocator(text, find_sections(text))
            # every tenth position, and some two apart: the scan jumps and moves on in turn
            for pos in sorted({*range(0, len(text), 10), *range(0, len(text), 997)}):
                out.append(locator.locate(pos, min(len(text), pos + 2)))
        return out

    with_c = spans()
    monkeypatch.setenv("CASEREVIEWS_SCAN", "python")
    assert with_c == spans()
