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
SEARCHED = 8  # evidence asked of the engine, before leaving out the theme's own writing


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
    """One prompt per learning theme of an audit theme not marked as evident, where what was
    written under the other themes suggests it; in theme order."""
    text, spans = _text_and_sections(answers)
    if not text.strip():
        return []
    found = suggest(text, max_evidence=SEARCHED)
    prompts: list[Prompt] = []
    for answer in answers:
        if answer.judgement in EVIDENT:
            continue
        for theme_id in answer.theme.taxonomy_ids:
            suggestion = found.get(theme_id)
            if suggestion is None:
                continue
            # Writing under the theme itself was read by the practitioner as they judged it:
            # prompt only from what they wrote under the other themes.
            elsewhere = [
                (e, _written_under(e["start"], spans))
                for e in suggestion.evidence
                if _written_under(e["start"], spans) != answer.theme.number
            ][:MAX_QUOTES]
            if not elsewhere:
                continue
            prompts.append(
                Prompt(
                    theme_number=answer.theme.number,
                    theme_title=answer.theme.title,
                    judgement=answer.get_judgement_display() or "No judgement yet",
                    learning_theme=theme_name(theme_id),
                    sentences=tuple(e["text"].strip() for e, _ in elsewhere),
                    written_under=tuple(sorted({n for _, n in elsewhere if n is not None})),
                )
            )
    return prompts


def _written_under(start: int, spans: list[tuple[int, int, int]]) -> int | None:
    return next((n for s, end, n in spans if s <= start < end), None)
