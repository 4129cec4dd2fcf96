"""One Aho-Corasick automaton per framework, scanned once over the folded text.

pyahocorasick finds phrases in one C pass, leftmost-longest (`iter_long`), so a long phrase
("drug chart", "adult mental health services") is one hit. What a long phrase hides is worked
out once, when the automaton is built: every shorter phrase of another theme that lies on
whole words inside it is stored with it ("inner" hits), and an `exclude` phrase hides its own
theme's phrases but nothing else. Negation and hedging cue words are keys of the same automaton,
so the text is scanned exactly once. Python then keeps only hits on whole words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product
from typing import Any

import ahocorasick

from casereviews.analysis.taxonomy import Taxonomy
from casereviews.analysis.textnorm import fold_both, normalise_phrase

STRONG = 1.0
WEAK = 0.4
EXCLUDE = -1.0
CUE = -2.0
_NEGATING_WORD = re.compile(r"\b(?:no|not|never|without|nor|none|denied|failed|lack|absent)\b")
_PLURAL_ES = ("s", "x", "z", "ch", "sh")
Tail = tuple[float, float, str, bool]  # (miss = 1 - weight, weight, phrase, self_negating)
Hit = tuple[int, int, Tail]  # (start, end, tail) in text offsets
Cue = tuple[int, int, int]  # (start, end, kind)
# A cluster: [miss, start, first_end, end, best_weight, phrase]. Hits of one theme less than
# CLUSTER_GAP characters apart are one piece of evidence of strength 1 - miss, where miss is
# the product of (1 - weight) over its hits.
Cluster = list[Any]
CLUSTER_GAP = 10
MAX_SPACE_VARIANTS = 4  # a phrase with up to 4 gaps also matches with a doubled space in any

# Cue words: PRE (before a hit: "no evidence of"), POST (after it: "was not a feature"),
# HEDGE ("may have"). Finding one near a hit sends that hit to negation.assess.
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
    "not known to": PRE,
    "not thought to": PRE,
    "not considered to": PRE,
    "not believed to": PRE,
    "did not": PRE | POST,
    "was not": POST,
    "were not": POST,
    "is not": POST,
    "are not": POST,
    "not": POST,
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
    def __init__(self, taxonomy: Taxonomy) -> None:
        exact: dict[str, list[Entry]] = {}
        wild: dict[str, list[Entry]] = {}
        for i, theme in enumerate(taxonomy.themes):
            for weight, phrases in (
                (STRONG, theme.phrases),
                (WEAK, theme.weak),
                (EXCLUDE, theme.exclude),
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
        self.automaton = ahocorasick.Automaton()
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
        # What the scan needs per key, resolved now so that the loop does no attribute lookups:
        # (key length, single, hits, cues, wild, exact). `single` is (theme, tail, deferred) when
        # the key is one theme's phrase and nothing else (the common case); `hits` are (theme,
        # offset, length,
        # tail) for every positive hit (inner ones too); `cues` (offset, length, kind); `wild`
        # (theme, tail). A tail is (miss, weight, phrase, self_negating), shared by all hits.
        tails: dict[Entry, tuple[float, float, str, bool]] = {}
        # Hits of a negatable theme wait for the cues after them (`deferred`); the others are
        # clustered during the scan itself.
        deferred = self.deferred = tuple(t.negatable for t in taxonomy.themes)

        def tail(e: Entry) -> tuple[float, float, str, bool]:
            t = tails.get(e)
            if t is None:
                t = tails[e] = (1.0 - min(e.weight, 0.999), e.weight, e.phrase, e.self_negating)
            return t

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
            single = None
            if len(hits) == 1 and not cues and not wi and hits[0][1] == 0:
                single = (hits[0][0], hits[0][3], deferred[hits[0][0]])
            self.automaton.add_word(
                k,
                (
                    keylen,
                    single,
                    tuple(hits) if ex else (),
                    tuple(cues) if ex else (),
                    tuple((e.theme, tail(e)) for e in wi if e.weight > 0),
                    bool(ex),
                ),
            )
        self.automaton.make_automaton()

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

    def scan(self, text: str) -> tuple[str, list[list[Any]], list[list[Cluster]], list[Cue]]:
        """Scan `text` once. Returns the folded text; for each theme either its whole-word hits
        in text order (start, end, tail), for negatable themes, which the tagger checks against
        the cues, or (for the others) its clusters already made; and the cues (start, end, kind).
        """
        folded, low = fold_both(text)  # punctuation kept in `folded`: negation needs clauses
        padded = " " + low + " "
        deferred = self.deferred
        nthemes = len(deferred)
        per_theme: list[list[Any]] = [[] for _ in range(nthemes)]
        clusters: list[list[Cluster]] = [[] for _ in range(nthemes)]
        cur: list[Cluster] = [[1.0, 0, 0, -(CLUSTER_GAP + 1), 0.0, ""] for _ in range(nthemes)]
        cues: list[Cue] = []
        add_cue = cues.append

        def add(t: int, start: int, end: int, tl: Tail) -> None:
            if deferred[t]:
                per_theme[t].append((start, end, tl))
                return
            cl = cur[t]
            if 0 <= start - cl[3] <= CLUSTER_GAP:
                cl[3] = end
                cl[0] *= tl[0]
                if tl[1] > cl[4]:
                    cl[4] = tl[1]
                    cl[5] = tl[2]
            else:
                cl = cur[t] = [tl[0], start, end, end, tl[1], tl[2]]
                clusters[t].append(cl)

        # In padded coordinates a key " phrase" ending at `last` is text[last-len+1 : last].
        n = len(low)
        iter_long = self.automaton.iter_long
        pos: int | None = 0
        while pos is not None:
            resume = None
            for last, (keylen, single, hits, kcues, wild, is_exact) in iter_long(padded, pos):
                c = padded[last + 1]
                if c == " " or not (c.isalnum() or c == "_"):  # the key ends a word
                    if single is not None:  # inlined `add`, the common case
                        t, tl, later = single
                        if later:
                            per_theme[t].append((last - keylen, last, tl))
                            continue
                        start = last - keylen
                        cl = cur[t]
                        if 0 <= start - cl[3] <= CLUSTER_GAP:
                            cl[3] = last
                            cl[0] *= tl[0]
                            if tl[1] > cl[4]:
                                cl[4] = tl[1]
                                cl[5] = tl[2]
                        else:
                            cl = cur[t] = [tl[0], start, last, last, tl[1], tl[2]]
                            clusters[t].append(cl)
                        continue
                    start = last - keylen
                    for t, off, length, tl in hits:
                        add(t, start + off, start + off + length, tl)
                    for off, length, kind in kcues:
                        add_cue((start + off, start + off + length, kind))
                    for t, tl in wild:
                        add(t, start, last, tl)
                    continue
                start = last - keylen
                if wild:
                    e = last
                    while e < n and (low[e].isalnum() or low[e] == "_"):
                        e += 1
                    for t, tl in wild:
                        add(t, start, e, tl)
                elif is_exact:
                    # " was not" inside " was nothing": the failed phrase may have swallowed
                    # the start of a real one, so scan again from its last word.
                    gap = padded.rfind(" ", start + 2, last + 1)
                    if gap > start + 1:
                        resume = gap
                        break
            pos = resume
        return folded, per_theme, clusters, cues
