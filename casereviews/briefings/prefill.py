"""A new draft's first text, from the review: its findings and their accepted themes, its
recommendations, the actions completed (and their evidence of impact), its summary and type.

The author then edits every word; nothing here is published without a person reading it.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from casereviews.analysis import default_taxonomy
from casereviews.core.presenters import format_date
from casereviews.core.text import sentences

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


def _themes_by_weight(sources: ReviewSources) -> list[str]:
    """The accepted themes, those of the most findings first (ties in order of appearance)."""
    order = _themes_in_order(sources)
    counts = Counter(t for finding in sources.findings for t in set(finding.themes))
    return sorted(order, key=lambda t: (-counts[t], order.index(t)))


def _lower_first(text: str) -> str:
    """'Neglect and poor parenting' -> 'neglect and poor parenting' (but 'CSE' stays)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
THEMES_NAMED = 3  # in prose; more reads like a list


def theme_sentence(theme_ids: list[str]) -> str:
    """'This review found learning about neglect and poor parenting, and about fathers and male
    carers.' Each theme after "about" (their names hold commas and "and"); at most three named,
    the rest counted."""
    names = [_lower_first(theme_name(t)) for t in theme_ids]
    if not names:
        return ""
    named = [f"about {name}" for name in names[:THEMES_NAMED]]
    about = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f", and {named[-1]}"
    sentence = f"This review found learning {about}."
    others = len(names) - len(named)
    if others:
        count = NUMBER_WORDS[others] if others < len(NUMBER_WORDS) else str(others)
        sentence += f" It also touches on {count} other theme{'s' if others > 1 else ''}."
    return sentence


def _first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else ""


def _as_point(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".?!" else f"{text}."


KEY_POINTS_TARGET = (3, 5)
POINT_WORDS = (4, 30)  # a key point or note is one readable sentence


def _pools(sources: ReviewSources) -> list[list[str]]:
    """For each finding: its title (or first sentence), then its other sentences of a
    readable length."""
    pools = []
    for finding in sources.findings:
        found = sentences(finding.text)
        head = _as_point(finding.title) if finding.title.strip() else (found[:1] or [""])[0]
        rest = [
            s
            for s in (found if finding.title.strip() else found[1:])
            if POINT_WORDS[0] <= len(s.split()) <= POINT_WORDS[1] and s != head
        ]
        pools.append([p for p in [head, *rest] if p])
    return pools


def key_points(sources: ReviewSources) -> list[str]:
    """Three to five points: the first of each finding, then (while fewer than three) the next
    sentence of each finding in turn, so the points come from different findings."""
    low, high = KEY_POINTS_TARGET
    pools = _pools(sources)
    points: list[str] = []
    depth = 0
    while len(points) < low and any(len(pool) > depth for pool in pools):
        for pool in pools:
            if len(pool) > depth and len(points) < high:
                points.append(pool[depth])
        depth += 1
    return points


def things_to_note(sources: ReviewSources, used: list[str]) -> list[str]:
    """One sentence of each finding (its last readable one, usually its conclusion) not already
    a key point: a short selection for the reader to follow up, not the findings pasted."""
    notes = []
    for pool in _pools(sources)[:4]:
        left = [s for s in pool[1:] if s not in used]
        if left:
            notes.append(left[-1])
    return notes


def _finding_paragraph(finding) -> str:
    heading = f"Finding {finding.number}" + (f": {finding.title}" if finding.title else "")
    return f"{heading.rstrip('.')}. {' '.join(finding.text.split())}"


def _done_action_lines(sources: ReviewSources, *, most: int | None = None) -> list[str]:
    """What has changed, a line an action; `most`: at most so many, with the first sentence
    of their evidence (a 7-minute briefing has room for a few)."""
    lines = []
    for action in sources.done_actions[:most]:
        line = f"- {action.agency}: {' '.join(action.description.split()).rstrip('.')}"
        if action.completed_on:
            line += f" (completed {format_date(action.completed_on)})"
        if action.evidence:
            evidence = _first_sentence(action.evidence) if most else action.evidence
            line += f". Evidence of impact: {' '.join(evidence.split())}"
        lines.append(_as_point(line))
    more = sources.open_actions + (len(sources.done_actions[most:]) if most else 0)
    if more:
        lines.append(
            f"- {more} more " + ("action is" if more == 1 else "actions are") + " in progress."
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
    return _lower_first(summary.strip().rstrip("."))


def _the_case(review, pseudonym: str, age: str) -> str:
    child = pseudonym or "The child"
    about = f"{child}" + (f", aged {age}," if age else "")
    # The kind of review is said once, in the sentence that follows (why the review happened).
    return f"{about} is the subject of this review, about {_sentence(review.summary)}."


def prefill(review, sources: ReviewSources, kind: str, *, pseudonym: str, age: str) -> dict:
    """{section key: text} for a new briefing of `kind` about `review`."""
    themes = theme_sentence(_themes_by_weight(sources))
    methodology = review.get_methodology_display() if review.methodology else ""
    why = (
        f"The partnership decided on a {review.get_review_type_display().lower()}"
        + (f", using the {methodology} methodology" if methodology else "")
        + "."
    )
    recommendations = "\n".join(
        f"- {' '.join(text.split())}" for _n, text in sources.recommendations
    )
    if kind == BriefingKind.SIX_STEP:
        findings = "\n\n".join(_finding_paragraph(f) for f in sources.findings)
        return {
            "the_case": _the_case(review, pseudonym, age),
            "why_review": why,
            "what_learned": "\n\n".join(filter(None, [themes, findings])),
            "good_practice": "",
            "what_changed": "\n".join(_done_action_lines(sources)),
            "questions": _questions(sources),
        }
    points = key_points(sources)
    notes = "\n".join(f"- {note}" for note in things_to_note(sources, points))
    changed = _done_action_lines(sources, most=2)
    since = ("Since the review:\n" + "\n".join(changed)) if changed else ""
    return {
        "background": f"{_the_case(review, pseudonym, age)} {why}",
        "why_it_matters": themes,
        "key_points": "\n".join(points),
        "things_to_note": "\n\n".join(filter(None, [notes, since])),
        "what_to_do": recommendations,
        "reflective_questions": _questions(sources),
    }
