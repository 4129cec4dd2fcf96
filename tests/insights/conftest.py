"""A small world whose figures are counted by hand (see each test's comments).

Northshire (the `world` fixture's partnership):
- R1, agreed 1 May 2024 (2024-25), a baby of 5 months, SCR: finding 1 domestic abuse + parental
  mental health; finding 2 substance misuse (accepted) and neglect (only suggested). The trio.
- R2, agreed 1 February 2025 (still 2024-25), 15 years, thematic: finding 1 domestic abuse +
  fathers; its uploaded report: neglect.
- R3, agreed 1 June 2025 (2025-26), 3 years, SCR: findings 1 and 2 fathers; domestic abuse
  rejected on finding 1.
- R4, restricted to the business unit, agreed 1 July 2025 (2025-26), 7 years, SCR: domestic abuse +
  parental mental health.
Southshire: R9 with domestic abuse, never counted for Northshire.

Recommendations and actions: R1 rec 1 answers finding 1 (domestic abuse, mental health): a police
action (green) and a health action (red). R3 rec 1 answers its finding 1 (fathers): a health
action (amber) with one evidence of impact entry.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

from casereviews.actions.models import Action, ActionUpdate, Rag, Recommendation, UpdateKind
from casereviews.briefings.models import Briefing
from casereviews.events.models import Event
from casereviews.learning.models import Finding, ReviewReport, ThemeTag
from tests.factories import ReviewFactory

DA, MH, SM = "domestic-abuse", "parental-mental-health", "substance-misuse"
FATHERS, NEGLECT = "fathers-men", "neglect"


def _finding(review, number, accepted=(), suggested=(), rejected=()):
    f = Finding.objects.create(review=review, number=number, text=f"Finding {number} text.")
    for state, themes in (("accepted", accepted), ("suggested", suggested), ("rejected", rejected)):
        for t in themes:
            ThemeTag.objects.create(finding=f, theme_id=t, source="person", state=state)
    return f


@dataclass
class Small:
    r1: object
    r2: object
    r3: object
    r4: object
    r9: object
    r3_finding: object


@pytest.fixture
def small(world) -> Small:
    p = world.partnership

    def review(ref, agreed, **kw):
        return ReviewFactory(partnership=p, ref=ref, agreed_on=agreed, initiated_on=None, **kw)

    r1 = review("R1", dt.date(2024, 5, 1), age_years=None, age_months=5, review_type="scr")
    r2 = review("R2", dt.date(2025, 2, 1), age_years=15, review_type="thematic")
    r3 = review("R3", dt.date(2025, 6, 1), age_years=3, review_type="scr")
    r4 = review("R4", dt.date(2025, 7, 1), age_years=7, review_type="scr", restricted=True)
    r4.restricted_members.add(world.business_unit)
    r9 = ReviewFactory(partnership=world.other_partnership, ref="R9")

    f1 = _finding(r1, 1, accepted=(DA, MH))
    _finding(r1, 2, accepted=(SM,), suggested=(NEGLECT,))
    _finding(r2, 1, accepted=(DA, FATHERS))
    report = ReviewReport.objects.create(
        review=r2, stored_name="x", original_name="r2.pdf", content_type="application/pdf",
        size=1, sha256="0" * 64, status="analysed",
    )  # fmt: skip
    ThemeTag.objects.create(report=report, theme_id=NEGLECT, source="engine", state="accepted")
    r3f1 = _finding(r3, 1, accepted=(FATHERS,), rejected=(DA,))
    _finding(r3, 2, accepted=(FATHERS,))
    _finding(r4, 1, accepted=(DA, MH))
    _finding(r9, 1, accepted=(DA,))

    rec1 = Recommendation.objects.create(review=r1, number=1, text="Share DA information.")
    rec1.findings.add(f1)
    due = dt.date(2026, 3, 1)
    for agency, status in ((world.police, Rag.GREEN), (world.health, Rag.RED)):
        Action.objects.create(
            partnership=p, recommendation=rec1, agency=agency, description="Train staff",
            lead_role="Lead", due_on=due, status=status,
        )  # fmt: skip
    rec3 = Recommendation.objects.create(review=r3, number=1, text="Assess fathers.")
    rec3.findings.add(r3f1)
    a3 = Action.objects.create(
        partnership=p, recommendation=rec3, agency=world.health, description="Fathers audit",
        lead_role="Named nurse", due_on=due, status=Rag.AMBER,
    )  # fmt: skip
    ActionUpdate.objects.create(
        action=a3, kind=UpdateKind.EVIDENCE, written_on=dt.date(2026, 1, 5),
        text="Audit shows fathers recorded in 80% of assessments.",
    )  # fmt: skip
    Briefing.objects.create(
        partnership=p, review=r2, kind="seven_minute", title="Seven minutes on R2",
        status="published", published_on=dt.date(2025, 9, 1),
    )  # fmt: skip
    Event.objects.create(
        partnership=p, kind="training", title="Working with fathers",
        starts_at=dt.datetime(2025, 10, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC), themes=[FATHERS],
    )  # fmt: skip
    return Small(r1, r2, r3, r4, r9, r3f1)


def hand_made_report(tmp_path):
    """The shape of `casereviews analyse --format json`, with figures chosen by hand."""
    report = {
        "summary": {"documents": 11, "analysed": 10, "failed": 1, "pages": 200, "chars": 9},
        "themes": [{"id": DA, "name": "Domestic abuse"}],
        "prevalence": [
            {"id": DA, "name": "Domestic abuse", "documents": 6, "percent": 60.0},
            {"id": FATHERS, "name": "Fathers", "documents": 3, "percent": 30.0},
            {"id": "not-a-theme", "name": "Retired", "documents": 2, "percent": 20.0},
        ],
        "cooccurrence": {"themes": [], "matrix": [], "pairs": [{"a": DA, "b": MH, "documents": 4}]},
        "toxic_trio": {"themes": [DA, MH, SM], "documents": 2, "percent": 20.0},
        "documents": [],
        "errors": [],
    }
    path = tmp_path / "national.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path
