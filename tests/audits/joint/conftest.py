"""Joint audit fixtures: the same case audited by health (the suite's practitioner) and by the
police (a police practitioner), and a joint audit of it convened by the business unit."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.audits import services as audits
from casereviews.audits.joint import services
from tests.audits.conftest import all_judged, details
from tests.factories import UserFactory

CASE = "HOSP-1001"


@pytest.fixture
def officer(world):
    return UserFactory(
        username="officer", partnership=world.partnership, agency=world.police, role="practitioner"
    )


@pytest.fixture
def health_audit(world, manager):
    audit = audits.start_audit(world.practitioner, world.partnership, details(world, manager))
    answers = all_judged()
    answers[3] = {
        "judgement": "evident_not_addressed",
        "seen": "Health free text about the case.",
        "next_action": "Health: share the discharge summary with the school nurse.",
    }
    audits.save_answers(world.practitioner, audit, answers, audit.version)
    return audits.complete(world.practitioner, audit)


@pytest.fixture
def police_audit(world, officer):
    audit = audits.start_audit(
        officer,
        world.partnership,
        details(world, agency=world.police, team="Public protection", case_reference=CASE),
    )
    audits.save_answers(officer, audit, all_judged("evident_addressed"), audit.version)
    return audit


@pytest.fixture
def joint(world):
    return services.convene(
        world.business_unit,
        world.partnership,
        {
            "case_reference": CASE,
            "child": "Child A",
            "meeting_date": dt.date.today() - dt.timedelta(days=1),
        },
    )


def discussed(judgement: str = "not_evident") -> dict[int, dict]:
    return {n: {"judgement": judgement} for n in range(1, 10)}


@pytest.fixture
def agreed(world, joint, health_audit, police_audit, officer):
    """The joint audit agreed: both agencies' audits completed and linked, theme 3's actions
    agreed."""
    audits.complete(officer, police_audit)
    services.link(world.business_unit, joint, health_audit)
    services.link(world.business_unit, joint, police_audit)
    entries = discussed()
    entries[3] = {
        "judgement": "evident_not_addressed",
        "agreements": "Neither agency shared the discharge summary.",
        "disagreements": "Police thought health had referred.",
        "agreed_actions": "A joint information-sharing protocol for discharges, within 3 months.",
    }
    services.save_discussion(world.business_unit, joint, entries)
    return services.agree(world.business_unit, joint)
