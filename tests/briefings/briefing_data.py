"""Texts of the briefing tests, and the edit form's POST data."""

from __future__ import annotations

KEY_POINTS = "Look at the whole history.\nSee the child alone.\nShare what you know."

SEVEN_MINUTE = {
    "background": "Child A, a boy aged 12, lived with Mother and two siblings.",
    "why_it_matters": "Neglect rarely arrives as one incident.",
    "key_points": KEY_POINTS,
    "things_to_note": "The Graded Care Profile was not used.",
    "what_to_do": "- Use the Graded Care Profile.\n- See where the child sleeps.",
    "reflective_questions": "When did you last see where a child sleeps?\nWho else knows?",
}

SIX_STEP = {
    "the_case": "Child B, aged 14, went missing eleven times.",
    "why_review": "A case mapping exercise was held.",
    "what_learned": "Return home interviews were rarely completed.",
    "good_practice": "The designated safeguarding lead kept a careful chronology.",
    "what_changed": "- Return home interviews within 72 hours.\n- A monthly exploitation panel.",
    "questions": "How do you describe young people at risk?\nWhat would you do next?",
}


def edit_data(briefing, **changes) -> dict[str, str]:
    """The POST data of the edit form as the briefing stands, with `changes` applied."""
    data = {"version": str(briefing.version), "title": briefing.title, **briefing.sections}
    data.update(changes)
    return data
