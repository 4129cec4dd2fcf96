"""Case audit services: start, save part-way, complete, sign off, and what the log keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casereviews.audits import services
from casereviews.audits.models import AuditAnswer, AuditFramework, AuditStatus, CaseAudit
from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from tests.audits.conftest import details

pytestmark = pytest.mark.django_db


def test_starting_an_audit_stores_the_nine_themes_once(world, manager):
    first = services.start_audit(world.practitioner, world.partnership, details(world, manager))
    second = services.start_audit(
        world.practitioner, world.partnership, details(world, manager, case_reference="HOSP-2")
    )
    assert AuditFramework.objects.filter(partnership=world.partnership).count() == 1
    titles = [a.theme.title for a in first.answers.order_by("theme__number")]
    assert len(titles) == 9
    assert titles[0] == "Multi agency working and information sharing"
    assert titles[8] == "Child's voice and family's voice"
    assert first.framework_id == second.framework_id
    assert first.status == AuditStatus.DRAFT
    toxic = first.answers.get(theme__number=3).theme
    assert toxic.taxonomy_ids == ["domestic-abuse", "parental-mental-health", "substance-misuse"]
    assert "What are the implications of more than one?" in toxic.questions


def test_an_audit_date_in_the_future_is_refused_and_nothing_is_saved(world, manager):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.start_audit(
            world.practitioner, world.partnership, details(world, manager, audit_date=tomorrow)
        )
    assert caught.value.message_dict["audit_date"] == [
        "The date of the audit must be today or in the past"
    ]
    assert not CaseAudit.objects.exists()


def test_a_practitioner_audits_only_their_own_agencys_cases(world, manager):
    with pytest.raises(ValidationError) as caught:
        services.start_audit(
            world.practitioner, world.partnership, details(world, manager, agency=world.police)
        )
    assert "your own agency" in caught.value.message_dict["agency"][0]


def test_a_name_where_the_pseudonym_belongs_is_warned_until_confirmed(world, manager):
    with pytest.raises(services.PersonalDetailsFound) as caught:
        services.start_audit(
            world.practitioner, world.partnership, details(world, manager, child="Kayden Smith")
        )
    assert caught.value.warnings[0].where == "Child's pseudonym or initials"
    assert not CaseAudit.objects.exists()
    audit = services.start_audit(
        world.practitioner,
        world.partnership,
        details(world, manager, child="Kayden Smith"),
        confirmed=True,
    )
    assert audit.warnings_confirmed


def test_a_single_first_name_as_the_child_is_warned(world, manager):
    with pytest.raises(services.PersonalDetailsFound):
        services.start_audit(
            world.practitioner, world.partnership, details(world, manager, child="Kayden")
        )


def test_initials_and_a_pseudonym_pass_the_check(world, manager):
    for child in ("J.S.", "Child B", "Baby R"):
        audit = services.start_audit(
            world.practitioner, world.partnership, details(world, manager, child=child)
        )
        assert not audit.warnings_confirmed


def test_save_part_way_keeps_what_was_written(world, draft):
    services.save_answers(
        world.practitioner,
        draft,
        {1: {"seen": "Four agencies know the family.", "judgement": "evident_not_addressed"}},
        draft.version,
    )
    services.save_answers(
        world.practitioner,
        draft,
        {2: {"seen": "Mother's word taken.", "training_need": "Professional curiosity"}},
        draft.version,
    )
    first = AuditAnswer.objects.get(audit=draft, theme__number=1)
    second = AuditAnswer.objects.get(audit=draft, theme__number=2)
    assert (first.seen, first.judgement) == (
        "Four agencies know the family.",
        "evident_not_addressed",
    )
    assert second.training_need == "Professional curiosity"
    assert CaseAudit.objects.get(pk=draft.pk).status == AuditStatus.DRAFT


def test_a_stale_save_is_refused_and_changes_nothing(world, draft):
    opened = draft.version
    services.save_answers(world.practitioner, draft, {1: {"seen": "First."}}, opened)
    stale = CaseAudit.objects.get(pk=draft.pk)
    with pytest.raises(StaleRecordError):
        services.save_answers(world.practitioner, stale, {1: {"seen": "Second."}}, opened)
    assert AuditAnswer.objects.get(audit=draft, theme__number=1).seen == "First."


def test_completing_lists_each_theme_without_a_judgement_and_keeps_the_draft(world, draft):
    services.save_answers(
        world.practitioner,
        draft,
        {n: {"judgement": "not_evident"} for n in range(1, 8)},
        draft.version,
    )
    with pytest.raises(ValidationError) as caught:
        services.complete(world.practitioner, draft)
    missing = caught.value.message_dict
    assert set(missing) == {"t8-judgement", "t9-judgement"}
    assert "Theme 8, Impact of neglect or poor parenting" in missing["t8-judgement"][0]
    assert CaseAudit.objects.get(pk=draft.pk).status == AuditStatus.DRAFT
    assert AuditAnswer.objects.filter(audit=draft, judgement="not_evident").count() == 7


def test_completed_then_signed_off_by_the_named_manager(world, manager, completed):
    assert completed.status == AuditStatus.COMPLETED and completed.completed_at
    with pytest.raises(PermissionDenied):
        services.sign_off(world.practitioner, completed, "My own")
    with pytest.raises(PermissionDenied):
        services.save_answers(world.practitioner, completed, {1: {"seen": "late"}}, None)
    services.sign_off(manager, completed, "Agreed in supervision.")
    saved = CaseAudit.objects.get(pk=completed.pk)
    assert saved.status == AuditStatus.SIGNED_OFF
    assert saved.signed_off_by == manager
    assert saved.sign_off_note == "Agreed in supervision."


def test_a_colleague_not_named_cannot_sign_off(world, colleague, completed):
    with pytest.raises(PermissionDenied):
        services.sign_off(colleague, completed, "")


def test_the_supervisor_can_send_a_completed_audit_back_to_draft(world, manager, completed):
    services.reopen(manager, completed)
    assert CaseAudit.objects.get(pk=completed.pk).status == AuditStatus.DRAFT


def test_every_write_is_audited_with_its_actor_and_names_are_kept_out(world, manager, draft):
    services.save_answers(
        world.practitioner,
        draft,
        {9: {"seen": "She told her teacher, Mrs Okonkwo, she was hungry."}},
        draft.version,
        confirmed=True,
    )
    entries = AuditLog.objects.filter(object_type="audits.AuditAnswer", action="update")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == world.practitioner
    assert "Okonkwo" not in str(entry.changes)
    assert "[name removed]" in str(entry.changes)
    created = AuditLog.objects.get(object_type="audits.CaseAudit", action="create")
    assert created.actor == world.practitioner
    framework = AuditLog.objects.get(object_type="audits.AuditFramework", action="create")
    assert framework.actor_name == services.FIRST_USE.name


def test_adapting_the_framework_makes_a_new_version_and_old_audits_keep_theirs(world, draft):
    v2 = services.new_version(
        world.business_unit,
        world.partnership,
        note="Local pledge",
        change={2: {"title": "Professional curiosity", "guidance": "Who checked it?"}},
        retire=[7],
        add={
            "title": "Exploitation online",
            "problem": "Online contact is missed.",
            "guidance": "What apps does the child use?",
            "taxonomy_ids": ["adolescents"],
        },
    )
    assert v2.version == 2
    numbers = [t.number for t in v2.themes.order_by("number")]
    assert numbers == [1, 2, 3, 4, 5, 6, 8, 9, 10]
    assert v2.themes.get(number=2).title == "Professional curiosity"
    assert v2.themes.get(number=10).local
    # The draft started on version 1 keeps its nine themes and their words.
    kept = CaseAudit.objects.get(pk=draft.pk)
    assert kept.framework.version == 1
    assert kept.answers.get(theme__number=2).theme.title == (
        "Professional judgements and professional uncertainty"
    )
    assert kept.answers.filter(theme__number=7).exists()
    new = services.start_audit(
        world.practitioner, world.partnership, details(world, case_reference="HOSP-9")
    )
    assert new.framework == v2 and new.answers.count() == 9


def test_only_the_business_unit_adapts_the_framework(world):
    with pytest.raises(PermissionDenied):
        services.new_version(world.practitioner, world.partnership, note="x", retire=[1])
