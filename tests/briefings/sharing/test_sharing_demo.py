"""The demo seed: past briefings shared by every agency, the current one by two so far (with
feedback), two issues; twice adds nothing; with no published briefing it adds nothing at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casereviews.briefings.demo_briefings import BRIEFINGS
from casereviews.briefings.models import Dissemination, Newsletter, NewsletterItem
from casereviews.briefings.sharing import demo as demo_sharing
from tests.factories import AgencyFactory, PartnershipFactory, ReviewFactory, UserFactory

AGENCIES = [
    "Northshire Police",
    "Children's Social Care",
    "Northshire General Hospital",
    "Education",
    "Probation",
    "Early Help",
]


@pytest.fixture
def northshire(db):
    partnership = PartnershipFactory(name="Northshire Demo Partnership", slug="northshire")
    agencies = {name: AgencyFactory(partnership=partnership, name=name) for name in AGENCIES}
    UserFactory(username="business.unit", partnership=partnership, agency=None)
    UserFactory(
        username="agency.lead",
        partnership=partnership,
        agency=agencies["Northshire Police"],
        role="subgroup_member",
    )
    return partnership


def test_no_published_briefing_no_records(northshire, make_briefing):
    make_briefing(northshire, ReviewFactory(partnership=northshire, ref="Ref054"))  # a draft
    demo_sharing.seed()
    assert not Dissemination.objects.exists()
    assert not Newsletter.objects.exists()


def test_seed_shares_past_briefings_everywhere_the_current_one_so_far_and_is_idempotent(
    northshire, make_briefing
):
    # The demo's own published briefings, by their titles (the seed shares only those).
    titles = {ref: title for ref, _kind, title, _sections, published in BRIEFINGS if published}
    today = timezone.localdate()
    days = {
        "Ref053": dt.date(2018, 7, 5),
        "Ref050": dt.date(2018, 8, 2),
        "Ref098": today - dt.timedelta(days=10),
    }
    for ref, day in days.items():
        make_briefing(
            northshire,
            ReviewFactory(partnership=northshire, ref=ref),
            published_on=day,
            title=titles[ref],
        )
    demo_sharing.seed()
    demo_sharing.seed()
    records = list(Dissemination.objects.select_related("agency", "recorded_by", "briefing"))
    by_ref: dict[str, set[str]] = {}
    for r in records:
        by_ref.setdefault(r.briefing.review.ref, set()).add(r.agency.name)
        assert r.briefing.published_on <= r.shared_on <= today
    # History: every agency confirmed within weeks. Now: two so far, the others outstanding.
    assert by_ref["Ref053"] == by_ref["Ref050"] == set(AGENCIES)
    assert all(
        r.shared_on <= r.briefing.published_on + dt.timedelta(days=35)
        for r in records
        if r.briefing.review.ref != "Ref098"
    )
    assert by_ref["Ref098"] == {"Northshire General Hospital", "Northshire Police"}
    assert any(r.feedback for r in records if r.briefing.review.ref == "Ref098")
    police = [r for r in records if r.agency.name == "Northshire Police"]
    assert {r.recorded_by.username for r in police} == {"agency.lead"}
    issues = {n.title: n.status for n in Newsletter.objects.all()}
    assert issues == {
        demo_sharing.PUBLISHED_ISSUE: "published",
        demo_sharing.DRAFT_ISSUE: "draft",
    }
    # Today's issue carries the current briefing only.
    items = NewsletterItem.objects.filter(kind="briefing")
    assert [i.briefing.review.ref for i in items] == ["Ref098"]
