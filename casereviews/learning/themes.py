"""The learning themes as this app uses them: names, choices, and the engine's suggestions.

The only place the learning app calls the theme engine (casereviews.analysis), so findings and
reports are tagged the same way and their evidence is stored in one shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casereviews.analysis import Section, default_taxonomy, find_sections, tag_text

# Evidence kept per theme: a finding is short, a report long (the best few sentences).
FINDING_EVIDENCE = 5
REPORT_EVIDENCE = 3


def theme_names() -> dict[str, str]:
    """{theme id: name} of the default framework, in the framework's order."""
    return {t.id: t.name for t in default_taxonomy().themes}


def theme_name(theme_id: str) -> str:
    """The theme's name, or its id when the framework no longer has it."""
    return theme_names().get(theme_id, theme_id)


def is_theme(theme_id: str) -> bool:
    return theme_id in theme_names()


def theme_choices() -> list[tuple[str, str]]:
    """(id, name) of every theme, sorted by name, for a select."""
    return sorted(theme_names().items(), key=lambda item: item[1])


@dataclass(frozen=True)
class Suggestion:
    """One theme the engine judges present, with its score and evidence (offsets into the text)."""

    theme_id: str
    score: float
    evidence: list[dict[str, Any]]


def suggest(
    text: str, *, max_evidence: int = FINDING_EVIDENCE, sections: list[Section] | None = None
) -> dict[str, Suggestion]:
    """{theme id: Suggestion} for each theme the engine judges present in `text`.

    A heading quoted as evidence ("Finding 3: The voice of the child") says nothing a reader
    does not see already: it is left out when the theme has real sentences.
    """
    if sections is None:
        sections = find_sections(text)
    headings = [(s.start, s.heading_end) for s in sections]
    result = tag_text(text, sections=sections, max_evidence=max_evidence + 1)
    out: dict[str, Suggestion] = {}
    for theme in result.present():
        evidence = [
            {
                "text": e.text,
                "start": e.start,
                "end": e.end,
                "section": e.section or "",
                "phrase": e.phrase,
            }
            for e in theme.evidence
        ]
        sentences = [e for e in evidence if not _is_heading(e, headings)]
        evidence = (sentences or evidence)[:max_evidence]
        out[theme.id] = Suggestion(theme.id, round(theme.score, 4), evidence)
    return out


def _is_heading(evidence: dict[str, Any], headings: list[tuple[int, int]]) -> bool:
    """The evidence is a heading line and nothing more."""
    return any(s <= evidence["start"] and evidence["end"] <= e for s, e in headings)


def score_percent(score: float | None) -> str:
    """The engine's score as people read it: '80%'."""
    return "" if score is None else f"{round(score * 100)}%"
