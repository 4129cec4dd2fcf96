"""The data migration briefings 0003 redacts audit entries and edited warnings written before
it, and records one audit entry saying how many it changed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casereviews.briefings import services
from casereviews.briefings.models import AnonymisationWarning, BriefingKind
from casereviews.core.models import AuditAction, AuditLog
from tests.briefings.briefing_data import SEVEN_MINUTE

pytest_plugins = ["tests.briefings.briefings_fixtures"]

BEFORE = ("briefings", "0002_warning_kinds_and_redaction")
AFTER = ("briefings", "0003_redact_removed_details")


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.fixture
def back_to_latest():
    """Later tests need the latest schema again (later migrations add columns)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_redacts_rows_written_before_it(world, bf_review, back_to_latest):
    # Written with today's models, then the schema goes back to before 0003.
    briefing = services.create_briefing(
        world.business_unit, bf_review, BriefingKind.SEVEN_MINUTE, title="T", sections=SEVEN_MINUTE
    )
    migrate(BEFORE)
    # Rows as the product wrote them before this change: the detail in full.
    old_update = AuditLog.objects.create(
        actor=world.business_unit,
        actor_name="bu",
        partnership=world.partnership,
        action=AuditAction.UPDATE,
        object_type="briefings.Briefing",
        object_id=str(briefing.pk),
        object_repr="Child A at 14 Acacia Avenue",
        changes={"sections": [{"background": "Lived at 14 Acacia Avenue."}, {"background": ""}]},
    )
    warning = AnonymisationWarning.objects.create(
        briefing=briefing,
        kind="address",
        section="background",
        matched="14 Acacia Avenue",
        start=9,
        end=25,
        state="edited",
    )
    old_warning_entry = AuditLog.objects.create(
        actor=world.business_unit,
        actor_name="bu",
        partnership=world.partnership,
        action=AuditAction.CREATE,
        object_type="briefings.AnonymisationWarning",
        object_id=str(warning.pk),
        object_repr="Address: 14 Acacia Avenue",
        changes={"after": {"kind": "address", "matched": "14 Acacia Avenue"}},
    )
    untouched = AuditLog.objects.create(
        actor=world.business_unit,
        actor_name="bu",
        partnership=world.partnership,
        action=AuditAction.UPDATE,
        object_type="reviews.Review",
        object_id="1",
        changes={"summary": ["Seen at 14 Acacia Avenue", "x"]},  # not a checked field
    )

    migrate(AFTER)

    new_update = AuditLog.objects.get(pk=old_update.pk)
    assert new_update.changes["sections"][0] == {"background": "Lived at [address removed]."}
    assert new_update.object_repr == "Child A at [address removed]"
    new_entry = AuditLog.objects.get(pk=old_warning_entry.pk)
    assert new_entry.changes["after"]["matched"] == "[address removed]"
    assert new_entry.object_repr == "Address in background"
    assert AnonymisationWarning.objects.get(pk=warning.pk).matched == "[address removed]"
    assert AuditLog.objects.get(pk=untouched.pk).changes == untouched.changes
    note = AuditLog.objects.get(object_type="core.AuditLog")
    assert note.changes == {"audit_entries_redacted": [None, 2], "warnings_redacted": [None, 1]}
