"""`casereviews library rebuild` writes again exactly what the services wrote as the records
were saved: every kind, the multi-agency case audits, self-assessments and chronology entries
among them (the access world is built through the services)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from casereviews.library.models import Kind, SearchEntry
from tests.access.world import build_world

FIELDS = (
    "kind",
    "record_id",
    "part",
    "partnership_id",
    "review_id",
    "title",
    "body",
    "theme_ids",
    "link",
    "reporting_year",
    "age_group",
    "dated",
)


def _index() -> set[tuple]:
    # The world moves each event into the past by an update outside the service (so that it
    # can be evaluated): its date is left out of the comparison.
    return {
        (*row[:-1], None) if row[0] == Kind.EVENT else row
        for row in SearchEntry.objects.values_list(*FIELDS)
    }


@pytest.mark.django_db
def test_rebuild_writes_what_the_services_wrote(settings, tmp_path, capsys):
    settings.FILES_ROOT = tmp_path / "files"
    build_world()
    written = _index()
    kinds = {row[0] for row in written}
    assert {Kind.JOINT_AUDIT, Kind.SELF_ASSESSMENT, Kind.CHRONOLOGY_ENTRY} <= kinds
    call_command("library", "rebuild")
    printed = capsys.readouterr().out
    # The same text, in the same order, on both databases (a briefing's sections are read back
    # from PostgreSQL's jsonb in its own key order).
    assert _index() == written
    for kind in (Kind.JOINT_AUDIT, Kind.SELF_ASSESSMENT, Kind.CHRONOLOGY_ENTRY):
        assert kind.value in printed or kind.label in printed
