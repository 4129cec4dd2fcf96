"""The C scan and its plain-Python reference (scan_reference.py) give the same output.

Hypothesis generates frameworks and texts (non-ASCII letters of 2 and 4 bytes, hyphens,
straight and curly apostrophes, cue words near hits, phrases inside phrases, words glued
together) and both engines must return identical strengths and clusters, floats included.
The number of examples and the seed are fixed by the `casereviews` profile (conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casereviews.analysis import scan_reference
from casereviews.analysis.matcher import CUES, CEngine, Matcher
from casereviews.analysis.negation import assess
from casereviews.analysis.taxonomy import Taxonomy, Theme
from casereviews.analysis.textnorm import PUNCT_ASCII, fold, normalise_phrase

needs_c = pytest.mark.skipif(CEngine is None, reason="the C scan is not built (make install)")

# Words: ASCII, 2-byte (é, ß, δ), 4-byte (emoji, mathematical letters), possessives with
# straight and curly apostrophes, hyphenated, prefixes of each other, digits, and "İ", which
# grows when lowercased.
WORDS = [
    "drug", "drugs", "drugstore", "misuse", "abuse", "a", "ab", "abc", "mother", "mother's",
    "mother\u2019s", "caf\u00e9", "gro\u00df", "gro\u00dfartig", "\u03b4elta", "na\u00efve",
    "\U0001f600", "x\U0001d49c", "co-sleeping", "non\u2011mobile", "5", "\u0130stanbul",
    "men", "father", "fathers", "bruis", "chart",
]  # fmt: skip
CUE_WORDS = sorted(CUES)
SEPARATORS = [
    " ", " ", " ", "  ", "\r\n", "-", "\u2013", ", ", ". ", "; ", "'", "\u2019", "(", "\u00a0",
    "", "+", "&", "_", "? ",
]  # fmt: skip
TOPS = [0, 1, 2, 10]


def phrase_strategy() -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)
    joiner = st.sampled_from([" ", "-", "  "])
    return st.builds(
        lambda ws, j, wild: j.join(ws) + ("*" if wild else ""), words, joiner, st.booleans()
    )


def usable(phrase: str) -> bool:
    return bool(normalise_phrase(phrase.rstrip("*")))


@st.composite
def frameworks(draw: st.DrawFn) -> Taxonomy:
    themes = []
    for i in range(draw(st.integers(1, 4))):
        lists = [
            [p for p in draw(st.lists(phrase_strategy(), max_size=size)) if usable(p)]
            for size in (5, 3, 2)
        ]
        if not lists[0]:
            lists[0] = ["drug"]
        phrases, weak, exclude = lists
        negatable = draw(st.booleans())
        themes.append(Theme(f"t{i}", f"Theme {i}", "", [], phrases, weak, exclude, negatable))
    return Taxonomy("generated", themes)


@st.composite
def texts(draw: st.DrawFn, tax: Taxonomy) -> str:
    phrases = [p.rstrip("*") for t in tax.themes for p in (*t.phrases, *t.weak, *t.exclude)]
    token = st.one_of(st.sampled_from(WORDS), st.sampled_from(CUE_WORDS), st.sampled_from(phrases))
    parts = []
    for tok in draw(st.lists(token, max_size=25)):
        case = draw(st.sampled_from([str, str, str.upper, str.title]))
        parts.append(case(tok) + draw(st.sampled_from(SEPARATORS)))
    return draw(st.sampled_from(["", " ", "\u00e9", "x"])) + "".join(parts)


@needs_c
@given(data=st.data())
def test_generated_frameworks_and_texts_give_the_same_output(data):
    tax = data.draw(frameworks())
    text = fold(data.draw(texts(tax)))
    top = data.draw(st.sampled_from(TOPS))
    c = Matcher(tax, CEngine).engine
    ref = Matcher(tax, scan_reference.Engine).engine
    assert c.stats() == ref.stats()
    assert tag_with_calls(c, text, assess, top) == tag_with_calls(ref, text, assess, top)


# Engine-level: keys, records and parameters drawn directly, so the scan sees what no
# framework compiles to (punctuation in keys, hits out of text order, duplicate keys, factors
# other than 0, 0.5 and 1).
ALPHABET = "ab '\u2019\u00e9\U0001f600.;_"
KEY_ALPHABET = "aab '\u00e9\U0001f600"
WEIGHTS = [1.0, 0.4, 0.999, 0.5, 0.25, 2.0]
FACTORS = [0.0, 1.0, 0.5, 0.3, -1.0, 2.0]


def synthetic_assess(folded: str, start: int, end: int, floor: int) -> float:
    """A deterministic factor per hit, so that every branch after `assess` is taken."""
    return FACTORS[zlib.crc32(f"{start}:{end}".encode()) % len(FACTORS)]


def tag_with_calls(engine, text: str, assess_fn, top: int, *sampling: tuple[int, int]) -> tuple:
    """The engine's output and the hits it asked `assess_fn` about, in order."""
    calls: list[tuple[int, int, int]] = []

    def recording(folded: str, start: int, end: int, floor: int) -> float:
        calls.append((start, end, floor))
        return assess_fn(folded, start, end, floor)

    return engine.tag(text, recording, top, *sampling), calls


