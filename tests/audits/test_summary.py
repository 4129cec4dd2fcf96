"""What case audits add up to: counts by theme, actions past their date, training needs by
theme and agency; each role sees the audits it may count, never a case."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.audits import services
from casereviews.audits.models import AuditAnswer
from casereviews.audits.summary import summarise
from tests.audits.conftest import all_judged, details
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LAST_WEEK = dt.date.today() - dt.timedelta(days=7)


def _finished(user, world, ref, agency, theme6="evident_not_addressed", training=""):
    audit = services.start_audit(
        user, world.partnership, details(world, case_reference=ref, agency=agency)
    )
    answers = all_judged("not_evident")
    answers[6] = {
        "judgement": theme6,
        "next_action": "Invite father.",
        "action_due": LAST_WEEK,
        "training_need": training,
    }
    services.save_answers(user, audit, answers, audit.version)
    return services.complete(user, audit)


@pytest.fixture
def police_officer(world):
    return UserFactory(
        username="pc", partnership=world.partnership, agency=world.police, role="practitioner"
    )


@pytest.fixture
def audits(world, police_officer):
    _finished(world.practitioner, world, "H-1", world.health, training="Working with fathers")
    _finished(world.practitioner, world, "H-2", world.health, theme6="evident_addressed")
    _finished(police_officer, world, "P-1", world.police, training="Engaging men")
    services.start_audit(world.practitioner, world.partnership, details(world, case_reference="D"))


def test_the_counts(world, audits):
    result = summarise(AuditAnswer.objects.filter(audit__status="completed"), dt.date.today())
    assert result.audits == 3
    fathers = next(t for t in result.themes if t.number == 6)
    assert (fathers.not_addressed, fathers.addressed) == (2, 1)
    assert (fathers.actions, fathers.actions_past_date) == (3, 3)
    assert fathers.training == {"Northshire Health": 1, "Northshire Police": 1}
    assert result.agencies == ["Northshire Health", "Northshire Police"]
    chart = result.chart()
    bar = chart["bars"][5]
    assert bar["text"] == "2 / 1" and abs(bar["open_w"] - 2 * bar["done_w"]) <= 1


def test_the_business_unit_sees_all_with_the_chart_and_no_case(world, audits, client_for):
    body = client_for(world.business_unit).get("/case-audits/summary/").content.decode()
    assert "3 audits counted" in body
    assert "<svg" in body and "Evident, not yet addressed" in body
    assert "Training and development needs by theme and agency" in body
    assert "H-1" not in body and "P-1" not in body


def test_an_agency_lead_sees_their_agencys_counts(world, audits, client_for):
    body = client_for(world.subgroup_member).get("/case-audits/summary/").content.decode()
    assert "1 audit counted" in body


def test_a_practitioner_sees_what_they_wrote(world, audits, client_for):
    body = client_for(world.practitioner).get("/case-audits/summary/").content.decode()
    assert "2 audits counted" in body


def test_filters_and_a_bad_period(world, audits, client_for):
    client = client_for(world.business_unit)
    body = client.get(f"/case-audits/summary/?agency={world.police.pk}").content.decode()
    assert "1 audit counted" in body
    bad = client.get(
        "/case-audits/summary/?start-day=2&start-month=1&start-year=2026"
        "&end-day=1&end-month=1&end-year=2026"
    ).content.decode()
    assert "Audited to must be the same as or after audited from" in bad


def test_who_may_see_the_summary(world, client_for):
    assert client_for(world.reviewer).get("/case-audits/summary/").status_code == 403
    assert (
        "0 audits counted"
        in client_for(world.outsider).get("/case-audits/summary/").content.decode()
    )
