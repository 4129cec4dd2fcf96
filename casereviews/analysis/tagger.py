"""Tag a text with the themes of a framework: scores, presence and sentence evidence.

The work per document is one Aho-Corasick pass plus a little Python per hit. Sentences and
sections are found only for the hits that become evidence (at most a few per theme).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from casereviews.analysis.matcher import CLUSTER_GAP, HEDGE, POST, PRE, Cue, Hit, Matcher
from casereviews.analysis.negation import LOOKAHEAD, LOOKBACK, assess
from casereviews.analysis.segment import Section, SentenceLocator, find_sections
from casereviews.analysis.taxonomy import TOXIC_TRIO, Taxonomy, default_taxonomy

PRESENCE_THRESHOLD = 0.5
RATE = 0.8  # score = 1 - exp(-RATE * total strength): one strong mention -> 0.55
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int
    section: str | None
    phrase: str  # the framework phrase that fired (the strongest in this sentence)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "section": self.section}


@dataclass(frozen=True)
class ThemeResult:
    id: str
    name: str
    score: float
    present: bool
    evidence: list[Evidence] = field(default_factory=list)
    maps_to: str | None = None  # the default-framework theme this counts as

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "score": round(self.score, 4),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class TagResult:
    themes: list[ThemeResult]  # all themes, score descending then id
    toxic_trio: bool

    def present(self) -> list[ThemeResult]:
        return [t for t in self.themes if t.present]

    def present_ids(self) -> list[str]:
        return [t.id for t in self.themes if t.present]

    def get(self, theme_id: str) -> ThemeResult:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def to_dict(self, all_themes: bool = False) -> dict[str, Any]:
        chosen = self.themes if all_themes else self.present()
        return {"themes": [t.to_dict() for t in chosen], "toxic_trio": self.toxic_trio}


def matcher_for(taxonomy: Taxonomy) -> Matcher:
    """The compiled automaton of a framework, built once and cached on it."""
    m = taxonomy._cache.get("matcher")
    if m is None:
        m = taxonomy._cache["matcher"] = Matcher(taxonomy)
    return m


def score_of(strength: float) -> float:
    return 1.0 - math.exp(-RATE * strength)


# A cluster is a list: [miss, start, first_end, end, best_weight, phrase]; nearby hits of one
# theme are one piece of evidence whose strength is 1 - miss (miss = product of 1 - weight).
_MISS, _START, _FIRST_END, _END, _BEST, _PHRASE = range(6)
_RANK = itemgetter(_MISS, _START)  # strongest, then earliest


def _same_clause(folded: str, a: int, b: int) -> bool:
    """No sentence or clause punctuation between a and b (cheap pre-check before `assess`)."""
    gap = folded[a:b]
    return not ("." in gap or ";" in gap or ":" in gap or "?" in gap or "!" in gap)


def _clusters(
    hits: list[Hit], folded: str, cues: list[Cue], check_negation: bool
) -> list[list[Any]]:
    """One theme's hits (in text order) grouped into clusters, negated hits dropped."""
    out: list[list[Any]] = []
    add = out.append
    ncue = len(cues) if check_negation else 0
    ci = 0
    cur: list[Any] = [0.0, 0, 0, -(CLUSTER_GAP + 1)]
    for start, end, tl in hits:
        miss, weight = tl[0], tl[1]
        if ncue and not tl[3]:
            # is a cue close enough to matter? PRE/HEDGE before the hit, POST after it
            while ci < ncue and cues[ci][1] < start - LOOKBACK:
                ci += 1
            j = ci
            while j < ncue and cues[j][0] < end + LOOKAHEAD:
                cs, ce, kind = cues[j]
                if (ce <= start and kind & (PRE | HEDGE) and _same_clause(folded, ce, start)) or (
                    cs >= end and kind & POST and _same_clause(folded, end, cs)
                ):
                    factor = assess(folded, start, end, 0)
                    if factor <= 0.0:
                        break
                    if factor != 1.0:
                        weight *= factor
                        miss = 1.0 - min(weight, 0.999)
                    j = -1
                    break
                j += 1
            else:
                j = -1
            if j >= 0:  # negated
                continue
        gap = start - cur[_END]
        if 0 <= gap <= CLUSTER_GAP:
            cur[_END] = end
            cur[_MISS] *= miss
            if weight > cur[_BEST]:
                cur[_BEST] = weight
                cur[_PHRASE] = tl[2]
        else:
            cur = [miss, start, end, end, weight, tl[2]]
            add(cur)
    return out


def tag_text(
    text: str,
    taxonomy: Taxonomy | None = None,
    *,
    sections: list[Section] | None = None,
    max_evidence: int = MAX_EVIDENCE,
) -> TagResult:
    """Themes of `text` with their evidence. Deterministic.

    `sections` lets a reader that already knows the document's headings pass them (offsets
    into `text`); otherwise headings are found here.
    """
    tax = taxonomy or default_taxonomy()
    themes = tax.themes
    folded, per_theme, clusters, cues = matcher_for(tax).scan(text)
    for i, hits in enumerate(per_theme):  # negatable themes: hits checked against the cues
        if hits:
            clusters[i] = _clusters(hits, folded, cues, True)
    evidence = _evidence(text, clusters, sections, max_evidence)
    results = []
    for i, theme in enumerate(themes):
        lst = clusters[i]
        score = score_of(sum(1.0 - c[_MISS] for c in lst))
        results.append(
            ThemeResult(
                theme.id,
                theme.name,
                score,
                score >= PRESENCE_THRESHOLD,
                evidence[i],
                theme.default_id,
            )
        )
    results.sort(key=lambda r: (-r.score, r.id))
    present_default = {r.maps_to for r in results if r.present}
    trio = all(t in present_default for t in TOXIC_TRIO)
    return TagResult(results, trio)


def _evidence(
    text: str,
    clusters: list[list[list[Any]]],
    sections: list[Section] | None,
    cap: int,
) -> list[list[Evidence]]:
    """The best sentences per theme: strongest clusters first, then earliest; one per sentence."""
    ranked: list[list[list[Any]]] = []
    wanted: set[tuple[int, int]] = set()
    for lst in clusters:
        top = heapq.nsmallest(cap * 2, lst, key=_RANK) if cap else sorted(lst, key=_RANK)
        ranked.append(top)
        wanted.update((c[_START], c[_FIRST_END]) for c in top)
    if not wanted:
        return [[] for _ in clusters]
    locator = SentenceLocator(text, sections if sections is not None else find_sections(text))
    span_of = {key: locator.locate(*key) for key in sorted(wanted)}
    out: list[list[Evidence]] = []
    for top in ranked:
        seen: set[tuple[int, int]] = set()
        chosen: list[Evidence] = []
        for c in top:  # already strongest first, then earliest
            span = span_of[(c[_START], c[_FIRST_END])]
            if (span.start, span.end) in seen:
                continue
            seen.add((span.start, span.end))
            s, e = span.start, span.end
            chosen.append(Evidence(text[s:e], s, e, span.section, c[_PHRASE]))
            if cap and len(chosen) == cap:
                break
        out.append(chosen)
    return out
