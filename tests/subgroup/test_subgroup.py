"""The sub-group's year: meetings with attendance and what was considered, health checks, terms
of reference, and its own plan in the composite plan; who may, bad input, restricted reviews."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from casereviews.actions.models import SUBGROUP_PLAN, Action, BusinessPriority
from casereviews.core.models import AuditLog
from casereviews.subgroup import services
from casereviews.subgroup.models import (
    HEALTH_CHECK_QUESTIONS,
    HealthCheck,
    Item,
    Meeting,
    TermsOfReference,
)
from tests.factories import DecisionFactory, ReferralFactory, ReviewFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="submission_token" value="([A-Za-z0-9_-]+)"')


def _dated(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _post(client, url: str, data: dict):
    token = TOKEN.search(client.get(url).content.decode()).group(1)
    return client.post(url, {**data, "submission_token": token})


def test_business_unit_records_a_meeting_with_attendance_and_items(client_for, world):
    referral = ReferralFactory(partnership=world.partnership, source_agency=world.police)
    DecisionFactory(referral=referral, meeting_on=dt.date(2026, 10, 15), outcome="case_mapping")
    review = ReviewFactory(partnership=world.partnership, ref="Ref060", summary="A review")
    client = client_for(world.business_unit)
    response = _post(
        client,
        "/subgroup/meetings/new/",
        {
            **_dated("held_on", dt.date(2026, 10, 15)),
            "status": "held",
            "chair": "Head of Safeguarding",
            f"agency_{world.police.pk}": "2",
            f"agency_{world.health.pk}": "1",
            "referrals": [str(referral.pk)],
            "reviews": [str(review.pk)],
            "considered": ["action_plan", "health_check"],
        },
    )
    meeting = Meeting.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/subgroup/meetings/{meeting.pk}/"
    )
    assert {(a.agency.name, a.attendees) for a in meeting.attendance.all()} == {
        ("Northshire Police", 2),
        ("Northshire Health", 1),
    }
    assert sorted(meeting.items.values_list("kind", flat=True)) == [
        "action_plan",
        "health_check",
        "referral",
        "review",
    ]
    assert AuditLog.objects.filter(object_repr=str(meeting), action="create").exists()
    html = client.get(f"/subgroup/meetings/{meeting.pk}/").content.decode()
    assert "Northshire Police" in html and "Ref060: A review" in html
    overview = client.get("/subgroup/?year=2026-27").content.decode()
    assert "15 October 2026" in overview and "1 of 1" in overview


def test_a_future_meeting_marked_held_is_refused_and_nothing_saved(client_for, world):
    response = _post(
        client_for(world.business_unit),
        "/subgroup/meetings/new/",
        {
            **_dated("held_on", dt.date(2026, 12, 3)),
            "status": "held",
            f"agency_{world.police.pk}": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A meeting on 3 December 2026 has not happened yet: mark it planned" in html
    assert not Meeting.objects.exists()


def test_a_planned_meeting_has_no_attendance_and_a_held_one_needs_some(world):
    with pytest.raises(ValidationError, match="only be recorded for a meeting that was held"):
        services.record_meeting(
            world.business_unit,
            world.partnership,
            held_on=dt.date(2026, 12, 3),
            status="planned",
            attendance={world.police: 2},
        )
    with pytest.raises(ValidationError, match="at least one agency"):
        services.record_meeting(
            world.business_unit, world.partnership, held_on=dt.date(2026, 10, 1), status="held"
        )
    with pytest.raises(ValidationError, match="of this partnership"):
        services.record_meeting(
            world.business_unit,
            world.partnership,
            held_on=dt.date(2026, 10, 1),
            status="held",
            attendance={world.police: 1},
            reviews=[ReviewFactory(partnership=world.other_partnership, ref="Ref901")],
        )
    assert not Meeting.objects.exists()


def test_health_check_needs_every_answer(client_for, world):
    client = client_for(world.business_unit)
    answers = {f"q{n}": "yes" for n in range(1, len(HEALTH_CHECK_QUESTIONS))}  # one short
    response = _post(
        client,
        "/subgroup/health-checks/new/",
        {**_dated("done_on", dt.date(2026, 9, 1)), **answers},
    )
    assert (
        f"Answer question {len(HEALTH_CHECK_QUESTIONS)}: yes, partly or no"
        in response.content.decode()
    )
    assert not HealthCheck.objects.exists()
    answers[f"q{len(HEALTH_CHECK_QUESTIONS)}"] = "partly"
    response = _post(
        client,
        "/subgroup/health-checks/new/",
        {**_dated("done_on", dt.date(2026, 9, 1)), **answers},
    )
    check = HealthCheck.objects.get()
    assert check.answers.count() == len(HEALTH_CHECK_QUESTIONS)
    html = client.get(response["Location"]).content.decode()
    assert HEALTH_CHECK_QUESTIONS[0] in html and "Partly" in html


def test_terms_review_date_must_follow_agreement_and_overdue_is_flagged(client_for, world):
    client = client_for(world.business_unit)
    data = {
        **_dated("agreed_on", dt.date(2025, 4, 1)),
        **_dated("review_by", dt.date(2025, 3, 1)),
        "frequency": "Six-weekly",
        "purpose": "Oversee reviews.",
        "membership": "Police; health.",
    }
    response = _post(client, "/subgroup/terms/new/", data)
    assert (
        "The review date must be after the date agreed, 1 April 2025" in response.content.decode()
    )
    assert not TermsOfReference.objects.exists()
    _post(client, "/subgroup/terms/new/", {**data, **_dated("review_by", dt.date(2026, 4, 1))})
    assert "Overdue for review" in client.get("/subgroup/").content.decode()


def test_priority_with_a_backwards_year_is_refused(client_for, world):
    response = _post(
        client_for(world.business_unit),
        "/subgroup/priorities/new/",
        {"reporting_year": "2017-16", "text": "X"},
    )
    assert "2017-16 is not a reporting year" in response.content.decode()


def test_the_subgroups_own_action_is_in_the_composite_plan_with_no_review(client_for, world):
    client = client_for(world.business_unit)
    _post(
        client,
        "/subgroup/priorities/new/",
        {"reporting_year": "2026-27", "text": "Timeliness of reviews."},
    )
    chosen = BusinessPriority.objects.get()
    response = _post(
        client,
        "/subgroup/plan/new/",
        {
            "priority": str(chosen.pk),
            "agency": str(world.police.pk),
            "description": "Report progress of every review to the board quarterly.",
            "lead_role": "Business manager",
            **_dated("due_on", dt.date(2027, 3, 31)),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.recommendation, action.origin, action.priority) == (None, SUBGROUP_PLAN, chosen)
    assert "Report progress of every review" in client.get("/actions/").content.decode()
    assert (
        "Report progress of every review" in client.get("/subgroup/?year=2026-27").content.decode()
    )


@pytest.mark.parametrize("who", ["subgroup_member", "reviewer", "practitioner"])
def test_only_the_business_unit_records(client_for, world, who):
    client = client_for(getattr(world, who))
    for url in (
        "/subgroup/meetings/new/",
        "/subgroup/health-checks/new/",
        "/subgroup/terms/new/",
        "/subgroup/priorities/new/",
        "/subgroup/plan/new/",
    ):
        assert client.get(url).status_code == 403


def test_members_read_others_do_not_and_other_partnerships_are_not_found(client_for, world):
    meeting = services.record_meeting(
        world.business_unit,
        world.partnership,
        held_on=dt.date(2026, 10, 1),
        status="held",
        attendance={world.police: 1},
    )
    assert (
        client_for(world.subgroup_member).get(f"/subgroup/meetings/{meeting.pk}/").status_code
        == 200
    )
    assert client_for(world.reviewer).get("/subgroup/").status_code == 403
    assert (
        client_for(world.practitioner).get(f"/subgroup/meetings/{meeting.pk}/").status_code == 403
    )
    assert client_for(world.outsider).get(f"/subgroup/meetings/{meeting.pk}/").status_code == 404


def test_items_about_a_restricted_review_show_only_to_its_members(client_for, world):
    secret = ReviewFactory(
        partnership=world.partnership, ref="Ref058", summary="Restricted matter", restricted=True
    )
    secret.restricted_members.set([world.business_unit])
    meeting = services.record_meeting(
        world.business_unit,
        world.partnership,
        held_on=dt.date(2026, 10, 1),
        status="held",
        attendance={world.police: 1},
        reviews=[secret],
    )
    assert Item.objects.filter(meeting=meeting, review=secret).exists()
    url = f"/subgroup/meetings/{meeting.pk}/"
    assert "Restricted matter" in client_for(world.business_unit).get(url).content.decode()
    assert "Restricted matter" not in client_for(world.subgroup_member).get(url).content.decode()


def test_the_action_plan_filters_by_the_reporting_year_due(client_for, world):
    priority = services.add_priority(
        world.business_unit, world.partnership, reporting_year="2016-17", text="Timeliness."
    )
    for text, due in (("Due in 2016-17", dt.date(2017, 3, 31)), ("Due later", dt.date(2017, 4, 1))):
        services.add_plan_action(
            world.business_unit, world.partnership, priority=priority, agency=world.police,
            description=text, lead_role="Business manager", due_on=due,
        )  # fmt: skip
    html = (
        client_for(world.subgroup_member).get("/actions/?reporting_year=2016-17").content.decode()
    )
    assert "Due in 2016-17" in html and "Due later" not in html
