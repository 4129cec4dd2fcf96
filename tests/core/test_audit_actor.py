"""Every audit entry names who acted: a person, or a named system actor. None is refused."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from casereviews.core import audit
from casereviews.core.models import AuditAction, AuditLog


@pytest.mark.django_db
def test_an_entry_without_an_actor_is_refused_and_nothing_is_written(world):
    with pytest.raises(audit.MissingActor):
        audit.record(None, AuditAction.CREATE, world.police)
    with pytest.raises(audit.MissingActor):
        audit.record_created_many(None, [world.police], partnership=world.partnership)
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_entry_naming_nobody(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditLog.objects.create(actor=None, actor_name="", action="create")


@pytest.mark.django_db
def test_a_system_actor_is_named_in_the_entry(world):
    entry = audit.record(audit.command_actor("export"), AuditAction.EXPORT, None)
    assert entry.actor is None
    assert entry.actor_name == "Command line (casereviews export)"


@pytest.mark.django_db
def test_the_export_command_acts_as_itself(world):
    call_command("export", "reviews", "--partnership", "northshire", stdout=io.StringIO())
    entry = AuditLog.objects.get(action=AuditAction.EXPORT)
    assert entry.actor_name == "Command line (casereviews export)"


@pytest.mark.django_db
def test_a_failed_sign_in_is_recorded_by_the_sign_in_page(client, world):
    client.post("/accounts/sign-in/", {"username": "bu", "password": "wrong password"})
    entry = AuditLog.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert entry.actor_name == audit.SIGN_IN_PAGE.name
    assert entry.object_repr == "bu"
