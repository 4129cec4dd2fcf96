"""The audit log: append-only, scoped to the partnership, readable by the business unit only."""

from __future__ import annotations

import pytest
from django.contrib import admin

from casereviews.core import audit
from casereviews.core.models import AuditAction, AuditLog
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db
URL = "/audit-log/"


@pytest.fixture
def entries(world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref053", summary="Neglect")
    audit.record_create(world.business_unit, review)
    before = audit.snapshot(review)
    review.status = "draft_report"
    review.save()
    audit.record_update(world.subgroup_member, review, before)
    theirs = ReviewFactory(partnership=world.other_partnership, ref="Ref777", summary="Theirs")
    audit.record_create(world.outsider, theirs)
    return world


def test_an_entry_cannot_be_changed_or_deleted(entries):
    entry = AuditLog.objects.filter(partnership=entries.partnership).first()
    entry.object_repr = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).update(object_repr="tampered")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get(pk=entry.pk).object_repr != "tampered"


def test_platform_admin_cannot_add_change_or_delete(entries, rf, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[AuditLog]
    entry = AuditLog.objects.first()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert model_admin.has_view_permission(request, entry)


def test_page_shows_partnership_entries_newest_first_with_changes(client_for, entries):
    response = client_for(entries.business_unit).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ref053: Neglect" in html
    assert "Status: Underway → Draft report" in html
    body = html.split("<tbody")[1]
    assert body.index("Updated") < body.index("Created")  # newest first
    assert str(entries.subgroup_member) in html
    # Another partnership's entries are never shown.
    assert "Ref777" not in html and "Theirs" not in html


def test_filter_by_action_and_person(client_for, entries):
    client = client_for(entries.business_unit)
    html = client.get(URL, {"action": "update"}).content.decode()
    assert "Status: Underway → Draft report" in html
    assert "Created" not in html.split("<tbody")[1]
    html = client.get(URL, {"person": entries.business_unit.pk}).content.decode()
    body = html.split("<tbody")[1]
    assert "Created" in body and "Updated" not in body
    # Someone of another partnership is not a choice, and filtering by them finds nothing of ours.
    html = client.get(URL, {"person": entries.outsider.pk}).content.decode()
    assert "Ref777" not in html


def test_pagination(client_for, entries):
    for n in range(60):
        audit.record(entries.business_unit, AuditAction.EXPORT, None, object_repr=f"Export {n}")
    client = client_for(entries.business_unit)
    first = client.get(URL, {"action": "export"}).content.decode()
    assert "Export 59" in first and "Export 0<" not in first
    assert "govuk-pagination" in first and "page=2" in first and "action=export" in first
    second = client.get(URL, {"action": "export", "page": 2}).content.decode()
    assert "Export 0<" in second and "Export 59" not in second


def test_passwords_are_never_shown(client_for, entries):
    audit.record(
        entries.business_unit,
        AuditAction.UPDATE,
        entries.reviewer,
        changes={"password": ["pbkdf2_sha256$old", "pbkdf2_sha256$new"]},
    )
    html = client_for(entries.business_unit).get(URL).content.decode()
    assert "pbkdf2" not in html
    assert "Password: (not shown)" in html


@pytest.mark.parametrize("who", ["subgroup_member", "reviewer", "practitioner"])
def test_only_the_business_unit_reads_the_log(client_for, entries, who):
    assert client_for(getattr(entries, who)).get(URL).status_code == 403


def test_another_partnership_sees_only_its_own(client_for, entries):
    html = client_for(entries.outsider).get(URL).content.decode()
    assert "Ref777" in html
    assert "Ref053" not in html


def test_no_way_to_change_the_log_from_the_page(client_for, entries):
    client = client_for(entries.business_unit)
    before = AuditLog.objects.filter(partnership=entries.partnership).count()
    assert client.post(URL, {"action": "delete"}).status_code == 405
    assert AuditLog.objects.filter(partnership=entries.partnership).count() == before