@st.composite
def engine_args(draw: st.DrawFn) -> tuple:
    nthemes = draw(st.integers(1, 3))
    tails = [
        (1.0 - min(w, 0.999), w, draw(st.integers(0, 5)), draw(st.booleans()))
        for w in draw(st.lists(st.sampled_from(WEIGHTS), min_size=1, max_size=4))
    ]
    keys = draw(st.lists(st.text(KEY_ALPHABET, min_size=1, max_size=5), min_size=1, max_size=8))
    records = []
    for key in keys:

        def span(key: str = key) -> st.SearchStrategy[tuple[int, int]]:
            return st.integers(0, len(key)).flatmap(
                lambda off: st.tuples(st.just(off), st.integers(0, len(key) - off))
            )

        theme, tail = st.integers(0, nthemes - 1), st.integers(0, len(tails) - 1)
        hits = draw(st.lists(st.tuples(theme, span(), tail), max_size=3))
        cues = draw(st.lists(st.tuples(span(), st.integers(0, 7)), max_size=2))
        wild = draw(st.lists(st.tuples(theme, tail), max_size=2))
        records.append(
            (
                tuple((t, o, n, tl) for t, (o, n), tl in hits),
                tuple((o, n, k) for (o, n), k in cues),
                tuple(wild),
            )
        )
    deferred = tuple(draw(st.booleans()) for _ in range(nthemes))
    distance = st.integers(0, 6)  # lookback, lookahead, cluster gap: small, to meet the edges
    mask = st.integers(0, 7)
    params = tuple(draw(s) for s in (distance, distance, distance, mask, mask))
    return keys, records, tails, deferred, PUNCT_ASCII[:128], params


@needs_c
@given(data=st.data(), args=engine_args(), top=st.sampled_from([*TOPS, -1]))
def test_engines_built_from_raw_records_give_the_same_output(data, args, top):
    token = st.one_of(st.sampled_from(args[0]), st.text(ALPHABET, max_size=3))
    separator = st.sampled_from([" ", " ", " ", "", ".", "'", "\u00e9"])
    text = "".join(t + s for t, s in data.draw(st.lists(st.tuples(token, separator), max_size=15)))
    c, ref = CEngine(*args), scan_reference.Engine(*args)
    assert c.stats() == ref.stats()
    expected = tag_with_calls(ref, text, synthetic_assess, top)
    assert tag_with_calls(c, text, synthetic_assess, top) == expected
    # the even sample the tagger judges a long report on: the same clusters, the same counts
    sampling = (data.draw(st.integers(1, 4)), data.draw(st.integers(0, 3)))
    expected = tag_with_calls(ref, text, synthetic_assess, top, sampling)
    assert tag_with_calls(c, text, synthetic_assess, top, sampling) == expected
    if sampling[1] == 0:  # nothing sampled: the clusters are the plain call's
        assert expected[0][:2] == tag_with_calls(ref, text, synthetic_assess, top)[0]
    # with places: the lists after the sampled ones are (starts, ends) of all their clusters
    placed = (*sampling, True)
    expected = tag_with_calls(ref, text, synthetic_assess, top, placed)
    assert tag_with_calls(c, text, synthetic_assess, top, placed) == expected
    plain = tag_with_calls(ref, text, synthetic_assess, 0, sampling)[0]
    for theme, lst in enumerate(expected[0][1]):
        if theme >= sampling[1]:  # every cluster's place, in the order the scan made them
            everything = sorted(plain[1][theme], key=lambda c: c[1])
            assert sorted(zip(*lst, strict=True)) == sorted((c[1], c[3]) for c in everything)
        else:
            assert lst == expected_sampled(ref, text, top, sampling)[theme]


