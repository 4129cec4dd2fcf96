"""The framework compiled for the C scan (`_scan.c`), which reads the folded text once.

What a phrase matches is decided here, once per framework: keys are phrases folded like the
text, with their plural and possessive forms and a doubled space in any gap (PDF line breaks).
The scan is leftmost-longest from word starts, so a long phrase ("drug chart", "adult mental
health services") is one hit; what a long key hides is worked out now: every shorter phrase of
another theme that lies on whole words inside it is stored with it ("inner" hits), and an
`exclude` phrase hides its own theme's phrases but nothing else. Negation and hedging cue words
are keys of the same trie, so the text is scanned exactly once. A key counts only when it ends
on a word boundary (a wildcard key takes the rest of its word).
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from itertools import product

import ahocorasick

from casereviews.analysis.negation import LOOKAHEAD, LOOKBACK, assess
from casereviews.analysis.taxonomy import Taxonomy
from casereviews.analysis.textnorm import PUNCT_ASCII, SCAN_ENV, fold, normalise_phrase

# CASEREVIEWS_SCAN=python runs the pure-Python reference scan (scan_reference.py), =c demands
# the C scan (an error if it is not built); unset, the C scan if built, else the reference.

try:
    from casereviews.analysis._scan import Engine as CEngine
except ImportError:  # a checkout used without `make install` (`pip install -e .`)
    CEngine = None
    if os.environ.get(SCAN_ENV, "").strip().lower() not in ("python", "c"):
        warnings.warn(
            "casereviews.analysis._scan (the theme engine's C scan) is not built: using the "
            "pure-Python reference scan, about 20 times slower; run `make install`",
            RuntimeWarning,
            stacklevel=2,
        )

STRONG = 1.0
WEAK = 0.4
EXCLUDE = -1.0
CUE = -2.0
_NEGATING_WORD = re.compile(r"\b(?:no|not|never|without|nor|none|denied|failed|lack|absent)\b")
_PLURAL_ES = ("s", "x", "z", "ch", "sh")
# A cluster: (miss, start, first_end, end, best_weight, phrase). Hits of one theme less than
# CLUSTER_GAP characters apart are one piece of evidence of strength 1 - miss, where miss is
# the product of (1 - weight) over its hits.
Cluster = tuple[float, int, int, int, float, str]
CLUSTER_GAP = 10
MAX_SPACE_VARIANTS = 4  # a phrase with up to 4 gaps also matches with a doubled space in any

# Cue words: PRE (before a hit: "no evidence of"), POST (after it: "was not a feature"),
# HEDGE ("may have"). Finding one near a hit sends that hit to negation.assess. POST cues are
# only the endings negation.assess can act on ("... was not a factor", "... was ruled out"),
# not every "not": "her drug use was not assessed" needs no check.
PRE, POST, HEDGE = 1, 2, 4
CUES = {
    "no": PRE,
    "non": PRE,
    "none": PRE,
    "nothing": PRE,
    "never": PRE,
    "without": PRE,
    "neither": PRE,
    "nor": PRE,
    "denied": PRE | POST,
    "denies": PRE,
    "deny": PRE,
    "denying": PRE,
    "ruled out": PRE | POST,
    "absence of": PRE,
    "free from": PRE,
    "free of": PRE,
    "negative for": PRE,
    "negative result": PRE,
    "not known to": PRE,
    "not thought to": PRE,
    "not considered to": PRE,
    "not believed to": PRE,
    "did not": PRE,
    "was not using": PRE,
    "was not misusing": PRE,
    "was not drinking": PRE,
    "were not using": PRE,
    "were not misusing": PRE,
    "were not drinking": PRE,
    **{
        f"not {a}{what}": POST
        for a in ("", "a ", "an ")
        for what in ("factor", "feature", "issue", "concern")
    },
    "not present": POST,
    "not evident": POST,
    "not apparent": POST,
    "not indicated": POST,
    "not substantiated": POST,
    "excluded": POST,
    "unfounded": PRE | POST,
    "unsubstantiated": PRE | POST,
    "discounted": POST,
    "may": HEDGE,
    "might": HEDGE,
    "could have": HEDGE,
    "possibly": HEDGE,
    "possible": HEDGE,
    "perhaps": HEDGE,
    "unclear": HEDGE,
    "not clear": HEDGE,
    "uncertain": HEDGE,
    "not known whether": HEDGE,
    "query": HEDGE,
    "queried": HEDGE,
    "if there": HEDGE,
}


@dataclass(frozen=True, slots=True)
class Entry:
    theme: int  # index into taxonomy.themes; -1 for a cue
    weight: float  # STRONG, WEAK, EXCLUDE or CUE
    wildcard: bool
    phrase: str  # as written in the framework (or the cue)
    self_negating: bool  # the phrase itself speaks of an absence ("was not seen")
    cue: int = 0


def scan_engine() -> type:
    """The engine class `CASEREVIEWS_SCAN` asks for (read at each call, so tests can switch):
    the C scan, or the pure-Python reference when asked or when the C scan is not built."""
    choice = os.environ.get(SCAN_ENV, "").strip().lower()
    if choice == "python" or (CEngine is None and choice != "c"):
        from casereviews.analysis import scan_reference  # only then: it costs start-up time

        return scan_reference.Engine
    if CEngine is None:
        raise ImportError(
            f"{SCAN_ENV}=c but casereviews.analysis._scan (the C scan) is not built: "
            "run `make install`"
        )
    return CEngine


def _c_build() -> tuple[int, int]:
    """Which build of the C scan this is (its file's size and time), so that an engine image
    is only read by the build that wrote it."""
    from casereviews.analysis import _scan

    st = os.stat(_scan.__file__)
    return st.st_size, st.st_mtime_ns


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _space_variants(key: str) -> list[str]:
    """The key, and the key with any of its gaps doubled (text from PDFs breaks lines as
    "\\r\\n", which folds to two spaces)."""
    gaps = key.count(" ")
    if gaps == 0 or gaps > MAX_SPACE_VARIANTS:
        return [key]
    parts = key.split(" ")
    out = []
    for seps in product((" ", "  "), repeat=gaps):
        out.append(parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True)))
    return out


class Matcher:
    def __init__(
        self,
        taxonomy: Taxonomy,
        engine: type | None = None,
        markers: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        """Compile `taxonomy` for `engine` (`_scan.Engine` or `scan_reference.Engine`; by
        default the one `scan_engine()` chooses), or take the compiled form from the cache
        (`compile_cache`: it saves about 0.15 s of each run's start), and for the C scan the
        built engine itself (its image: about 0.035 s more).

        `markers` are extra lists of words found in the same pass, each reported after the
        themes as if it were one more theme (never negated): the coverage model uses them to
        see boilerplate, citations and stated problems near a theme's hits. Each marker must
        be one word, or a phrase that no theme's phrase starts inside, so that it hides
        nothing of the themes (what lies inside it is kept, as for any long key).
        """
        from casereviews.analysis import compile_cache

        engine = engine or scan_engine()
        self.n_themes = len(taxonomy.themes)
        params = (LOOKBACK, LOOKAHEAD, CLUSTER_GAP, PRE | HEDGE, POST)
        image_extra = (markers, _c_build()) if engine is CEngine else None
        if image_extra is not None:
            cached = compile_cache.load(taxonomy, image_extra, "engine", 3)
            if cached is not None:
                image, self.deferred, self.phrases = cached
                try:
                    self.engine = CEngine.from_image(
                        image, self.deferred, PUNCT_ASCII[:128], params, len(self.phrases)
                    )
                    return
                except (TypeError, ValueError):
                    pass  # refused: built again below
        data = compile_cache.load(taxonomy, markers)
        if data is None:
            data = self._compile(taxonomy, markers)
            compile_cache.store(taxonomy, data, markers)
        keys, records, tails, self.deferred, self.phrases = data
        self.engine = engine(keys, records, tails, self.deferred, PUNCT_ASCII[:128], params)
        if image_extra is not None:
            image = (self.engine.image(), self.deferred, self.phrases)
            compile_cache.store(taxonomy, image, image_extra, "engine")

    def _compile(self, taxonomy: Taxonomy, markers: tuple[tuple[str, ...], ...]) -> tuple:
        """(keys, records, tails, deferred, phrases): what the scan engine is built from."""
        exact: dict[str, list[Entry]] = {}
        wild: dict[str, list[Entry]] = {}
        lists = [(t.phrases, t.weak, t.exclude) for t in taxonomy.themes]
        lists += [(m, (), ()) for m in markers]
        for i, (strong, weak, exclude) in enumerate(lists):
            for weight, phrases in (
                (STRONG, strong),
                (WEAK, weak),
                (EXCLUDE, exclude),
            ):
                for phrase in phrases:
                    wildcard = phrase.endswith("*")
                    key = normalise_phrase(phrase.rstrip("*"))
                    entry = Entry(i, weight, wildcard, phrase, bool(_NEGATING_WORD.search(key)))
                    bucket = (wild if wildcard else exact).setdefault(key, [])
                    if entry not in bucket:
                        bucket.append(entry)
        for cue, kind in CUES.items():
            exact.setdefault(cue, []).append(Entry(-1, CUE, False, cue, False, kind))
        keys = sorted(set(exact) | set(wild))
        inner = self._inner_hits(keys, exact, wild)
        added: dict[str, tuple] = {}
        for key in keys:
            # Keys start with a space (the text is padded and its punctuation folded to spaces),
            # so a match can only begin at the start of a word.
            ex, wi = tuple(exact.get(key, ())), tuple(wild.get(key, ()))
            variants = [key]
            if ex:
                variants += [key + "s", key + "'s"]
                if key.endswith(_PLURAL_ES):
                    variants.append(key + "es")
            for form in variants:
                is_base = form == key
                value = (ex, wi if is_base else (), inner.get(key, ()))
                for spaced in _space_variants(form):
                    k = " " + spaced
                    if k in added:  # a plural form that is also a key of its own wins
                        continue
                    added[k] = value
        # What the C scan needs per key, resolved now: (hits, cues, wild). `hits` are (theme,
        # offset, length, tail) for every positive hit (inner ones too), `cues` (offset, length,
        # kind), `wild` (theme, tail); a tail is an index into `tails`: (miss = 1 - weight,
        # weight, phrase index, self_negating), shared by all the hits of one framework entry.
        # Hits of a negatable theme (`deferred`) are checked against the cues near them.
        deferred = tuple(t.negatable for t in taxonomy.themes) + (False,) * len(markers)
        tail_ids: dict[Entry, int] = {}
        tails: list[tuple[float, float, int, bool]] = []
        phrase_ids: dict[str, int] = {}

        def tail(e: Entry) -> int:
            t = tail_ids.get(e)
            if t is None:
                p = phrase_ids.setdefault(e.phrase, len(phrase_ids))
                t = tail_ids[e] = len(tails)
                tails.append((1.0 - min(e.weight, 0.999), e.weight, p, e.self_negating))
            return t

        keys: list[str] = []
        records: list[tuple[tuple, tuple, tuple]] = []
        for k in sorted(added):
            ex, wi, inn = added[k]
            keylen = len(k) - 1
            hits = [(e.theme, 0, keylen, tail(e)) for e in ex if e.weight > 0]
            cues = [(0, keylen, e.cue) for e in ex if e.weight == CUE]
            for off, length, e in inn:
                if e.weight > 0:
                    hits.append((e.theme, off, length, tail(e)))
                elif e.weight == CUE:
                    cues.append((off, length, e.cue))
            keys.append(k[1:])  # the C scan starts keys at word starts: no leading space
            records.append(
                (
                    tuple(hits) if ex else (),
                    tuple(cues) if ex else (),
                    tuple((e.theme, tail(e)) for e in wi if e.weight > 0),
                )
            )
        phrases = tuple(phrase_ids)  # phrase index -> the phrase as written
        return keys, records, tails, deferred, phrases

    @staticmethod
    def _inner_hits(
        keys: list[str], exact: dict[str, list[Entry]], wild: dict[str, list[Entry]]
    ) -> dict[str, tuple[tuple[int, int, Entry], ...]]:
        """For each key, the whole-word hits of other keys inside it that it would hide."""
        auto = ahocorasick.Automaton()
        for key in keys:
            auto.add_word(key, key)
        auto.make_automaton()
        out: dict[str, tuple[tuple[int, int, Entry], ...]] = {}
        for key in keys:
            own = exact.get(key, []) + wild.get(key, [])
            own_themes = {e.theme for e in own if e.weight != CUE}
            best = {}
            for e in own:  # an exclude phrase hides everything of its own theme
                w = 9.0 if e.weight == EXCLUDE else e.weight
                best[e.theme] = max(best.get(e.theme, -9.0), w)
            found = []
            for last, sub in auto.iter(key):
                start = last - len(sub) + 1
                if sub == key or (start > 0 and _is_word(key[start - 1])):
                    continue
                end = last + 1
                for e in exact.get(sub, []) if end == len(key) or not _is_word(key[end]) else []:
                    if e.weight == CUE or e.theme not in own_themes or e.weight > best[e.theme]:
                        found.append((start, end - start, e))
                for e in wild.get(sub, []):
                    w_end = end
                    while w_end < len(key) and _is_word(key[w_end]):
                        w_end += 1
                    if e.theme not in own_themes or e.weight > best[e.theme]:
                        found.append((start, w_end - start, e))
            if found:
                out[key] = tuple(sorted(found, key=lambda f: (f[0], f[1], f[2].phrase)))
        return out

    def tag(self, text: str, top: int) -> tuple[list[float], list[list[Cluster]]]:
        """Scan `text` once and, per theme, drop negated hits, cluster the others and sum their
        strengths. Returns per theme the total strength and its `top` clusters (0: all),
        strongest then earliest, each (miss, start, first_end, end, best_weight, phrase)."""
        strengths, best = self.engine.tag(fold(text), assess, top)
        phrases = self.phrases
        for lst in best[: self.n_themes]:  # markers keep their phrase index: only places count
            for i, c in enumerate(lst):
                lst[i] = (*c[:5], phrases[c[5]])
        return strengths, best

    def sample(
        self, text: str, size: int, places: bool = False
    ) -> tuple[list[list[Cluster]], list[int]]:
        """Per theme all its clusters as `tag(text, 0)` gives them, but with the phrase as its
        index in `self.phrases` and, for a theme with more than `size` clusters, an even sample
        of `size` of them (those at int(k * n / size)); and how many each list had (n; the
        marker lists stay whole). The scan builds only the clusters it returns. With `places`,
        each marker list is instead (starts, ends) of its clusters, in the order the scan made
        them (no tuple per cluster: a long report has thousands of marker words)."""
        sampling = (size, self.n_themes, True) if places else (size, self.n_themes)
        _strengths, best, counts = self.engine.tag(fold(text), assess, 0, sampling)
        return best, counts
