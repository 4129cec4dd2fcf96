"""The demo multi-agency audit: two agencies' audits of one case, the discussion agreed."""

from __future__ import annotations

import pytest

from casereviews.audits import demo
from casereviews.audits.joint import selectors
from casereviews.audits.joint.models import JointAudit, JointStatus
from casereviews.portal.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_demo_joint_audit():
    load_demo()
    demo.seed()
    demo.seed()
    joint = JointAudit.objects.get()
    assert joint.status == JointStatus.AGREED
    assert {a.agency.name for a in selectors.linked_audits(joint)} == {
        "Northshire General Hospital",
        "Children's Social Care",
    }
    first = selectors.side_by_side(joint)[0]
    assert first.judgement == "Evident, not yet addressed"
    assert "strategy discussion" in first.discussion.agreed_actions
    assert [v.judgement for v in first.agencies] == ["Evident, not yet addressed"] * 2
