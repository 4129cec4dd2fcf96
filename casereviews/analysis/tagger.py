"""Tag a text with the themes of a framework: scores, presence and sentence evidence.

The work per document is one pass of the C scan (`_scan.c`: phrases, negation near cues,
clusters, strengths), which hands back per theme its total strength and its best few clusters.
Sentences and sections are found only for those (at most a few per theme).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from casereviews.analysis.matcher import Cluster, Matcher, scan_engine
from casereviews.analysis.segment import Section, SentenceLocator, Span, find_sections
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
    """The compiled automaton of a framework, built once per scan engine and cached on it."""
    engine = scan_engine()
    key = f"matcher:{engine.__module__}"
    m = taxonomy._cache.get(key)
    if m is None:
        m = taxonomy._cache[key] = Matcher(taxonomy, engine)
    return m


def score_of(strength: float) -> float:
    return 1.0 - math.exp(-RATE * strength)


_MISS, _START, _FIRST_END, _END, _BEST, _PHRASE = range(6)  # a Cluster's fields


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
    # Twice the cap: clusters in the same sentence give one piece of evidence.
    strengths, best = matcher_for(tax).tag(text, max_evidence * 2)
    evidence = _evidence(text, best, sections, max_evidence)
    results = []
    for i, theme in enumerate(themes):
        score = score_of(strengths[i])
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
    ranked: list[list[Cluster]],
    sections: list[Section] | None,
    cap: int,
) -> list[list[Evidence]]:
    """The best sentences per theme from its clusters (already strongest first, then
    earliest); one per sentence.

    Sentences are located in rounds: first for each theme's best `cap` clusters, then, only for
    a theme that had two clusters in one sentence, for as many more as it still needs. (A
    locator wants its positions in ascending order, so each round has its own.)
    """
    out: list[list[Evidence]] = [[] for _ in ranked]
    pending = [t for t, top in enumerate(ranked) if top]
    if not pending:
        return out
    if sections is None:
        sections = find_sections(text)
    span_of: dict[tuple[int, int], Span] = {}
    seen: list[set[tuple[int, int]]] = [set() for _ in ranked]
    taken = [0] * len(ranked)
    while pending:
        batches = []
        for t in pending:
            need = cap - len(out[t]) if cap else len(ranked[t])
            batch = ranked[t][taken[t] : taken[t] + need]
            taken[t] += len(batch)
            batches.append((t, batch))
        wanted = {(c[_START], c[_FIRST_END]) for _, b in batches for c in b} - span_of.keys()
        locator = SentenceLocator(text, sections)
        for key in sorted(wanted):
            span_of[key] = locator.locate(*key)
        pending = []
        for t, batch in batches:
            for c in batch:
                span = span_of[(c[_START], c[_FIRST_END])]
                s, e = span.start, span.end
                if (s, e) not in seen[t]:
                    seen[t].add((s, e))
                    out[t].append(Evidence(text[s:e], s, e, span.section, c[_PHRASE]))
            if cap and len(out[t]) < cap and taken[t] < len(ranked[t]):
                pending.append(t)
    return out
