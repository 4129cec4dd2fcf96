"""The demo multi-agency audit (fictional): the hospital and children's social care audited
the same case, HOSP-2307 (Child M); the business unit convened them and recorded the joint
discussion. Idempotent: a joint audit of the case already there is left alone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casereviews.accounts.roles import Role

from ..models import CaseAudit
from . import services
from .models import JointAudit

CASE = "HOSP-2307"

DISCUSSION = {
    1: {
        "judgement": "evident_not_addressed",
        "agreements": "Both agencies knew of the police callouts; neither shared it with the "
        "other within the week.",
        "disagreements": "Health thought social care had been told by the police; social care "
        "thought the school nurse would refer.",
        "agreed_actions": "A strategy discussion within five working days, called by social "
        "care, with health and police present.",
    },
    3: {
        "judgement": "not_evident",
        "agreements": "Nothing is known about the adults' own needs.",
    },
}


def seed(partnership, users: dict) -> None:
    convener = next((u for u in users.values() if u.role == Role.BUSINESS_UNIT), None)
    audits = list(CaseAudit.objects.filter(partnership=partnership, case_reference=CASE))
    if convener is None or len(audits) < 2:
        return
    if JointAudit.objects.filter(partnership=partnership, case_reference=CASE).exists():
        return
    joint = services.convene(
        convener,
        partnership,
        {
            "case_reference": CASE,
            "child": "Child M",
            "meeting_date": timezone.localdate() - dt.timedelta(days=2),
        },
    )
    for audit in audits:
        services.link(convener, joint, audit)
    others = {n: {"judgement": "not_applicable"} for n in range(1, 10) if n not in DISCUSSION}
    services.save_discussion(convener, joint, {**others, **DISCUSSION})
    services.agree(convener, joint)
