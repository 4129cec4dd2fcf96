"""Level 4 (results) from the case audits: audits on an event's themes completed after it, with
their judgements, on the event page, the year page and the annual report; audits before the
event, drafts and other partnerships' audits are not counted."""

from __future__ import annotations

import datetime as dt

import pytest

from casereviews.audits.models import AuditAnswer, CaseAudit
from casereviews.audits.services import ensure_framework
from casereviews.core.reporting_year import ReportingYear
from casereviews.events import services
from casereviews.reports.annual import sections
from tests.events.conftest import NOW, at, event_data
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _audit(world, partnership, day: dt.date, status="completed", judgements=None) -> CaseAudit:
    """A case audit judging curiosity addressed and the child's voice not yet addressed."""
    framework = ensure_framework(partnership)
    audit = CaseAudit.objects.create(
        partnership=partnership, framework=framework, author=world.practitioner,
        agency=world.police, case_reference="C-1", child="Child X",
        purpose="case_supervision", audit_date=day, status=status,
    )  # fmt: skip
    judgements = judgements or {
        "professional-curiosity": "evident_addressed",
        "voice-of-child": "evident_not_addressed",
    }
    for theme in framework.themes.all():
        judgement = next(
            (j for t, j in judgements.items() if t in theme.taxonomy_ids), "not_applicable"
        )
        AuditAnswer.objects.create(audit=audit, theme=theme, judgement=judgement)
    return audit


def test_audits_on_the_events_themes_after_it_are_its_level_4(client_for, world):
    event = services.create_event(
        world.business_unit,
        world.partnership,
        event_data(starts_at=at(-60), ends_at=at(-60, 16, 0)),
    )
    event_day = NOW.date() - dt.timedelta(days=60)
    _audit(world, world.partnership, event_day + dt.timedelta(days=20))  # counted
    _audit(world, world.partnership, event_day - dt.timedelta(days=5))  # before the event
    _audit(world, world.partnership, event_day + dt.timedelta(days=25), status="draft")
    _audit(world, PartnershipFactory(), event_day + dt.timedelta(days=20))  # elsewhere
    expected = (
        "1 case audit on their themes since the event: where the problem was evident, 1 of 2 were "
    )
    client = client_for(world.business_unit)
    assert expected in client.get(f"/events/{event.pk}/").content.decode()
    assert expected in client.get("/events/year/?year=2026-27").content.decode()
    report = sections.build(world.partnership, ReportingYear(2026), NOW.date(), user=None)
    level4 = next(
        row
        for s in report.sections
        for t in s.tables
        if t.key == "events_evaluation"
        for row in t.rows
        if row["level"] == "4. Results"
    )
    assert expected in level4["figure"]


def test_an_event_with_no_audits_since_says_so(client_for, world):
    event = services.create_event(
        world.business_unit,
        world.partnership,
        event_data(starts_at=at(-60), ends_at=at(-60, 16, 0)),
    )
    html = client_for(world.business_unit).get(f"/events/{event.pk}/").content.decode()
    assert (
        "No plan actions linked. No case audits on their themes have been completed since the "
        "event" in html
    )
