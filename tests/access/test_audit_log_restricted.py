"""The audit log shows every business unit user that an entry about a restricted review exists,
and its content (what, before and after) only to the review's members (issue 16, point 2)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casereviews.core.models import AuditLog
from casereviews.learning import services as learning
from casereviews.portal.audit_log.presenters import RESTRICTED_NOTE, RESTRICTED_WHAT
from casereviews.referrals import services as referrals
from casereviews.reviews import services as reviews
from tests.factories import ReviewFactory, UserFactory

SECRET = "Mother said the stepfather Kyle shouted"


@pytest.fixture
def restricted(world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref099")
    reviews.set_access(world.business_unit, review, restricted=True, members=[])
    return review


@pytest.fixture
def not_member(world):
    return UserFactory(username="bu2", partnership=world.partnership, role="business_unit")


def audit_page(client, user) -> str:
    client.force_login(user)
    response = client.get("/audit-log/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_an_entry_names_the_review_its_record_hangs_off(world, restricted):
    finding = learning.add_finding(world.business_unit, restricted, text=SECRET)
    entry = AuditLog.objects.get(object_type="learning.Finding", object_id=str(finding.pk))
    assert entry.review == restricted


def test_a_non_member_sees_that_entries_exist_but_not_what_they_hold(
    world, restricted, not_member, client
):
    learning.add_finding(world.business_unit, restricted, title="Home conditions", text=SECRET)
    member_page = audit_page(client, world.business_unit)
    assert SECRET in member_page and "Home conditions" in member_page
    assert RESTRICTED_NOTE not in member_page

    page = audit_page(client, not_member)
    assert SECRET not in page and "Home conditions" not in page
    assert "Ref099" not in page
    assert RESTRICTED_WHAT in page and RESTRICTED_NOTE in page
    assert "Finding" in page  # the kind of record and who did it stay visible
    assert world.business_unit.get_full_name() in page


def test_a_referral_recorded_before_its_review_was_restricted_is_hidden_too(
    world, not_member, client
):
    """The referral's first entries were written before it had a review: they are judged by
    where the referral hangs now."""
    referral = referrals.create_referral(
        world.business_unit,
        {
            "received_on": dt.date(2026, 5, 1),
            "source_agency": world.police,
            "la_aware_on": dt.date(2026, 4, 30),
            "child_pseudonym": "Child Q",
            "age_years": 3,
            "gender": "male",
            "locality": "Kettering",
            "harm_category": "neglect",
            "summary": SECRET,
        },
    )
    referrals.record_decision(
        world.business_unit,
        referral,
        {"meeting_on": dt.date(2026, 5, 10), "outcome": "scr", "rationale": "Criteria met."},
    )
    review = referral.reviews.get()
    reviews.set_access(world.business_unit, review, restricted=True, members=[])
    assert AuditLog.objects.get(object_type="referrals.Referral", action="create").review is None
    page = audit_page(client, not_member)
    assert SECRET not in page and "Child Q" not in page
    assert SECRET in audit_page(client, world.business_unit)


def test_lifting_the_restriction_shows_the_content_again(world, restricted, not_member, client):
    learning.add_finding(world.business_unit, restricted, text=SECRET)
    assert SECRET not in audit_page(client, not_member)
    reviews.set_access(world.business_unit, restricted, restricted=False, members=[])
    assert SECRET in audit_page(client, not_member)


BEFORE = ("core", "0003_submission_token")
AFTER = ("core", "0004_auditlog_review")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_in_the_review_of_existing_entries(world):
    review = ReviewFactory(partnership=world.partnership, ref="Ref098")
    finding = learning.add_finding(world.business_unit, review, text="A finding.")
    old_apps = _migrate(BEFORE)
    OldAuditLog = old_apps.get_model("core", "AuditLog")  # noqa: N806 - a model class
    common = {"actor_id": world.business_unit.pk, "partnership_id": world.partnership.pk}
    about_finding = OldAuditLog.objects.create(
        action="update", object_type="learning.Finding", object_id=str(finding.pk), **common
    )
    about_nothing = OldAuditLog.objects.create(
        action="sign_in", object_type="", object_id="", **common
    )
    gone = OldAuditLog.objects.create(
        action="update", object_type="learning.Finding", object_id="999999", **common
    )
    _migrate(AFTER)
    assert AuditLog.objects.get(pk=about_finding.pk).review == review
    assert AuditLog.objects.get(pk=about_nothing.pk).review is None
    assert AuditLog.objects.get(pk=gone.pk).review is None
