"""Django's admin at /platform-admin/ is for platform staff only; nothing there deletes history."""

from __future__ import annotations

import pytest

from casereviews.accounts.models import Partnership
from casereviews.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("platform", "p@example.org", "x" * 16)


def test_platform_staff_see_partnerships_agencies_users_and_the_log(client, staff, world):
    client.force_login(staff)
    for url in (
        "/platform-admin/accounts/partnership/",
        "/platform-admin/accounts/agency/",
        "/platform-admin/accounts/user/",
        f"/platform-admin/accounts/user/{world.reviewer.pk}/change/",
        "/platform-admin/core/auditlog/",
    ):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/platform-admin/accounts/user/{world.reviewer.pk}/change/").content
    assert b'name="role"' in html and b'name="partnership"' in html


def test_adding_a_partnership_is_audited(client, staff):
    client.force_login(staff)
    response = client.post(
        "/platform-admin/accounts/partnership/add/",
        {
            "name": "Westshire Safeguarding Children Partnership",
            "slug": "westshire",
            "agencies-TOTAL_FORMS": "0",
            "agencies-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get(slug="westshire")
    assert AuditLog.objects.filter(action="create", partnership=partnership).exists()


def test_nothing_with_history_is_deleted_there(client, staff, world):
    client.force_login(staff)
    url = f"/platform-admin/accounts/partnership/{world.partnership.pk}/delete/"
    assert client.get(url).status_code == 403


def test_business_unit_users_cannot_use_the_platform_admin(client_for, world):
    response = client_for(world.business_unit).get("/platform-admin/")
    assert response.status_code == 302
    assert "/platform-admin/login/" in response["Location"]
