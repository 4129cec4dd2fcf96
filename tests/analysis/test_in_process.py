"""tagger's review-process check in C (`_scan.in_process`) is `tagger._in_process`, its Python
specification: the same hits made to count for nothing, on generated, hostile and eval texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereviews.analysis import default_taxonomy, tagger
from casereviews.analysis.coverage import Context, HitContext

needs_c = pytest.mark.skipif(
    tagger._c_in_process is None, reason="the C scan is not built (make install)"
)

# Process words, findings, sources that report, sentence marks and themes' phrases, as the
# engine meets them, with 2- and 4-byte characters (the C reads all three widths).
_CHUNKS = [
    "The terms of reference asked about information sharing. ",
    "A learning event was held with practitioners",
    "The review found that the school did not share concerns. ",
    "Practitioners said that supervision was poor. ",
    "The IMR identified that the GP was not told? ",
    "Publication waited for the inquest! ",
    "The domestic abuse was not recognised",
    "The mother's mental health declined. ",
    "\n",
    "\n\n",
    "Learning\n",
    ". ",
    "? ",
    "! ",
    "word ",
    "x" * 250 + " ",
    "caf\u00e9 na\u00efve \u2019 ",
    "\U0001f600 ",
    "",
]


def _reference(text: str, hits: list[list[HitContext]], window: int) -> list[list[HitContext]]:
    """What analyse_text does without the C: `_in_process` for each list."""
    process, findings = _process(text), _findings(text)
    lines = tagger._process_lines(text, process)
    ctx = Context(text, [], [[] for _ in range(6)])
    ctx.WINDOW = window
    starts = [a for a, _ in lines]
    reporting: dict[tuple[int, int], bool] = {}
    return [tagger._in_process(ctx, process, starts, lines, findings, h, reporting) for h in hits]


def _in_c(text: str, hits: list[list[HitContext]], window: int) -> list[list[HitContext]]:
    process, findings = _process(text), _findings(text)
    lines = tagger._process_lines(text, process)
    reports = lambda s, e: tagger._reports_a_source(text, s, e)  # noqa: E731
    starts, ends = [a for a, _ in lines], [b for _, b in lines]
    return tagger._c_in_process(text, hits, process, starts, ends, findings, reports, window)


def _process(text: str) -> list[int]:
    low = text.lower()
    out: list[int] = []
    for word in ("terms of reference", "learning event", "imr", "inquest"):
        k = low.find(word)
        while k >= 0:
            out.append(k)
            k = low.find(word, k + 1)
    return sorted(out)


def _findings(text: str) -> list[int]:
    k, out = text.find("The review found"), []
    while k >= 0:
        out.append(k)
        k = text.find("The review found", k + 1)
    return out


def _hit(start: int, first_end: int, weight: float, problem: bool = True) -> HitContext:
    return HitContext(start, first_end, 1.0, weight, "p", None, "body", False, problem)


def _same(a: list[list[HitContext]], b: list[list[HitContext]]) -> None:
    assert repr(a) == repr(b)
    assert all(type(h) is HitContext for hs in a for h in hs)


@needs_c
@settings(max_examples=300)
@given(chunks=st.lists(st.sampled_from(_CHUNKS), min_size=1, max_size=30), data=st.data())
def test_in_process_in_c_is_the_python(chunks: list[str], data: st.DataObject) -> None:
    text = "".join(chunks)
    n = len(text)
    # positions at and around the process words and the marks a sentence is cut at
    near = sorted(
        {min(n, max(0, k + d)) for k in _process(text) for d in (-241, -240, -1, 0, 1, 240)}
        | {min(n, max(0, k + d)) for k, c in enumerate(text) if c in ".?!\n" for d in (-1, 0, 2)}
    )
    pos = st.one_of(st.integers(0, n), st.sampled_from(near or [0]))
    hits = []
    for _ in range(data.draw(st.integers(0, 4))):
        lst = []
        for _ in range(data.draw(st.integers(0, 8))):
            start = data.draw(pos)
            first_end = data.draw(st.one_of(st.integers(start, n), pos.filter(start.__le__)))
            weight = data.draw(st.sampled_from([0.0, -0.0, 1.0, 0.4, 1e-300, -1.0]))
            lst.append(_hit(start, first_end, weight, data.draw(st.booleans())))
        hits.append(lst)
    window = data.draw(st.sampled_from([0, 1, 3, 20, 240]))
    _same(_in_c(text, hits, window), _reference(text, hits, window))


@needs_c
@pytest.mark.parametrize(
    "text",
    [
        "The inquest. A. b? The IMR\nsaid x! inquest",
        "inquest\u00e9. \U0001f600? imr! \ninquest",
        "The review found that\nthe inquest. The inquest? ",
    ],
)
def test_in_process_in_c_is_the_python_at_every_position(text: str) -> None:
    # every hit span of a short text, each window: an off-by-one in either would show here
    n = len(text)
    hits = [[_hit(s, e, 1.0) for s in range(n + 1) for e in range(s, n + 1)]]
    weights = set()
    for window in (0, 1, 2, 3, 7, 240):
        out = _in_c(text, hits, window)
        _same(out, _reference(text, hits, window))
        weights.update(h.weight for h in out[0])
    assert weights == {0.0, 1.0}  # some hits kept, some made to count for nothing


@needs_c
def test_in_process_in_c_keeps_a_list_it_does_not_change() -> None:
    text = "Nothing about the review here.\nThe inquest was held."
    untouched = [_hit(0, 7, 1.0)]
    changed = [_hit(35, 40, 1.0)]
    out = _in_c(text, [untouched, changed, []], 240)
    assert out[0] is untouched  # as _in_process hands back `hits` itself
    assert out[1] is not changed and changed[0].weight == 1.0  # the input is left alone
    assert out[1][0] == changed[0]._replace(weight=0.0, problem=False)


@needs_c
def test_in_process_in_c_asks_for_each_sentence_once() -> None:
    text = "The inquest was held and the mother was seen."
    asked: list[tuple[int, int]] = []

    def reports(s: int, e: int) -> bool:
        asked.append((s, e))
        return False

    hits = [[_hit(30, 36, 1.0)], [_hit(30, 36, 1.0), _hit(20, 26, 1.0)]]
    out = tagger._c_in_process(text, hits, [4], [0], [len(text)], [], reports, 240)
    assert asked == [(0, len(text))]
    assert all(h.weight == 0.0 and h.problem is False for hs in out for h in hs)


@needs_c
@pytest.mark.parametrize(
    ("hits", "error"),
    [
        ([[_hit(-1, 2, 1.0)]], ValueError),
        ([[_hit(3, 2, 1.0)]], ValueError),
        ([[_hit(0, 999, 1.0)]], ValueError),
        ([[(0, 1, 1.0)]], TypeError),
        ([[_hit(0, 1, 1.0)._replace(weight="x")]], TypeError),
        ([(_hit(0, 1, 1.0),)], TypeError),
    ],
)
def test_in_process_in_c_refuses_what_is_not_hits(hits: list, error: type) -> None:
    with pytest.raises(error):
        tagger._c_in_process("The inquest.", hits, [4], [0], [12], [], lambda s, e: False, 240)


@needs_c
def test_in_process_in_c_passes_on_an_error_of_reports() -> None:
    def reports(s: int, e: int) -> bool:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError, match="no"):
        tagger._c_in_process("The inquest.", [[_hit(0, 3, 1.0)]], [4], [0], [12], [], reports, 9)


@needs_c
def test_in_process_in_c_survives_reports_that_empties_the_list() -> None:
    text = "The inquest was held."
    hits = [[_hit(0, 3, 1.0), _hit(12, 15, 1.0)]]

    def reports(s: int, e: int) -> bool:
        hits[0].clear()  # hostile: the list read is emptied under the C's feet
        return False

    with pytest.raises(IndexError):
        tagger._c_in_process(text, hits, [4], [0], [len(text)], [], reports, 240)


@needs_c
def test_analyse_text_is_the_same_with_and_without_the_c_on_the_eval_texts(monkeypatch) -> None:
    from casereviews.analysis.evaluate import load_split

    tax = default_taxonomy()
    texts = [item.text for item in load_split("real_dev")[:80] + load_split("real_heldout")[:40]]
    with_c = [tagger.analyse_text(t, tax).hits for t in texts]
    monkeypatch.setattr(tagger, "_c_in_process", None)
    assert repr(with_c) == repr([tagger.analyse_text(t, tax).hits for t in texts])
