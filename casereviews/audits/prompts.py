"""The theme engine's prompts on an audit: themes the writing suggests, not marked as evident.

The engine (casereviews.analysis, through learning.themes.suggest, as findings use it) reads
everything the practitioner wrote for every theme. Where it finds a learning theme whose audit
theme was not judged evident (or not judged yet), the page shows a prompt to look again, quoting
the sentence that suggests it. A prompt is never a judgement: nothing is stored or changed, and
the practitioner decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from casereviews.learning.themes import suggest, theme_name

from .models import EVIDENT, AuditAnswer

MAX_QUOTES = 2


@dataclass(frozen=True)
class Prompt:
    theme_number: int
    theme_title: str
    judgement: str  # the current judgement's label, or "No judgement yet"
    learning_theme: str  # the taxonomy theme's name
    sentences: tuple[str, ...]  # what the practitioner wrote that suggests it
    written_under: tuple[int, ...]  # the theme numbers the sentences were written under


def _text_and_sections(answers: list[AuditAnswer]) -> tuple[str, list[tuple[int, int, int]]]:
    """All the writing as one text, and (start, end, theme number) of each answer's part."""
    parts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    offset = 0
    for answer in answers:
        for text in (answer.seen, answer.next_action, answer.training_need):
            if not text.strip():
                continue
            chunk = text.strip() + "\n\n"
            spans.append((offset, offset + len(chunk), answer.theme.number))
            parts.append(chunk)
            offset += len(chunk)
    return "".join(parts), spans


def prompts_for(answers: list[AuditAnswer]) -> list[Prompt]:
    """One prompt per audit theme the writing suggests but the practitioner did not mark as
    evident, in theme order."""
    text, spans = _text_and_sections(answers)
    if not text.strip():
        return []
    found = suggest(text, max_evidence=MAX_QUOTES)
    prompts: list[Prompt] = []
    for answer in answers:
        if answer.judgement in EVIDENT:
            continue
        for theme_id in answer.theme.taxonomy_ids:
            suggestion = found.get(theme_id)
            if suggestion is None:
                continue
            sentences = tuple(e["text"].strip() for e in suggestion.evidence[:MAX_QUOTES])
            under = tuple(
                sorted(
                    {
                        n
                        for e in suggestion.evidence[:MAX_QUOTES]
                        for s, end, n in spans
                        if s <= e["start"] < end
                    }
                )
            )
            prompts.append(
                Prompt(
                    theme_number=answer.theme.number,
                    theme_title=answer.theme.title,
                    judgement=answer.get_judgement_display() or "No judgement yet",
                    learning_theme=theme_name(theme_id),
                    sentences=sentences,
                    written_under=under,
                )
            )
    return prompts
