"""The demo seed: agencies confirmed with feedback, others outstanding, two issues; twice adds
nothing; with no published briefing it adds nothing at all."""

from __future__ import annotations

import datetime as dt

import pytest

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


def test_seed_confirms_some_agencies_and_is_idempotent(northshire, make_briefing):
    # The demo's own published briefings, by their titles (the seed shares only those).
    titles = {ref: title for ref, _kind, title, _sections, published in BRIEFINGS if published}
    for ref, day in (("Ref053", dt.date(2026, 1, 5)), ("Ref050", dt.date(2026, 2, 2))):
        make_briefing(
            northshire,
            ReviewFactory(partnership=northshire, ref=ref),
            published_on=day,
            title=titles[ref],
        )
    demo_sharing.seed()
    demo_sharing.seed()
    records = list(Dissemination.objects.select_related("agency", "recorded_by"))
    assert len(records) == 7
    confirmed = {r.agency.name for r in records}
    assert "Probation" not in confirmed  # some agencies stay outstanding
    assert all(r.feedback for r in records if r.agency.name == "Northshire General Hospital")
    police = [r for r in records if r.agency.name == "Northshire Police"]
    assert {r.recorded_by.username for r in police} == {"agency.lead"}
    assert all(r.briefing.published_on <= r.shared_on <= dt.date(2026, 3, 2) for r in records)
    issues = {n.title: n.status for n in Newsletter.objects.all()}
    assert issues == {
        demo_sharing.PUBLISHED_ISSUE: "published",
        demo_sharing.DRAFT_ISSUE: "draft",
    }
    assert NewsletterItem.objects.filter(kind="briefing").count() == 2