def expected_sampled(ref, text: str, top: int, sampling: tuple[int, int]) -> list:
    return tag_with_calls(ref, text, synthetic_assess, top, sampling)[0][1]


@needs_c
@pytest.mark.parametrize(
    ("records", "message"),
    [
        ((((0, 2, 5, 0),), (), ()), "hit out of range"),
        ((((0, -1, 1, 0),), (), ()), "hit out of range"),
        (((), ((0, 9, 1),), ()), "cue out of range"),
        (((), (), ((3, 0),)), "wildcard out of range"),
    ],
)
def test_both_engines_refuse_offsets_outside_their_key(records, message):
    args = (["abc"], [records], [(0.0, 1.0, 0, False)], (True,), PUNCT_ASCII[:128], (9,) * 5)
    for engine in (CEngine, scan_reference.Engine):
        with pytest.raises(ValueError, match=message):
            engine(*args)


# The fallback: with the C scan unimportable the engine still tags, and says so once.
BLOCKED = """
import sys, warnings
sys.modules["casereviews.analysis._scan"] = None  # what a checkout without `make install` sees
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    from casereviews.analysis import tag_text
    first = tag_text("There was no evidence of drug use. Domestic abuse was known.")
    second = tag_text("The mother misused alcohol.")
print(first.present_ids(), second.present_ids())
print(len(caught), caught[0].message if caught else "")
"""


def _run_blocked(scan: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CASEREVIEWS_SCAN"}
    if scan:
        env["CASEREVIEWS_SCAN"] = scan
    return subprocess.run(
        [sys.executable, "-c", BLOCKED], capture_output=True, text=True, env=env, timeout=120
    )


def test_without_the_c_scan_the_engine_falls_back_and_warns_once():
    out = _run_blocked(None)
    assert out.returncode == 0, out.stderr
    ids, warning = out.stdout.strip().split("\n")
    assert ids == "['domestic-abuse'] ['substance-misuse']"
    assert warning.startswith("1 ") and "make install" in warning


def test_asking_for_the_c_scan_when_it_is_not_built_is_an_error():
    out = _run_blocked("c")
    assert out.returncode != 0
    assert "CASEREVIEWS_SCAN=c" in out.stderr and "make install" in out.stderr


@pytest.mark.skipif(
    "CASEREVIEWS_SCAN_BUILD" not in os.environ, reason="only under `make test-asan`"
)
def test_the_c_scan_under_test_is_the_sanitized_build():
    from casereviews.analysis import _scan

    assert Path(_scan.__file__).is_relative_to(os.environ["CASEREVIEWS_SCAN_BUILD"])


# Hostile texts for the default framework with its marker words, as the tagger scans them.
HOSTILE = [
    "",
    " ",
    "\x00",
    "no\x00drug misuse\x00 not\x00",
    ".,;:!?'\"()[]{}-\u2013\u2014" * 200,
    "drug misuse was not a factor " * 4000,  # one huge line, thousands of hits and markers
    ("Learning: the review found that " + "x" * 5000 + " no domestic abuse. ") * 20,
    "Caf\u00e9 \u0130stanbul \U0001f600 domestic\u00a0abuse \u201cno\u201d neglect\u2019s 2019 "
    * 300,
    "\n" * 5000,
    "imr subgroup inquest terms of reference 1999 2040 should not " * 500,
]


@needs_c
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_places_of_marker_words_match_the_reference_on_hostile_text(text):
    from casereviews.analysis.coverage import MARKERS
    from casereviews.analysis.taxonomy import default_taxonomy

    tax = default_taxonomy()
    n = len(tax.themes)
    c = Matcher(tax, CEngine, MARKERS).engine
    ref = Matcher(tax, scan_reference.Engine, MARKERS).engine
    folded = fold(text)
    for sampling in ((64, n, True), (3, n, True), (64, n)):
        got = tag_with_calls(c, folded, assess, 0, sampling)
        assert got == tag_with_calls(ref, folded, assess, 0, sampling)
    placed = tag_with_calls(c, folded, assess, 0, (64, n, True))[0]
    whole = tag_with_calls(c, folded, assess, 0, (64, n))[0]
    for theme in range(n, len(whole[1])):  # the places are those of the whole lists
        starts, ends = placed[1][theme]
        assert sorted(starts) == sorted(c[1] for c in whole[1][theme])
        assert sorted(zip(starts, ends, strict=True)) == sorted(
            (c[1], c[3]) for c in whole[1][theme]
        )
    assert placed[2] == whole[2] and placed[0] == whole[0]
