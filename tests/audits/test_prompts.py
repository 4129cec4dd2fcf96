"""The theme engine's prompts: themes the writing suggests, not marked as evident, each with
the sentence that suggests it; never a judgement (nothing is changed)."""

from __future__ import annotations

import pytest

from casereviews.audits import prompts, selectors, services
from tests.audits.conftest import all_judged

pytestmark = pytest.mark.django_db

DRINK = "Father drinks heavily most evenings and the police found him drunk with the baby."


def _prompts(world, draft, answers):
    services.save_answers(world.practitioner, draft, answers, draft.version)
    return prompts.prompts_for(selectors.answers_of(draft))


def test_writing_about_alcohol_prompts_the_toxic_trio_theme(world, draft):
    answers = all_judged("not_evident")
    answers[6]["seen"] = DRINK
    found = {p.theme_number: p for p in _prompts(world, draft, answers)}
    assert 3 in found
    prompt = found[3]
    assert prompt.learning_theme == "Parental substance misuse"
    assert prompt.judgement == "Not evident"
    assert any("drinks heavily" in s for s in prompt.sentences)
    assert prompt.written_under == (6,)
    # A prompt changes nothing: the judgement stays the practitioner's.
    assert draft.answers.get(theme__number=3).judgement == "not_evident"


def test_no_prompt_for_a_theme_marked_evident(world, draft):
    answers = all_judged("not_evident")
    answers[6]["seen"] = DRINK
    answers[3]["judgement"] = "evident_addressed"
    assert 3 not in {p.theme_number for p in _prompts(world, draft, answers)}


def test_nothing_written_no_prompts(world, draft):
    assert prompts.prompts_for(selectors.answers_of(draft)) == []


def test_writing_under_the_theme_itself_does_not_prompt_it(world, draft):
    answers = all_judged("not_applicable")
    answers[3]["seen"] = DRINK  # considered under theme 3 itself, and judged
    assert 3 not in {p.theme_number for p in _prompts(world, draft, answers)}
