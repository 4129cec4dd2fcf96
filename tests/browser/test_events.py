"""Events in the browser, the whole journey of issue 10: a practitioner books a place (naming
their manager) and says where they are before; on the day the business unit marks them present
on the register; they give feedback; six weeks later the dashboard shows the follow-up due and
they answer it; the business unit sees it counted at level 3. The clock is moved between the
steps (time-machine, ticking). axe checks every page on the way."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from casereviews.events import services
from casereviews.events.models import Attendance, Response
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BOOKED_ON = dt.datetime(2026, 11, 20, 10, 0)
EVENT_DAY = dt.date(2026, 11, 27)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _shot(page, tmp_path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def test_book_attend_give_feedback_and_answer_the_follow_up(browser_page, world, client, tmp_path):
    UserFactory(  # the manager the practitioner names at booking
        username="ev-manager", first_name="Morgan", last_name="Ellis",
        partnership=world.partnership, agency=world.health, role="practitioner",
    )  # fmt: skip
    page = browser_page.page
    with time_machine.travel(BOOKED_ON, tick=True) as clock:
        event = services.create_event(
            world.business_unit,
            world.partnership,
            {
                "kind": "training",
                "title": "Learning from Serious Case Reviews",
                "starts_at": _at(EVENT_DAY, 9, 30),
                "ends_at": _at(EVENT_DAY, 16),
                "venue": "Professional Development Centre",
                "facilitator": "Barnardo's",
                "capacity": 30,
                "themes": ["professional-curiosity", "voice-of-child"],
            },
        )
        # The practitioner books, naming their manager, and answers the baseline.
        browser_page.sign_in_as(world.practitioner, client)
        browser_page.goto("/events/")
        page.get_by_role("link", name="Learning from Serious Case Reviews").click()
        page.wait_for_url(f"**/events/{event.pk}/")
        browser_page.check_accessibility()
        page.get_by_label("Your manager").select_option(label="Morgan Ellis")
        page.get_by_role("button", name="Book a place").click()
        expect(page.get_by_text("You have a place", exact=False).first).to_be_visible()
        browser_page.check_accessibility()
        _shot(page, tmp_path, "1-booked")
        page.get_by_role("link", name="Before the event").click()
        browser_page.check_accessibility()
        page.get_by_role("button", name="Send").click()  # nothing chosen: an error
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        browser_page.check_accessibility()
        page.locator("input[name='confidence'][value='2']").check()
        page.fill("textarea[name='hopes']", "How to challenge a parent's account kindly.")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("your answers before the event have been saved")).to_be_visible()

        # On the day, the business unit marks the register.
        clock.move_to(_at(EVENT_DAY, 16, 30))
        browser_page.sign_in_as(world.business_unit, client)
        browser_page.goto(f"/events/{event.pk}/register/")
        page.get_by_label("Attended", exact=True).check()
        page.get_by_role("button", name="Save the register").click()
        expect(page.get_by_text("1 attended", exact=False).first).to_be_visible()
        browser_page.check_accessibility()
        _shot(page, tmp_path, "2-register")

        # The practitioner gives feedback, from the dashboard.
        browser_page.sign_in_as(world.practitioner, client)
        browser_page.goto("/")
        page.get_by_role("link", name="Give your feedback: Learning from Serious").click()
        browser_page.check_accessibility()
        page.locator("input[name='rating'][value='5']").check()
        page.locator("input[name='confidence'][value='4']").check()
        page.fill("textarea[name='learned']", "To check a parent's account with the school.")
        page.fill("textarea[name='quote']", "Thought provoking: the local cases made it real.")
        page.get_by_label("The partnership may quote this").check()
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Thank you for your feedback")).to_be_visible()

        # Six weeks later: the follow-up is due on the dashboard, and answered.
        clock.move_to(_at(EVENT_DAY + dt.timedelta(weeks=6), 10))
        browser_page.sign_in_as(world.practitioner, client)
        browser_page.goto("/")
        expect(page.locator("#events-panel")).to_be_visible()
        expect(page.get_by_text("Due", exact=True)).to_be_visible()
        _shot(page, tmp_path, "3-dashboard-due")
        page.get_by_role("link", name="Follow-up: Learning from Serious Case Reviews").click()
        browser_page.check_accessibility()
        expect(page.get_by_label("The manager you discussed it with")).to_have_value("Morgan Ellis")
        page.get_by_label("Yes").check()
        page.fill(
            "textarea[name='change']",
            "I now ask the school and the GP before accepting an explanation of an injury.",
        )
        _shot(page, tmp_path, "4-follow-up")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("the follow-up has been saved")).to_be_visible()
        browser_page.goto("/")
        expect(page.locator("#events-panel")).to_have_count(0)

        # The business unit sees each level filled in.
        browser_page.sign_in_as(world.business_unit, client)
        browser_page.goto(f"/events/{event.pk}/")
        expect(page.get_by_text("1 of 1 follow-up due answered", exact=False)).to_be_visible()
        expect(page.get_by_text("Confidence rose from 2.0", exact=False)).to_be_visible()
        _shot(page, tmp_path, "5-evaluation")
        browser_page.goto("/events/year/?year=2026-27")
        _shot(page, tmp_path, "6-year")
    line = Attendance.objects.get()
    assert line.follow_up_due == EVENT_DAY + dt.timedelta(days=42)
    assert sorted(Response.objects.values_list("stage", flat=True)) == [
        "baseline",
        "feedback",
        "follow_up",
    ]
