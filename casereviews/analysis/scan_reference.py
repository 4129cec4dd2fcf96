"""The C scan (`_scan.c`) in plain Python: its specification, and the fallback when it is not built.

`Engine` here takes the same arguments and returns the same values as `_scan.Engine`, bit for
bit (a property-based test, `tests/analysis/test_scan_reference.py`, holds the two to that). It
is written to be read, not to be fast: `tag_text` runs about 20 times slower on it. When the two
disagree, this file says what was meant; change both together.

What the engine is given (built by `matcher.Matcher` from a framework):

- `keys`: phrase keys, folded like the text, without a leading space. A key may only start at a
  word start and, unless it has a wildcard, must end on a word boundary.
- `records`, one per key: `(hits, cues, wild)`. `hits` are `(theme, offset, length, tail)`:
  what the key means when it matches, including the shorter phrases of other themes inside it
  ("inner" hits, at `offset` from the key's start); `cues` are `(offset, length, kind)` negation
  or hedging cue words inside the key; `wild` are `(theme, tail)` for a wildcard phrase whose
  stem is this key.
- `tails`: `(miss, weight, phrase, self_negating)` shared by the hits of one framework entry;
  `miss` is `1 - weight`, `phrase` an index into `Matcher.phrases`.
- `deferred`: per theme, whether its hits are checked against the cues (`negatable`).
- `punct`: the 128-byte ASCII table folding punctuation to a space (`textnorm.PUNCT_ASCII`).
- `params`: `(lookback, lookahead, cluster_gap, pre_mask, post_mask)`.

`tag(folded, assess, top)` returns `(strengths, best)`: per theme the sum of its clusters'
strengths, and its best `top` clusters (all when `top <= 0`), each
`(miss, start, first_end, end, best_weight, phrase)`. `tag(folded, assess, top, (sample, sampled))`
with `sample > 0` gives an even sample of a theme's clusters and their number (see `tag`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Assess = Callable[[str, int, int, int], float]
ClusterTuple = tuple[float, int, int, int, float, int]
INT32_MAX = 2**31 - 1


def is_word(c: str) -> bool:
    """A word character: what `_scan.c`'s `is_word` and Python's `\\w` test agree on."""
    return c.isalnum() or c == "_"


@dataclass(frozen=True, slots=True)
class Tail:
    miss: float
    weight: float
    phrase: int
    self_negating: bool


@dataclass(frozen=True, slots=True)
class Record:
    hits: tuple[tuple[int, int, int, int], ...]  # (theme, offset, length, tail)
    cues: tuple[tuple[int, int, int], ...]  # (offset, length, kind)
    wild: tuple[tuple[int, int], ...]  # (theme, tail)


@dataclass(slots=True)
class _Cluster:
    miss: float
    start: int
    first_end: int
    end: int
    best: float
    phrase: int
    order: int  # the how-manieth cluster of its theme: the last tie-break

    def rank(self) -> tuple[float, int, int]:
        """Strongest (smallest miss) first, then earliest, then first found."""
        return (self.miss, self.start, self.order)

    def as_tuple(self) -> ClusterTuple:
        return (self.miss, self.start, self.first_end, self.end, self.best, self.phrase)


class Engine:
    """A compiled framework: Engine(keys, records, tails, deferred, punct, params)."""

    def __init__(
        self,
        keys: list[str],
        records: list[tuple[tuple, tuple, tuple]],
        tails: list[tuple[float, float, int, bool]],
        deferred: tuple[bool, ...],
        punct: bytes,
        params: tuple[int, int, int, int, int],
    ) -> None:
        if len(records) != len(keys) or len(punct) != 128:
            raise ValueError("keys and records differ in length, or bad table")
        if len(params) != 5:
            raise TypeError("params: expected a tuple of 5")
        self.lookback, self.lookahead, self.gap, self.pre_mask, self.post_mask = map(int, params)
        self.punct = bytes(punct)
        self.deferred = tuple(bool(d) for d in deferred)
        nthemes = len(self.deferred)
        self.tails = [Tail(float(m), float(w), int(p), bool(s)) for m, w, p, s in tails]
        self.records: list[Record] = []
        for key, (hits, cues, wild) in zip(keys, records, strict=True):
            if not isinstance(key, str):
                raise TypeError("a record is (hits, cues, wild); a key is a str")
            for theme, off, length, tail in hits:
                if not (0 <= theme < nthemes and 0 <= tail < len(self.tails)):
                    raise ValueError("hit out of range")
                if not _inside(off, length, key):
                    raise ValueError("hit out of range")
            for off, length, _kind in cues:
                if not _inside(off, length, key):
                    raise ValueError("cue out of range")
            for theme, tail in wild:
                if not (0 <= theme < nthemes and 0 <= tail < len(self.tails)):
                    raise ValueError("wildcard out of range")
            self.records.append(Record(tuple(hits), tuple(cues), tuple(wild)))
        # The trie: one dict of children per node; node 0 is the root (a word start).
        # `term[node]` is the index of the key ending there, or -1 (a later equal key wins).
        self.children: list[dict[str, int]] = [{}]
        self.term: list[int] = [-1]
        for index, key in enumerate(keys):
            if not key:
                raise ValueError("empty key")
            node = 0
            for ch in key:
                child = self.children[node].get(ch)
                if child is None:
                    child = len(self.children)
                    self.children.append({})
                    self.term.append(-1)
                    self.children[node][ch] = child
                node = child
            self.term[node] = index
        self.symbols = len({ch for key in keys for ch in key})
        self._seen = {i: chr(self.punct[i]) for i in range(128) if self.punct[i] != i}

    def stats(self) -> dict[str, int]:
        """Sizes of the compiled framework (the same numbers as the C engine's)."""
        return {"keys": len(self.records), "nodes": len(self.children), "symbols": self.symbols}

    # 1. The scan -------------------------------------------------------------------------

    def seen(self, folded: str) -> str:
        """The text as the scan sees it: ASCII punctuation a space, and one space past the end
        (the scan looks one character beyond a key, and the text's end is a word boundary)."""
        return folded.translate(self._seen) + " "

    def scan(
        self, folded: str
    ) -> tuple[list[list[tuple[int, int, int]]], list[tuple[int, int, int]]]:
        """Hits per theme `(start, end, tail)` and cues `(start, end, kind)`, in text order.

        At each word start (a non-space after a space, or the text's start) walk the trie as
        far as the text allows and take the longest key that ends on a word boundary (the
        next character is a space or not a word character); failing that, the longest key
        with a wildcard, which then takes the rest of its word. Record its hits (at their
        offsets) and cues, then go on after it. A key found only as a wildcard stem records
        its wildcard hits alone; a key ending on a boundary records its hits, cues and
        wildcard hits (spanning the key). With no key, move one character on.
        """
        hits: list[list[tuple[int, int, int]]] = [[] for _ in self.deferred]
        cues: list[tuple[int, int, int]] = []
        n = len(folded)
        text = self.seen(folded)
        i, prev = 0, " "
        while i < n:
            c = text[i]
            if prev != " " or c == " ":
                prev, i = c, i + 1
                continue
            rec, key_end, wild_only = -1, 0, False
            node = 0
            for j in range(i, n):
                node = self.children[node].get(text[j], -1)
                if node < 0:
                    break
                r = self.term[node]
                if r >= 0:
                    after = text[j + 1]
                    if after == " " or not is_word(after):
                        rec, key_end, wild_only = r, j + 1, False
                    elif self.records[r].wild:
                        rec, key_end, wild_only = r, j + 1, True
            if rec < 0:
                prev, i = c, i + 1
                continue
            record = self.records[rec]
            end = key_end
            if wild_only:
                while end < n and is_word(text[end]):
                    end += 1
            else:
                for theme, off, length, tail in record.hits:
                    hits[theme].append((i + off, i + off + length, tail))
                for off, length, kind in record.cues:
                    cues.append((i + off, i + off + length, kind))
            for theme, tail in record.wild:
                hits[theme].append((i, end, tail))
            i = end
            prev = text[end - 1]
        return hits, cues

    # 2. Per theme: negation near cues, clusters, strength, best clusters -------------------

    def tag(
        self,
        folded: str,
        assess: Assess,
        top: int,
        sampling: tuple[int, int] | tuple[int, int, bool] = (0, 0),
    ) -> tuple:
        """Scan `folded` once; per theme drop negated hits, cluster, sum, pick the best.

        With `sampling = (sample, sampled)` and `sample` > 0, each of the first `sampled`
        themes with more than `sample` clusters (after `top`) returns an even sample of them,
        those at `int(k * n / sample)` for `k < sample` (`n`: how many there are), and the
        result has a third list: `n` per theme. With `sampling = (sample, sampled, places)`
        and `places` true (and `sample` > 0), each list after the first `sampled` is instead a
        pair of lists `(starts, ends)`: where all its clusters begin and end, in the order they
        were made, whatever `top` (its count is still the number `top` leaves).

        `assess(folded, start, end, 0)` is called for a hit of a `deferred` theme that is not
        self-negating, has a cue close by in the same clause, and returns the hit's factor:
        0 or less drops the hit, another value than 1 multiplies its weight (its miss becomes
        `1 - min(weight, 0.999)`). A cue is close when it is a PRE (or hedge) cue ending at or
        before the hit's start, or a POST cue starting at or after its end, with no `. ; : ? !`
        between them; only the first such cue counts, and `assess` is called once per hit.
        The cues looked at start before `end + lookahead`, from the first cue (kept per theme,
        never moving back) whose end is not before `start - lookback`.

        Hits (in the order the scan recorded them) form a cluster while each starts 0 to
        `cluster_gap` characters after the previous hit's end; a cluster's miss is the product
        of its hits' misses, its strength `1 - miss`, its `best` the greatest weight (the
        first hit with it names the phrase), its `end` that of its last hit. A theme's
        strength is the sum of its clusters' strengths, added in text order.
        """
        if not isinstance(folded, str):
            raise TypeError("tag() argument 1 must be str")
        if len(folded) >= INT32_MAX - 1024:
            raise ValueError("text too long")
        hits, cues = self.scan(folded)
        strengths: list[float] = []
        best: list[list[ClusterTuple]] = []
        counts: list[int] = []
        if not isinstance(sampling, tuple) or len(sampling) not in (2, 3):
            raise TypeError("tag() sampling must be (sample, sampled[, places])")
        sample, sampled = sampling[:2]
        places = sample > 0 and len(sampling) == 3 and bool(sampling[2])
        for theme, theme_hits in enumerate(hits):
            clusters = self._clusters(folded, assess, theme, theme_hits, cues)
            total = 0.0
            for cl in clusters:  # a plain loop: sum() of floats rounds differently (3.12+)
                total += 1.0 - cl.miss
            strengths.append(total)
            if places and theme >= sampled:
                counts.append(min(top, len(clusters)) if top > 0 else len(clusters))
                best.append(([cl.start for cl in clusters], [cl.end for cl in clusters]))  # type: ignore[arg-type]
                continue
            ranked = sorted(clusters, key=_Cluster.rank)
            if top > 0:
                ranked = ranked[:top]
            counts.append(len(ranked))
            if theme < sampled and len(ranked) > sample:
                step = len(ranked) / sample
                ranked = [ranked[int(k * step)] for k in range(sample)]
            best.append([cl.as_tuple() for cl in ranked])
        return (strengths, best, counts) if sample > 0 else (strengths, best)

    def _clusters(
        self,
        folded: str,
        assess: Assess,
        theme: int,
        theme_hits: Sequence[tuple[int, int, int]],
        cues: Sequence[tuple[int, int, int]],
    ) -> list[_Cluster]:
        check = self.deferred[theme] and len(cues) > 0
        clusters: list[_Cluster] = []
        cur: _Cluster | None = None
        cur_end = -(self.gap + 1)
        ci = 0
        for start, end, tail_index in theme_hits:
            tail = self.tails[tail_index]
            miss, weight = tail.miss, tail.weight
            if check and not tail.self_negating:
                while ci < len(cues) and cues[ci][1] < start - self.lookback:
                    ci += 1
                factor = self._cue_factor(folded, assess, start, end, cues, ci)
                if factor is not None:
                    if factor <= 0.0:
                        continue  # negated: the hit does not count
                    if factor != 1.0:
                        weight *= factor
                        miss = 1.0 - (weight if weight < 0.999 else 0.999)
            gap = start - cur_end
            if cur is not None and 0 <= gap <= self.gap:
                cur.end = cur_end = end
                cur.miss *= miss
                if weight > cur.best:
                    cur.best, cur.phrase = weight, tail.phrase
            else:
                cur = _Cluster(miss, start, end, end, weight, tail.phrase, len(clusters))
                clusters.append(cur)
                cur_end = end
        return clusters

    def _cue_factor(
        self,
        folded: str,
        assess: Assess,
        start: int,
        end: int,
        cues: Sequence[tuple[int, int, int]],
        first: int,
    ) -> float | None:
        """`assess`'s factor for the hit if a cue is close to it in its clause, else None."""
        j = first
        while j < len(cues) and cues[j][0] < end + self.lookahead:
            q_start, q_end, kind = cues[j]
            before = q_end <= start and kind & self.pre_mask and _same_clause(folded, q_end, start)
            after = q_start >= end and kind & self.post_mask and _same_clause(folded, end, q_start)
            if before or after:
                return _as_float(assess(folded, start, end, 0))
            j += 1
        return None


def _inside(off: int, length: int, key: str) -> bool:
    """A hit or cue lies within its key (else the engine would read past the text)."""
    return off >= 0 and length >= 0 and off + length <= len(key)


def _same_clause(folded: str, a: int, b: int) -> bool:
    """No sentence or clause punctuation in folded[a:b]."""
    return not any(c in ".;:?!" for c in folded[a:b])


def _as_float(value: Any) -> float:
    """What C's PyFloat_AsDouble accepts: a float, or anything with __float__ or __index__."""
    if isinstance(value, float):
        return value
    if hasattr(type(value), "__float__"):
        return float(value)
    if hasattr(type(value), "__index__"):
        return float(value.__index__())
    raise TypeError(f"must be real number, not {type(value).__name__}")
