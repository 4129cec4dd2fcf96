"""Sections from headings and sentences, with offsets into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereviews.analysis import find_sections, segment, split_sentences

REPORT = """1. Introduction

This review concerns Child A. The mother, Mrs. B, was seen by Dr. Jones, e.g. at the clinic.

FINDINGS

Finding 2: Professionals did not share information.
- The school knew (approx. three times a week) that she was late.
- See para. 4 and no. 5 of the report.
3.2 Agency involvement
Child A. was born in 2015. She said no. The end.

Recommendations
The partnership should act."""


def test_sections_from_headings():
    sections = find_sections(REPORT)
    assert [s.title for s in sections] == [
        "Introduction", "Findings", "Finding 2", "Chronology", "Recommendations",
    ]  # fmt: skip
    for s in sections:
        assert REPORT[s.start : s.heading_end].strip()
        assert s.start < s.heading_end <= s.end
    assert REPORT[sections[2].start : sections[2].heading_end].startswith("Finding 2:")


def test_sentences_keep_offsets_and_handle_abbreviations():
    spans = split_sentences(REPORT)
    texts = [REPORT[s.start : s.end] for s in spans]
    assert "This review concerns Child A." in texts
    assert "The mother, Mrs. B, was seen by Dr. Jones, e.g. at the clinic." in texts
    assert "- The school knew (approx. three times a week) that she was late." in texts
    assert "- See para. 4 and no. 5 of the report." in texts
    assert "Child A. was born in 2015." in texts
    assert "She said no." in texts
    assert texts[-1] == "The partnership should act."
    sections = {REPORT[s.start : s.end]: s.section for s in spans}
    assert sections["She said no."] == "Chronology"
    assert sections["The partnership should act."] == "Recommendations"


def test_sentence_text_is_a_slice_of_the_original():
    text = "Line one \u201cquoted\u201d.\u00a0Next\u00a0sentence here.\r\n\r\nA new paragraph"
    for s in split_sentences(text):
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    assert [text[s.start : s.end] for s in split_sentences(text)][-1] == "A new paragraph"


def test_a_sentence_starting_with_a_heading_word_is_not_a_heading():
    text = "Background information came from the school.\nSummary: the case."
    assert [s.title for s in find_sections(text)] == ["Summary"]


# The sentence locator finds boundaries by jumping to the characters one can begin with; it
# must find exactly the boundaries the plain regex scan finds, or quotations would move.
_BOUNDARY_TEXT = st.text(
    alphabet=st.sampled_from(list("aZ1 .!?\u2026\n\t\"'\u201c\u201d\u2019()[-\u2022*\u00a0:")),
    max_size=120,
)


@given(_BOUNDARY_TEXT, st.integers(min_value=0, max_value=130))
def test_boundaries_are_the_regex_scans_own(text: str, pos: int) -> None:
    fast = [(m.span(), m.lastgroup) for m in segment._boundaries(text, pos)]
    plain = [(m.span(), m.lastgroup) for m in segment._BOUNDARY.finditer(text, pos)]
    assert fast == plain


def test_boundaries_on_a_report() -> None:
    for pos in range(len(REPORT)):
        fast = [(m.span(), m.lastgroup) for m in segment._boundaries(REPORT, pos)]
        assert fast == [(m.span(), m.lastgroup) for m in segment._BOUNDARY.finditer(REPORT, pos)]


# Headings are looked for only on the lines the C scan's `heading_lines` lists (a necessary
# condition of every heading pattern); find_sections must give what trying every line gives.
_HEADING_PIECES = [
    *"aZ1 .:-&/#<>()\t\n\x00\x0c\u00a0\u2019\u2013\u212a\u0130\u03a3",
    "\n\n", "1. ", "3.1 ", "iv. ", "b) ", "## ", "<h2>", "</h2>", " .... 12", " and ",
    "Findings", "FINDINGS", "Contents", "CONTENTS", "Learning: ", "Recommendation 2",
    "Background", "the case", "THE CASE", "Section ", "Part\x0c", "chapter\t",
    "\u212aey findings", "Summary", "Actions",
]  # fmt: skip
_HEADING_TEXT = st.lists(st.sampled_from(_HEADING_PIECES), max_size=40).map("".join)
HOSTILE_HEADINGS = [
    "",
    "\n",
    "\x00",
    "\x00\n\x00Findings\x00\n",
    ".:;!?-()[]" * 300,
    "Findings " * 50_000,  # one huge line
    "\n".join(["Contents", *(f"{i}. Findings .... {i}" for i in range(300)), "Text."]),
    "\u0130NTRODUCTION\n\u03a3UMMARY\n\u212aEY FINDINGS\nCaf\u00e9 \U0001f600\n2. Learning",
    "\n" * 10_000 + "1. Introduction",
]


def _outcome(f, text):
    try:
        return f(text)
    except Exception as exc:  # a bug must be the same bug in both
        return type(exc).__name__


def _check_heading_lines(text: str) -> None:
    from casereviews.analysis._scan import heading_lines

    args = (segment._HEADING_WORDS, segment._HEADING_LEADS, segment.MAX_HEADING_LINE)
    listed = heading_lines(text, *args)
    assert listed == segment.heading_lines_reference(text, *args)
    assert _outcome(find_sections, text) == _outcome(segment.find_sections_reference, text)


needs_c = pytest.mark.skipif(
    segment._c_heading_lines is None, reason="the C scan is not built (make install)"
)


@needs_c
@given(_HEADING_TEXT)
def test_heading_lines_are_the_references_and_sections_the_same(text: str) -> None:
    _check_heading_lines(text)


@needs_c
@pytest.mark.parametrize("text", HOSTILE_HEADINGS, ids=range(len(HOSTILE_HEADINGS)))
def test_heading_lines_on_hostile_text(text: str) -> None:
    _check_heading_lines(text)


@needs_c
def test_heading_lines_on_the_eval_texts() -> None:
    from casereviews.analysis.evaluate import SPLITS, load_split

    for split in SPLITS:
        for item in load_split(split):
            _check_heading_lines(item.text)
            _check_heading_lines(item.text.upper())


@needs_c
def test_heading_lines_refuse_words_that_are_not_ascii() -> None:
    from casereviews.analysis._scan import heading_lines

    with pytest.raises(ValueError, match="ASCII"):
        heading_lines("text", ("caf\u00e9",), (), 400)
    with pytest.raises(ValueError, match="ASCII"):
        heading_lines("text", ("",), (), 400)
