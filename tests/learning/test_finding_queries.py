"""Saving a finding writes the engine's suggestions in bulk: the number of queries does not
grow with the number of themes suggested (it was 51 for a finding with 8 suggestions)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.core.models import AuditLog
from casereviews.learning import services
from casereviews.learning.models import TagEvent, TagEventKind, ThemeTag
from tests.learning.conftest import NEGLECT_TEXT

pytestmark = pytest.mark.django_db

ONE_THEME = "The father was not seen."


def _save(world, review, text: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        finding = services.add_finding(world.business_unit, review, text=text)
    return len(captured), finding


def test_queries_do_not_grow_with_the_themes(world, review):
    few, small = _save(world, review, ONE_THEME)
    many, big = _save(world, review, NEGLECT_TEXT)
    suggested = ThemeTag.objects.filter(finding=big).count()
    print(f"queries: {few} for {small.tags.count()} theme(s), {many} for {suggested} themes")
    assert suggested >= 4 > small.tags.count()
    # The library's index entries (the finding's, its review's) are written once per save: a
    # fixed cost, whatever the number of themes. The first save of a review's finding may cost
    # a query or two more (its review's entry is made rather than updated).
    assert many <= few


def test_each_bulk_suggestion_keeps_its_event_and_audit_entry(world, review):
    _, finding = _save(world, review, NEGLECT_TEXT)
    tags = list(ThemeTag.objects.filter(finding=finding))
    for tag in tags:
        [event] = TagEvent.objects.filter(tag=tag)
        assert event.kind == TagEventKind.SUGGESTED and event.evidence == tag.evidence
        entry = AuditLog.objects.get(object_type="learning.ThemeTag", object_id=str(tag.pk))
        assert entry.action == "create" and entry.review_id == review.pk
        assert entry.partnership_id == review.partnership_id


def test_saving_a_finding_on_its_page_runs_a_fixed_number_of_queries(world, review, client_for):
    client = client_for(world.business_unit)
    url = f"/reviews/{review.pk}/findings/new/"
    counts = []
    for text in (ONE_THEME, NEGLECT_TEXT):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {"title": "", "text": text})
        assert response.status_code == 302
        counts.append(len(captured))
    themes = [f.tags.count() for f in review.findings.order_by("number")]
    print(f"page queries: {counts} for {themes} themes")
    assert themes[1] >= 4 > themes[0]
    assert counts[1] <= counts[0]  # it was 3 more queries for each theme suggested
