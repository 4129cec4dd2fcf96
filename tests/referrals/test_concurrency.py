"""Two people edit the same referral from the same version: the second save is refused."""

import pytest

from casereviews.core.models import AuditLog
from tests.referrals.conftest import referral_post

pytestmark = pytest.mark.django_db


def test_second_edit_from_a_stale_version_is_refused_and_nothing_is_lost(
    client_for, world, referral
):
    common = {
        "received_on": referral.received_on,
        "la_aware_on": referral.la_aware_on,
        "child_pseudonym": "Child K",
        "version": "1",
    }
    # Both opened the form at version 1; the business unit saves first.
    first = client_for(world.business_unit).post(
        f"/referrals/{referral.pk}/edit/", referral_post(world, locality="Wellingborough", **common)
    )
    assert first.status_code == 302

    second = client_for(world.subgroup_member).post(
        f"/referrals/{referral.pk}/edit/", referral_post(world, locality="Corby", **common)
    )
    html = second.content.decode()
    assert second.status_code == 200
    assert "There is a problem" in html
    assert "This referral was changed by" in html and "since you opened it" in html
    assert world.business_unit.get_full_name() in html  # who changed it, from the audit log
    assert 'value="Corby"' in html  # the second user's own values are still in the form
    assert "Wellingborough" in html  # and the saved values are shown beside them
    assert 'name="version" value="2"' in html  # saving again now knowingly replaces them

    referral.refresh_from_db()
    assert referral.locality == "Wellingborough"
    assert referral.version == 2
    updates = AuditLog.objects.filter(object_type="referrals.Referral", action="update")
    assert updates.count() == 1
    assert updates.get().actor == world.business_unit


def test_saving_again_after_seeing_the_current_values_succeeds(client_for, world, referral):
    referral.locality = "Wellingborough"
    referral.version = 2
    referral.save()
    data = referral_post(
        world,
        received_on=referral.received_on,
        la_aware_on=referral.la_aware_on,
        locality="Corby",
        version="2",
    )
    response = client_for(world.business_unit).post(f"/referrals/{referral.pk}/edit/", data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.locality, referral.version) == ("Corby", 3)
