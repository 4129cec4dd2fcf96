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
