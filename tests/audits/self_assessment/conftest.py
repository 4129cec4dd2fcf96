"""Self-assessment fixtures: the police's draft for 2016-17, led by the police agency lead."""

from __future__ import annotations

import pytest

from casereviews.audits.self_assessment import selectors, services


def start_for(world, period="2016-17", user=None, agency=None, **extra):
    return services.start(
        user or world.subgroup_member,
        world.partnership,
        {"agency": agency or world.police, "period": period, **extra},
    )


def rate_all(user, assessment, rating="amber", **overrides) -> None:
    """Rate every question `rating` ({question code: rating} overrides), then save."""
    answers = {}
    for answer in selectors.answers_of(assessment):
        code = answer.question.code
        answers[answer.question_id] = {
            "rating": overrides.get(code, rating),
            "evidence": f"Evidence for {code}.",
        }
    services.save_answers(user, assessment, answers, assessment.version)


@pytest.fixture
def draft(world):
    return start_for(world)
