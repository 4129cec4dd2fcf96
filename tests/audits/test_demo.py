"""The demo case audits: several completed and half-finished, by three agencies, one signed
off; loading twice adds nothing."""

from __future__ import annotations

import pytest

from casereviews.audits import demo
from casereviews.audits.models import AuditStatus, CaseAudit
from casereviews.portal.demo.loader import LEARNING_SEEDS, load_demo

pytestmark = pytest.mark.django_db


def test_demo_audits():
    load_demo()
    demo.seed()
    demo.seed()
    audits = CaseAudit.objects.all()
    assert audits.count() == len(demo.DEMO_AUDITS) == 7
    assert {a.agency.name for a in audits} == {
        "Northshire General Hospital",
        "Children's Social Care",
        "Education",
    }
    statuses = [a.status for a in audits]
    assert statuses.count(AuditStatus.SIGNED_OFF) == 1
    assert statuses.count(AuditStatus.COMPLETED) == 3
    assert statuses.count(AuditStatus.DRAFT) == 3
    signed = audits.get(status=AuditStatus.SIGNED_OFF)
    assert signed.author.username == "practitioner"
    assert signed.signed_off_by.username == "practice.manager"
    assert "casereviews.audits.demo.seed" in LEARNING_SEEDS
