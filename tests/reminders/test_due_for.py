"""What falls due for each person: their agency's actions (the business unit: all), clocks,
review targets and briefings, within their partnership and the restricted-review rule."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from casereviews.audits import services as audit_services
from casereviews.briefings.sharing import services as sharing_services
from casereviews.core.presenters import format_date
from casereviews.events import services as event_services
from casereviews.reminders.selectors import due_for
from tests.audits.conftest import all_judged, details
from tests.events.conftest import event_data
from tests.factories import UserFactory
from tests.reminders.conftest import TODAY


def keys(user):
    return {item.key for item in due_for(user, TODAY)}


def test_agency_lead_gets_own_agencys_actions_overdue_or_due_within_14_days(world, plan):
    got = keys(world.subgroup_member)
    assert f"action:{plan['overdue'].pk}" in got
    assert f"action:{plan['soon'].pk}" in got
    assert f"action:{plan['later'].pk}" not in got  # 30 days away
    assert f"action:{plan['health'].pk}" not in got  # another agency's
    items = {i.key: i for i in due_for(world.subgroup_member, TODAY)}
    overdue = items[f"action:{plan['overdue'].pk}"]
    assert overdue.days_overdue == 20 and overdue.ref.startswith("Ref057 recommendation 1")
    assert due_for(world.subgroup_member, TODAY)[0].overdue  # overdue first


def test_business_unit_gets_every_agencys_actions(world, plan):
    got = keys(world.business_unit)
    assert {f"action:{plan[k].pk}" for k in ("overdue", "soon", "health")} <= got


def test_restricted_review_actions_only_for_its_members(world, plan):
    secret = f"action:{plan['restricted'].pk}"
    assert secret in keys(world.business_unit)  # a member
    assert secret not in keys(world.subgroup_member)  # police, but not a member
    plan["restricted_review"].restricted_members.add(world.subgroup_member)
    assert secret in keys(world.subgroup_member)


def test_other_partnerships_items_never_appear(world, plan, other_partnership_action):
    theirs = f"action:{other_partnership_action.pk}"
    assert theirs not in keys(world.business_unit)
    assert theirs not in keys(world.subgroup_member)
    ours = {f"action:{a.pk}" for k, a in plan.items() if k.endswith("review") is False}
    assert theirs in keys(world.outsider)
    assert not ours & keys(world.outsider)


def test_practitioner_and_reviewer_get_no_actions(world, plan):
    assert not any(k.startswith("action:") for k in keys(world.practitioner))
    assert not any(k.startswith("action:") for k in keys(world.reviewer))


def test_missed_notification_clock_is_named_without_the_child(world, referral):
    items = [i for i in due_for(world.business_unit, TODAY) if i.kind == "referral_clock"]
    assert [i.ref for i in items] == [f"Referral received {format_date(referral.received_on)}"]
    assert items[0].overdue and "Notification" in items[0].what
    # The police lead's agency made the referral; the health lead's did not.
    assert any(i.kind == "referral_clock" for i in due_for(world.subgroup_member, TODAY))
    assert not any(i.kind == "referral_clock" for i in due_for(world.other_subgroup_member, TODAY))


def test_overdue_review_target_for_business_unit_and_assigned_reviewer(world, plan):
    review = plan["review"]  # initiated 15 June 2026: target 15 December, at risk
    assert f"review:{review.pk}" in keys(world.business_unit)
    assert f"review:{review.pk}" not in keys(world.reviewer)
    review.reviewers.add(world.reviewer)
    assert f"review:{review.pk}" in keys(world.reviewer)
    assert f"review:{plan['restricted_review'].pk}" not in keys(world.reviewer)


def test_briefing_not_yet_shared_by_the_agency(world, briefing):
    item = next(i for i in due_for(world.subgroup_member, TODAY) if i.kind == "briefing")
    assert item.ref.startswith("Ref057 ") and "Child Q" not in item.ref
    assert item.days_overdue == 12  # 28 days after publication, 40 days ago
    sharing_services.record_dissemination(
        world.subgroup_member,
        briefing,
        agency=world.police,
        method="team_meeting",
        method_other="",
        shared_on=TODAY,
        staff_reached=12,
        feedback="",
    )
    assert not any(i.kind == "briefing" for i in due_for(world.subgroup_member, TODAY))
    assert any(i.kind == "briefing" for i in due_for(world.other_subgroup_member, TODAY))


def test_case_audit_to_finish_then_to_sign_off_named_by_case_reference(world):
    manager = UserFactory(partnership=world.partnership, agency=world.health, role="practitioner")
    data = details(world, manager, child="Child Q", case_reference="HOSP-2002")
    audit = audit_services.start_audit(world.practitioner, world.partnership, data)
    (item,) = [i for i in due_for(world.practitioner, TODAY) if i.kind == "case_audit"]
    assert (item.ref, item.what) == ("HOSP-2002", "Your draft case audit to finish")
    assert not any(i.kind == "case_audit" for i in due_for(manager, TODAY))
    audit_services.save_answers(world.practitioner, audit, all_judged(), audit.version)
    audit_services.complete(world.practitioner, audit)
    assert not any(i.kind == "case_audit" for i in due_for(world.practitioner, TODAY))
    (item,) = [i for i in due_for(manager, TODAY) if i.kind == "case_audit"]
    assert "sign-off" in item.what and item.ref == "HOSP-2002"
    assert not any(i.kind == "case_audit" for i in due_for(world.other_subgroup_member, TODAY))


def test_event_follow_up_for_the_attendee_and_the_manager_named(world):
    manager = UserFactory(partnership=world.partnership, agency=world.health, role="practitioner")
    start = timezone.make_aware(dt.datetime(2026, 10, 16, 9, 30))  # 46 days ago
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0), tick=False):  # booked beforehand
        event = event_services.create_event(
            world.business_unit,
            world.partnership,
            event_data(starts_at=start, ends_at=start + dt.timedelta(hours=6)),
        )
        booking = event_services.book(world.practitioner, event, world.practitioner, manager)
    event_services.mark_bookings(world.business_unit, event, {booking.pk: True})
    for person in (world.practitioner, manager):
        (item,) = [i for i in due_for(person, TODAY) if i.kind == "event"]
        assert item.ref == "Learning from Serious Case Reviews"
        assert item.due == dt.date(2026, 11, 27) and item.days_overdue == 4
    assert not any(i.kind == "event" for i in due_for(world.other_subgroup_member, TODAY))
