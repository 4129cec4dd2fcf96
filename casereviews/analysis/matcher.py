"""One Aho-Corasick automaton per framework, scanned once over the folded text.

pyahocorasick finds every occurrence of every phrase in one pass in C; Python then keeps only
hits that fall on whole words. The automaton is built once per Taxonomy and cached on it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick

from casereviews.analysis.taxonomy import Taxonomy
from casereviews.analysis.textnorm import collapse_spaces, fold, normalise_phrase

STRONG = 1.0
WEAK = 0.4
EXCLUDE = -1.0
_NEGATING_WORD = re.compile(r"\b(?:no|not|never|without|nor|none|denied|failed|lack|absent)\b")
_PLURAL_ES = ("s", "x", "z", "ch", "sh")


@dataclass(frozen=True, slots=True)
class Entry:
    theme: int  # index into taxonomy.themes
    weight: float  # STRONG, WEAK or EXCLUDE
    wildcard: bool
    phrase: str  # as written in the framework
    self_negating: bool  # the phrase itself speaks of an absence ("was not seen")


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: Entry


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Matcher:
    def __init__(self, taxonomy: Taxonomy) -> None:
        table: dict[str, list[Entry]] = {}
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
                    bucket = table.setdefault(key, [])
                    if entry not in bucket:
                        bucket.append(entry)
        self.automaton = ahocorasick.Automaton()
        for key in sorted(table):
            self.automaton.add_word(key, (len(key), tuple(table[key])))
        self.automaton.make_automaton()

    def scan(self, text: str) -> tuple[str, list[Hit]]:
        """Whole-word hits (exclusions applied) in start order, and the folded text."""
        folded = fold(text)
        low, cpos, shifts = collapse_spaces(folded)
        n = len(low)
        hits: list[Hit] = []
        excluded: dict[int, list[tuple[int, int]]] = {}
        for last, (keylen, entries) in self.automaton.iter(low):
            start = last - keylen + 1
            if start > 0 and _is_word(low[start - 1]):
                continue
            end = last + 1
            if end < n and _is_word(low[end]):
                # allow a plural or possessive ending: s, es, 's
                suffix_end = -1
                if low[end] == "s" and (end + 1 >= n or not _is_word(low[end + 1])):
                    suffix_end = end + 1
                elif (
                    low.startswith("es", end)
                    and (end + 2 >= n or not _is_word(low[end + 2]))
                    and low.endswith(_PLURAL_ES, start, end)
                ):
                    suffix_end = end + 2
                exact_end = suffix_end
            else:
                exact_end = end
            if (
                end < n
                and low[end] == "'"
                and low.startswith("s", end + 1)
                and (end + 2 >= n or not _is_word(low[end + 2]))
            ):
                exact_end = end + 2
            for entry in entries:
                if entry.wildcard:
                    e = end
                    while e < n and _is_word(low[e]):
                        e += 1
                elif exact_end < 0:
                    continue
                else:
                    e = exact_end
                if entry.weight == EXCLUDE:
                    excluded.setdefault(entry.theme, []).append((start, e))
                else:
                    hits.append(Hit(start, e, entry))
        if excluded:
            hits = _drop_excluded(hits, excluded)
        if cpos:
            hits = [
                Hit(_orig(h.start, cpos, shifts), _orig(h.end - 1, cpos, shifts) + 1, h.entry)
                for h in hits
            ]
        hits.sort(key=lambda h: (h.start, h.end, h.entry.theme, h.entry.phrase))
        return folded, hits


def _orig(pos: int, cpos: list[int], shifts: list[int]) -> int:
    i = bisect_right(cpos, pos) - 1
    return pos + shifts[i] if i >= 0 else pos


def _drop_excluded(hits: list[Hit], excluded: dict[int, list[tuple[int, int]]]) -> list[Hit]:
    spans = {t: sorted(v) for t, v in excluded.items()}
    starts = {t: [s for s, _ in v] for t, v in spans.items()}
    kept = []
    for h in hits:
        sp = spans.get(h.entry.theme)
        if sp:
            i = bisect_right(starts[h.entry.theme], h.start) - 1
            covered = False
            while i >= 0:
                s, e = sp[i]
                if e >= h.end:
                    covered = True
                    break
                if h.start - s > 200:
                    break
                i -= 1
            if covered:
                continue
        kept.append(h)
    return kept
