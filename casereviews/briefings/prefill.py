"""A new draft's first text, from the review: its findings and their accepted themes, its
recommendations, the actions completed (and their evidence of impact), its summary and type.

The author then edits every word; nothing here is published without a person reading it.
"""

from __future__ import annotations

from functools import lru_cache

from casereviews.analysis import default_taxonomy
from casereviews.core.presenters import format_date

from .models import BriefingKind
from .selectors import ReviewSources

# A reflective question for each theme of the default framework (casereviews.analysis).
THEME_QUESTIONS: dict[str, str] = {
    "information-sharing": "What do you assume other agencies already know, and how do you check?",
    "professional-curiosity": "When did you last test what a family told you against what you "
    "saw or what others knew?",
    "domestic-abuse": "How do you ask about domestic abuse when the adults are together?",
    "parental-mental-health": "How does a parent's mental health or learning disability affect "
    "the care the child receives day to day?",
    "substance-misuse": "What do you know about the adults' drug and alcohol use, and who cares "
    "for the child when they are using?",
    "identity-culture": "How have you understood the child's identity, culture and language?",
    "adolescents": "Do you see the young person as a child at risk, or as making choices?",
    "fathers-men": "Who are the men in this child's life, and have you met them?",
    "permanence-drift": "What would tell you that this child's plan is drifting?",
    "neglect": "What is this child's day like, from waking to sleeping?",
    "voice-of-child": "How have you heard this child's voice, in words or in behaviour?",
    "parental-engagement": "How would you know if a family's cooperation was not leading to "
    "change for the child?",
    "babies-injury": "How do you respond to a bruise or mark on a baby who is not yet mobile?",
    "thresholds-referrals": "When did you last refer, and did you agree with the response?",
    "escalation": "When did you last escalate a disagreement with another agency, and how?",
    "recording": "Would a colleague reading your records understand the child's story?",
    "supervision": "What does your supervision ask about the children you are most worried about?",
}
GENERAL_QUESTIONS = [
    "What from this briefing applies to the children and families you work with now?",
    "What will you do differently as a result?",
]


@lru_cache(maxsize=1)
def _theme_names() -> dict[str, str]:
    return {theme.id: theme.name for theme in default_taxonomy().themes}


def theme_name(theme_id: str) -> str:
    return _theme_names().get(theme_id, theme_id.replace("-", " ").capitalize())


def _themes_in_order(sources: ReviewSources) -> list[str]:
    seen: dict[str, None] = {}
    for finding in sources.findings:
        for theme_id in finding.themes:
            seen.setdefault(theme_id, None)
    return list(seen)


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for end in (". ", "? ", "! "):
        if end in text:
            return text[: text.index(end) + 1]
    return text


def _finding_paragraph(finding) -> str:
    heading = f"Finding {finding.number}" + (f": {finding.title}" if finding.title else "")
    text = f"{heading}. {' '.join(finding.text.split())}"
    if finding.themes:
        text += f" (Themes: {', '.join(theme_name(t) for t in finding.themes)}.)"
    return text


def _done_action_lines(sources: ReviewSources) -> list[str]:
    lines = []
    for action in sources.done_actions:
        line = f"- {action.agency}: {' '.join(action.description.split())}"
        if action.completed_on:
            line += f" (completed {format_date(action.completed_on)})"
        if action.evidence:
            line += f". Evidence of impact: {' '.join(action.evidence.split())}"
        lines.append(line)
    if sources.open_actions:
        lines.append(
            f"- {sources.open_actions} more "
            + ("action is" if sources.open_actions == 1 else "actions are")
            + " in progress."
        )
    return lines


def _questions(sources: ReviewSources) -> str:
    questions = [THEME_QUESTIONS[t] for t in _themes_in_order(sources) if t in THEME_QUESTIONS]
    return "\n".join((questions or GENERAL_QUESTIONS)[:5])


def age_words(review) -> str:
    """'12', '1 year and 11 months', '6 weeks' ('' when not recorded or various)."""
    years, months, weeks = review.age_years, review.age_months, review.age_weeks
    if review.age_various:
        return ""
    parts = []
    if years and months:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    elif years:
        return str(years)
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if weeks and not parts:
        parts.append(f"{weeks} week{'s' if weeks != 1 else ''}")
    return " and ".join(parts)


def _sentence(summary: str) -> str:
    """A register summary ('Extreme neglect and cruelty') as the object of a sentence."""
    summary = summary.strip().rstrip(".")
    if len(summary) > 1 and summary[0].isupper() and summary[1].islower():
        summary = summary[0].lower() + summary[1:]
    return summary


def _the_case(review, pseudonym: str, age: str) -> str:
    child = pseudonym or "The child"
    about = f"{child}" + (f", aged {age}," if age else "")
    return (
        f"{about} is the subject of this {review.get_review_type_display().lower()}, "
        f"about {_sentence(review.summary)}."
    )


def prefill(review, sources: ReviewSources, kind: str, *, pseudonym: str, age: str) -> dict:
    """{section key: text} for a new briefing of `kind` about `review`."""
    themes = [theme_name(t) for t in _themes_in_order(sources)]
    findings = "\n\n".join(_finding_paragraph(f) for f in sources.findings)
    methodology = review.get_methodology_display() if review.methodology else ""
    why = (
        f"The partnership decided on a {review.get_review_type_display().lower()}"
        + (f", using the {methodology} methodology" if methodology else "")
        + "."
    )
    recommendations = "\n".join(
        f"- {' '.join(text.split())}" for _n, text in sources.recommendations
    )
    changed = "\n".join(_done_action_lines(sources))
    if kind == BriefingKind.SIX_STEP:
        return {
            "the_case": _the_case(review, pseudonym, age),
            "why_review": why,
            "what_learned": findings,
            "good_practice": "",
            "what_changed": changed,
            "questions": _questions(sources),
        }
    key_points = "\n".join(
        (f.title or _first_sentence(f.text)).strip() for f in sources.findings[:5]
    )
    matters = (
        "This review found learning about " + ", ".join(themes[:-1]) + f" and {themes[-1]}."
        if len(themes) > 1
        else (f"This review found learning about {themes[0]}." if themes else "")
    )
    return {
        "background": f"{_the_case(review, pseudonym, age)} {why}",
        "why_it_matters": matters,
        "key_points": key_points,
        "things_to_note": "\n\n".join(filter(None, [findings, changed])),
        "what_to_do": recommendations,
        "reflective_questions": _questions(sources),
    }
