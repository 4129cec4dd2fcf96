"""The highlighted finding text: evidence marked, everything escaped."""

from __future__ import annotations

from casereviews.learning.presenters import highlight, merge_spans


def test_spans_are_merged_and_clipped():
    assert merge_spans([(5, 9), (0, 3), (2, 4), (8, 12), (20, 99)], 22) == [
        (0, 4),
        (5, 12),
        (20, 22),
    ]
    assert merge_spans([(3, 3), (-5, 1)], 10) == [(0, 1)]


def test_highlight_escapes_everything_and_marks_the_spans():
    text = '<b>Child A</b> & "Mum" said <script>x</script>'
    html = highlight(text, [(0, 14), (28, len(text))])
    assert html == (
        "<mark>&lt;b&gt;Child A&lt;/b&gt;</mark> &amp; &#34;Mum&#34; said "
        "<mark>&lt;script&gt;x&lt;/script&gt;</mark>"
    )
    assert highlight("plain", []) == "plain"
