"""The demo looks like a partnership at work on the day it is loaded (issue 13): seed 002's
2016-17 reviews are finished history, the current year's clocks and milestones fall due in the
coming weeks, and the practitioner finds what reviews learned about fathers (issue 11)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from casereviews.accounts.models import User
from casereviews.core.clocks import Timeliness, referral_clocks, timeliness_of
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo")
    capsys.readouterr()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_demo_reads_as_a_partnership_at_work_today(demo, client, capsys):
    today = timezone.localdate()

    # Seed 002's year is history: every review of it is completed or published, in 2017-18.
    seed_reviews = Review.objects.filter(partnership__slug="northshire", ref__lt="Ref098")
    assert seed_reviews.count() == 15
    for review in seed_reviews:
        assert review.status in {ReviewStatus.COMPLETED, ReviewStatus.PUBLISHED}, review.ref
        assert review.completed_on.year <= 2018, review.ref
    # No review open today is overdue by more than about three months.
    for review in Review.objects.exclude(
        status__in=[ReviewStatus.COMPLETED, ReviewStatus.PUBLISHED]
    ):
        if timeliness_of(review, today) == Timeliness.OVERDUE:
            assert (today - review.initiated_on).days < 183 + 90, review.ref

    # The business unit's first page: a referral clock due within days, one review at risk,
    # and nothing overdue by years.
    client.force_login(User.objects.get(username="business.unit"))
    page = _text(client.get("/"))
    assert "Referral for Child T" in page
    assert "Ref101" in page and "At risk" in page
    overdue_days = [int(n) for n in re.findall(r"Overdue by (\d+) days?", page)]
    assert overdue_days and max(overdue_days) <= 120, overdue_days
    assert "2016" not in page and "2017" not in page

    # Clocks running now: due within the next weeks, none missed by more than a month.
    states = [
        clock
        for referral in Referral.objects.filter(partnership__slug="northshire", decisions=None)
        for clock in referral_clocks(referral, today)
        if clock.due and clock.done is None
    ]
    assert states and all(-30 <= (c.due - today).days <= 30 for c in states)

    # Loading again creates nothing.
    call_command("demo")
    assert "nothing to create" in capsys.readouterr().out

    # The practitioner searches "father": findings and a report passage of published reviews.
    call_command(
        "search", "father", "--partnership", "northshire", "--as", "practitioner",
        "--format", "json",
    )  # fmt: skip
    results = json.loads(capsys.readouterr().out)["results"]
    kinds = {r["kind"] for r in results}
    assert {"finding", "report", "briefing"} <= kinds
    finding_refs = {r["title"].split()[0] for r in results if r["kind"] == "finding"}
    assert {"Ref098", "Ref057"} <= finding_refs
    published = set(
        Review.objects.filter(status=ReviewStatus.PUBLISHED).values_list("ref", flat=True)
    )
    assert finding_refs <= published
    assert any("<mark>father</mark>" in r["snippet"] for r in results if r["kind"] == "report")

    # A report result points to its page; every result opens for the practitioner.
    assert any(r["part"].startswith("Page ") and "?part=" in r["link"] for r in results)
    client.force_login(User.objects.get(username="practitioner"))
    for result in results:
        assert client.get(result["link"].split("#")[0]).status_code == 200, result["link"]

    # "Learning about Fathers and male carers": the loop from findings to the recommendation
    # and its actions (with their status) to the briefing and the event.
    theme = _text(client.get("/library/themes/fathers-men/"))
    assert "Ref098" in theme and "Ref057" in theme
    found = theme.index("The men in Child N")
    recommended = theme.index("Ref098 recommendation 2")
    taught = theme.index("The men in a baby")
    assert found < recommended < taught
    assert re.search(r"Actions answering Ref098 recommendation 2 .*(Red|Amber|Green|Blue)", theme)
    assert "Fathers and male carers: a session for Early Help" in theme[taught:]


def test_the_annual_page_opens_on_a_year_of_work(demo, client):
    """The annual page opens on the last complete reporting year: the demo's sub-group met
    through it, held events with feedback, checked its health and has terms of reference in
    date, whatever day the demo is loaded."""
    client.force_login(User.objects.get(username="business.unit"))
    data = json.loads(client.get("/reports/annual.json").content)
    tables = {t["key"]: t for s in data["sections"] for t in s["tables"]}
    assert len(tables["meetings"]["rows"]) >= 8  # six-weekly
    assert tables["health_checks"]["rows"]
    assert tables["events"]["rows"] and tables["events_feedback"]["rows"]
    levels = {r["level"]: r["figure"] for r in tables["events_evaluation"]["rows"]}
    assert "responses" in levels["1. Reaction"]
    page = _text(client.get("/reports/annual/"))
    assert "overdue for review" not in page
    assert "No meetings of the sub-group are recorded in this year." not in page
