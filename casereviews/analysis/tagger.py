"""Tag a text with the themes of a framework: scores, presence and sentence evidence."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from casereviews.analysis.matcher import Matcher
from casereviews.analysis.negation import assess
from casereviews.analysis.segment import Section, SentenceLocator, find_sections
from casereviews.analysis.taxonomy import TOXIC_TRIO, Taxonomy, default_taxonomy

PRESENCE_THRESHOLD = 0.5
RATE = 0.8  # score = 1 - exp(-RATE * total sentence strength): one strong sentence -> 0.55
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
    maps_to: str | None = None

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


def _matcher(taxonomy: Taxonomy) -> Matcher:
    m = taxonomy._cache.get("matcher")
    if m is None:
        m = taxonomy._cache["matcher"] = Matcher(taxonomy)
    return m


def score_of(strength: float) -> float:
    return 1.0 - math.exp(-RATE * strength)


def tag_text(
    text: str,
    taxonomy: Taxonomy | None = None,
    *,
    sections: list[Section] | None = None,
) -> TagResult:
    """Themes of `text` with their evidence. Deterministic.

    `sections` lets a reader that already knows the document's headings pass them (offsets
    into `text`); otherwise headings are found here.
    """
    tax = taxonomy or default_taxonomy()
    folded, hits = _matcher(tax).scan(text)
    themes = tax.themes
    locator = SentenceLocator(text, sections if sections is not None else find_sections(text))
    # per theme: sentence (start, end, section) -> {phrase: weight}
    found: list[dict[tuple[int, int, str | None], dict[str, float]]] = [{} for _ in themes]
    span = None
    for hit in hits:
        if span is None or not (span.start <= hit.start < span.end):
            span = locator.locate(hit.start, hit.end)
        entry = hit.entry
        weight = entry.weight
        if themes[entry.theme].negatable and not entry.self_negating:
            weight *= assess(folded, hit.start, hit.end, span.start)
            if weight <= 0.0:
                continue
        key = (span.start, span.end, span.section)
        phrases = found[entry.theme].setdefault(key, {})
        if phrases.get(entry.phrase, 0.0) < weight:
            phrases[entry.phrase] = weight
    results = []
    for i, theme in enumerate(themes):
        sentences = []
        total = 0.0
        for (s, e, section), phrases in found[i].items():
            miss = 1.0
            for w in phrases.values():
                miss *= 1.0 - min(w, 0.999)
            strength = min(1.0, 1.0 - miss) if miss < 1.0 else 0.0
            total += strength
            best = min(phrases.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            sentences.append((strength, s, e, section, best))
        sentences.sort(key=lambda x: (-x[0], x[1]))
        evidence = [
            Evidence(text[s:e], s, e, section, best)
            for _strength, s, e, section, best in sentences[:MAX_EVIDENCE]
        ]
        score = score_of(total)
        results.append(
            ThemeResult(
                theme.id, theme.name, score, score >= PRESENCE_THRESHOLD, evidence, theme.default_id
            )
        )
    results.sort(key=lambda r: (-r.score, r.id))
    present_default = {r.maps_to for r in results if r.present}
    trio = all(t in present_default for t in TOXIC_TRIO)
    return TagResult(results, trio)
