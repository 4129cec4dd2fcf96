"""The demo chronology of Ref053: four agencies, one late, one overdue, one with uncertain
dates, the police's imported from Excel, and a gap in what agencies knew."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casereviews.accounts.models import User
from casereviews.chronology import demo, gaps, selectors
from casereviews.chronology.models import Chronology, ChronologyEntry, EntryImport
from casereviews.portal.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def test_demo_chronology(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.FILES_ROOT = tmp_path / "files"
    load_demo()
    demo.seed()
    demo.seed()  # idempotent
    chronology = Chronology.objects.get(review__ref="Ref053")
    reviewer = User.objects.get(username="reviewer")
    rows = {
        r.request.agency.short_name: r.status
        for r in selectors.request_rows(reviewer, chronology, timezone.localdate())
    }
    assert rows == {"Police": "sent", "CSC": "sent", "NGH": "sent_late", "Education": "overdue"}
    assert EntryImport.objects.get().rows == 4  # the police's, from the workbook
    csc = ChronologyEntry.objects.filter(chronology=chronology, agency__short_name="CSC")
    assert sum(e.precision != "day" or e.approximate for e in csc) == 4
    entries = selectors.integrated(reviewer, chronology)
    found = gaps.find_gaps(
        entries, selectors.agencies_in(chronology), chronology.scope_from, chronology.scope_to
    )
    burn = next(g for g in found if g.kind == "unrecorded" and "burn" in g.description)
    assert "recorded it as shared with CSC" in burn.description
    assert {g.kind for g in found} == {"unrecorded", "not_shared", "late", "silence"}
    assert (tmp_path / "demo" / demo.POLICE_WORKBOOK).exists()
