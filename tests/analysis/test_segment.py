"""Sections from headings and sentences, with offsets into the original text."""

from __future__ import annotations

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
