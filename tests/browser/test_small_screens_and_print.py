"""A phone (390 px wide) and paper: the action plan and the register do not scroll sideways (a
wide table scrolls in a region of its own, named and reachable by keyboard), and the
briefing paper prints on A4 landscape with each heading on the page of its first row."""

from __future__ import annotations

import datetime as dt

import pypdfium2
import pytest
from django.conf import settings
from playwright.sync_api import expect

from casereviews.actions.models import Action, Rag, Recommendation
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

TYPES = ["scr", "thematic", "case_mapping", "single_agency"]


@pytest.fixture
def reviews(world):
    made = []
    for n in range(17):
        review = ReviewFactory(
            partnership=world.partnership,
            ref=f"Ref{n + 21:03d}",
            review_type=TYPES[n % 4],
            summary="Missed health appointments for a baby with complex needs",
            location="Wellingborough",
            initiated_on=dt.date(2026, 3, 1),
            status_note="Review underway and workshop arranged for June 2027",
        )
        recommendation = Recommendation.objects.create(
            review=review, number=1, text="See children alone and record their words."
        )
        Action.objects.create(
            partnership=world.partnership,
            recommendation=recommendation,
            agency=world.health,
            description="Add a prompt to see the child alone to every health visiting record.",
            lead_role="Named Nurse for Safeguarding Children",
            due_on=dt.date(2027, 3, 31),
            status=Rag.AMBER,
        )
        made.append(review)
    return made


@pytest.mark.parametrize("path", ["/actions/", "/reviews/"])
def test_a_phone_does_not_scroll_the_page_sideways(browser_page, world, client, reviews, path):
    browser_page.page.set_viewport_size({"width": 390, "height": 844})
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto(path)  # axe too, at this width
    page = browser_page.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    region = page.locator(".app-table-scroll[role=region]").first
    assert region.get_attribute("aria-label")  # named by the table's caption
    assert region.get_attribute("tabindex") == "0"  # the keyboard can reach it
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    # Its caption (a heading to the reader) wraps within the region, not cut at its edge.
    caption = region.locator("caption").bounding_box()
    box = region.bounding_box()
    assert caption and box and caption["x"] + caption["width"] <= box["x"] + box["width"] + 1


def test_a_keyboard_user_scrolls_a_wide_table_with_the_arrow_keys(
    browser_page, world, client, reviews
):
    browser_page.page.set_viewport_size({"width": 390, "height": 844})
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/actions/")
    page = browser_page.page
    region = page.locator(".app-table-scroll[role=region]").first
    region.focus()
    assert region.evaluate("r => r.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(region).to_be_focused()
    page.wait_for_function(
        "() => document.querySelector('.app-table-scroll[role=region]').scrollLeft > 0"
    )


def test_the_briefing_paper_prints_compactly(browser_page, world, client, reviews):
    browser_page.sign_in_as(world.business_unit, client)
    browser_page.goto("/reports/briefing-paper/")
    document = pypdfium2.PdfDocument(browser_page.page.pdf(prefer_css_page_size=True))
    try:
        width, height = document[0].get_size()
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    assert width > height  # A4 landscape
    assert len(pages) <= 2  # 17 reviews (it printed 5 portrait pages before)
    headings = [
        "Serious case reviews",
        "Thematic learning reviews",
        "Case mapping exercises",
        "Single agency reviews",
    ]
    for heading in headings:
        page = next(text for text in pages if heading in text)
        after = " ".join(page[page.index(heading) :].split())
        assert "Ref0" in after, f"{heading} is printed apart from its rows"


def test_without_javascript_a_phone_still_does_not_scroll_the_page_sideways(
    chromium_browser, live_server, world, client, reviews
):
    """No script wraps the tables: each wide table scrolls inside itself instead."""
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        client.force_login(world.business_unit)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        for path in ("/actions/", "/reviews/"):
            page.goto(live_server.url + path)
            assert page.locator(".app-table-scroll").count() == 0  # no script ran
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            table = page.locator("table.govuk-table").first
            assert table.evaluate("t => t.scrollWidth > t.clientWidth"), path
    finally:
        context.close()
