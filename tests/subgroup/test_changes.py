"""Correcting the sub-group's records after saving: a meeting, a health check, the terms of
reference. Only the business unit; a save over someone else's is refused saying who and when;
bad input saves nothing; items about a restricted review the editor cannot see are kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casereviews.core.models import AuditLog
from casereviews.subgroup import services
from casereviews.subgroup.models import HEALTH_CHECK_QUESTIONS, HealthCheck, Meeting
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db
VERSION = re.compile(r'name="version" value="(\d+)"')


def _dated(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _meeting(world, **kw) -> Meeting:
    return services.record_meeting(
        world.business_unit,
        world.partnership,
        held_on=dt.date(2026, 10, 1),
        status="held",
        chair="Head of Safeguarding",
        attendance={world.police: 1},
        considered=["action_plan"],
        **kw,
    )


def _check(world) -> HealthCheck:
    return services.record_health_check(
        world.business_unit,
        world.partnership,
        done_on=dt.date(2026, 9, 15),
        answers={n: ("yes", "") for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1)},
        summary="Works well.",
    )


def _terms(world):
    return services.record_terms(
        world.business_unit,
        world.partnership,
        agreed_on=dt.date(2026, 4, 21),
        review_by=dt.date(2027, 4, 21),
        frequency="Monthly",
        purpose="To consider referrals.",
        membership="Police; health",
    )


def _meeting_form(meeting, world, **changes) -> dict:
    return {
        "version": str(meeting.version),
        **_dated("held_on", dt.date(2026, 10, 8)),
        "status": "held",
        "chair": "Interim chair",
        f"agency_{world.police.pk}": "2",
        f"agency_{world.health.pk}": "1",
        "considered": ["action_plan", "terms"],
        **changes,
    }


def test_the_business_unit_corrects_a_meeting_and_the_change_is_audited(client_for, world):
    meeting = _meeting(world)
    client = client_for(world.business_unit)
    page = client.get(f"/subgroup/meetings/{meeting.pk}/").content.decode()
    assert f"/subgroup/meetings/{meeting.pk}/change/" in page
    form = client.get(f"/subgroup/meetings/{meeting.pk}/change/").content.decode()
    assert "Change the meeting of 1 October 2026" in form and 'value="Head of Safeguarding"' in form
    response = client.post(
        f"/subgroup/meetings/{meeting.pk}/change/", _meeting_form(meeting, world)
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.chair, meeting.version) == (
        dt.date(2026, 10, 8),
        "Interim chair",
        2,
    )
    assert {(a.agency.name, a.attendees) for a in meeting.attendance.all()} == {
        ("Northshire Police", 2),
        ("Northshire Health", 1),
    }
    assert sorted(meeting.items.values_list("kind", flat=True)) == ["action_plan", "terms"]
    entry = AuditLog.objects.get(action="update", object_type="subgroup.Meeting")
    assert entry.changes["chair"] == ["Head of Safeguarding", "Interim chair"]
    assert entry.changes["attendance"][1] == {"Northshire Police": 2, "Northshire Health": 1}


def test_an_item_about_a_review_hidden_from_the_editor_is_kept(client_for, world):
    secret = ReviewFactory(partnership=world.partnership, ref="Ref058", restricted=True)
    secret.restricted_members.set([world.subgroup_member])
    meeting = _meeting(world, reviews=[secret])
    client = client_for(world.business_unit)
    response = client.post(
        f"/subgroup/meetings/{meeting.pk}/change/", _meeting_form(meeting, world)
    )
    assert response.status_code == 302
    assert meeting.items.filter(review=secret).exists()


def test_a_save_over_someone_elses_is_refused_with_who_and_when(client_for, world):
    meeting = _meeting(world)
    client = client_for(world.business_unit)
    opened = _meeting_form(meeting, world, chair="Mine")
    services.change_meeting(
        world.business_unit,
        meeting,
        meeting.version,
        held_on=meeting.held_on,
        status="held",
        chair="Theirs",
        attendance={world.police: 1},
    )
    response = client.post(f"/subgroup/meetings/{meeting.pk}/change/", opened)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This meeting was changed by" in html and "Your changes have not been saved" in html
    meeting.refresh_from_db()
    assert meeting.chair == "Theirs"
    # The form now carries the saved version: saving again is deliberate, and works.
    again = {**opened, "version": VERSION.search(html).group(1)}
    assert client.post(f"/subgroup/meetings/{meeting.pk}/change/", again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.chair == "Mine"


def test_a_health_check_answer_is_corrected(client_for, world):
    check = _check(world)
    client = client_for(world.business_unit)
    assert (
        f"/subgroup/health-checks/{check.pk}/change/"
        in client.get(f"/subgroup/health-checks/{check.pk}/").content.decode()
    )
    data = {"version": "1", **_dated("done_on", check.done_on), "summary": "Timeliness needs work."}
    for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1):
        data[f"q{n}"] = "partly" if n == 4 else "yes"
    data["c4"] = "Two reviews beyond six months."
    response = client.post(f"/subgroup/health-checks/{check.pk}/change/", data)
    assert response.status_code == 302
    answer = check.answers.get(number=4)
    assert (answer.answer, answer.comment) == ("partly", "Two reviews beyond six months.")
    entry = AuditLog.objects.get(action="update", object_type="subgroup.HealthCheck")
    assert entry.changes["q4"] == [["yes", ""], ["partly", "Two reviews beyond six months."]]


def test_terms_with_a_review_date_before_agreement_save_nothing(client_for, world):
    terms = _terms(world)
    client = client_for(world.business_unit)
    assert f"/subgroup/terms/{terms.pk}/change/" in client.get("/subgroup/").content.decode()
    data = {
        "version": "1",
        **_dated("agreed_on", dt.date(2026, 4, 21)),
        **_dated("review_by", dt.date(2026, 3, 1)),
        "frequency": "Six-weekly",
        "purpose": "To consider referrals.",
        "membership": "Police; health",
    }
    html = client.post(f"/subgroup/terms/{terms.pk}/change/", data).content.decode()
    assert "The review date must be after the date agreed, 21 April 2026" in html
    terms.refresh_from_db()
    assert terms.frequency == "Monthly"
    data.update(_dated("review_by", dt.date(2027, 3, 1)))
    assert client.post(f"/subgroup/terms/{terms.pk}/change/", data).status_code == 302
    terms.refresh_from_db()
    assert (terms.frequency, terms.review_by) == ("Six-weekly", dt.date(2027, 3, 1))


@pytest.mark.parametrize("who", ["subgroup_member", "reviewer", "practitioner"])
def test_only_the_business_unit_changes_and_outsiders_find_nothing(client_for, world, who):
    urls = [
        f"/subgroup/meetings/{_meeting(world).pk}/change/",
        f"/subgroup/health-checks/{_check(world).pk}/change/",
        f"/subgroup/terms/{_terms(world).pk}/change/",
    ]
    for url in urls:
        assert client_for(getattr(world, who)).get(url).status_code == 403
    outsider = client_for(world.outsider)
    assert all(outsider.get(url).status_code in (403, 404) for url in urls)
