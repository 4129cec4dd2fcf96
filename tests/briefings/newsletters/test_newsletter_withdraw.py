"""Withdrawn briefings in newsletters ("This briefing was withdrawn" in their place, on the page
and in the PDF), and withdrawing and correcting a newsletter issue itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casereviews.briefings import services as briefing_services
from casereviews.briefings.models import Briefing, Newsletter, NewsletterItem
from casereviews.briefings.newsletters import services
from casereviews.core.models import AuditLog
from tests.briefings.newsletters.test_newsletter_pdf import pdf_pages

REASON = "An update gave a family's street."


@pytest.fixture
def issue(world, briefing):
    bu = world.business_unit
    issue = services.create_newsletter(
        bu, title="Learning newsletter: spring 2026", issue_date=dt.date(2026, 3, 1)
    )
    services.add_item(bu, issue, kind="briefing", briefing=briefing)
    services.add_item(bu, issue, kind="update", heading="Action plan progress", body="On track.")
    services.publish(bu, issue)
    issue.refresh_from_db()
    return issue


def page_of(client, issue) -> str:
    response = client.get(reverse("newsletters:detail", args=[issue.pk]))
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(client, issue) -> str:
    return "\n".join(pdf_pages(client.get(reverse("newsletters:pdf", args=[issue.pk])).content))


def test_a_withdrawn_briefing_shows_as_withdrawn_in_a_published_issue(
    world, client_for, issue, briefing
):
    practitioner = client_for(world.practitioner)
    assert briefing.title in page_of(practitioner, issue)
    briefing_services.withdraw(world.business_unit, briefing, "Wrong ages.", briefing.version)
    html = page_of(practitioner, issue)
    assert "This briefing was withdrawn" in html
    assert briefing.title not in html and "Think family" not in html
    assert reverse("briefings:detail", args=[briefing.pk]) not in html
    text = pdf_text(practitioner, issue)
    assert "This briefing was withdrawn" in text
    assert briefing.title not in text and "Think family" not in text
    assert "Action plan progress" in text  # the rest of the issue is unchanged


def test_a_corrected_briefing_is_linked_in_its_place(world, client_for, issue, briefing):
    briefing_services.withdraw(world.business_unit, briefing, "Wrong ages.", briefing.version)
    corrected = Briefing.objects.create(
        partnership=world.partnership,
        review=briefing.review,
        kind=briefing.kind,
        title="Learning from Ref057 (corrected)",
        sections=briefing.sections,
        status="published",
        published_on=dt.date(2026, 3, 2),
        corrects=briefing,
    )
    html = page_of(client_for(world.practitioner), issue)
    assert "This briefing was withdrawn" in html
    assert "replaced by a corrected version" in html
    assert f'href="{reverse("briefings:detail", args=[corrected.pk])}"' in html
    assert "corrected on 2 March 2026" in html


def test_withdrawing_an_issue_needs_a_reason_and_hides_it(world, client_for, issue):
    url = reverse("newsletters:withdraw", args=[issue.pk])
    business = client_for(world.business_unit)
    refused = business.post(url, {"reason": "", "version": str(issue.version)})
    assert "Enter why it is being withdrawn" in refused.content.decode()
    issue.refresh_from_db()
    assert issue.status == "published"
    done = business.post(url, {"reason": REASON, "version": str(issue.version)}, follow=True)
    html = done.content.decode()
    assert "is withdrawn: practitioners no longer see it" in html
    assert "This issue was withdrawn" in html and "Reason: An update gave a family" in html
    issue.refresh_from_db()
    assert (issue.status, issue.withdrawn_by) == ("withdrawn", world.business_unit)
    entry = AuditLog.objects.filter(object_id=str(issue.pk), action="update").latest("id")
    assert entry.actor == world.business_unit
    assert entry.changes["status"] == ["published", "withdrawn"]
    practitioner = client_for(world.practitioner)
    assert issue.title not in practitioner.get(reverse("newsletters:list")).content.decode()
    assert practitioner.get(reverse("newsletters:detail", args=[issue.pk])).status_code == 404
    assert practitioner.get(reverse("newsletters:pdf", args=[issue.pk])).status_code == 404


def test_only_the_business_unit_withdraws_or_corrects_an_issue(world, client_for, issue):
    withdraw = reverse("newsletters:withdraw", args=[issue.pk])
    correct = reverse("newsletters:correct", args=[issue.pk])
    for user in (world.subgroup_member, world.reviewer, world.practitioner):
        client = client_for(user)
        assert client.post(withdraw, {"reason": REASON}).status_code == 403
        assert client.post(correct).status_code == 403
    outsider = client_for(world.outsider)
    assert outsider.post(withdraw, {"reason": REASON}).status_code == 404
    assert outsider.post(correct).status_code == 404
    issue.refresh_from_db()
    assert issue.status == "published" and not issue.corrections.exists()


def test_a_corrected_issue_replaces_the_published_one(world, client_for, issue, briefing):
    business = client_for(world.business_unit)
    response = business.post(reverse("newsletters:correct", args=[issue.pk]))
    correction = Newsletter.objects.get(corrects=issue)
    assert response["Location"] == reverse("newsletters:detail", args=[correction.pk])
    items = NewsletterItem.objects.filter(newsletter=correction).order_by("position")
    assert [(i.kind, i.briefing_id) for i in items] == [("briefing", briefing.pk), ("update", None)]
    update = items[1]
    services.update_item(
        world.business_unit, correction, update, heading="Action plan progress", body="Delayed."
    )
    publish = reverse("newsletters:publish", args=[correction.pk])
    business.post(publish, {})
    issue.refresh_from_db()
    correction.refresh_from_db()
    assert correction.status == "published"
    assert (issue.status, issue.withdrawal_reason) == (
        "withdrawn",
        "Replaced by a corrected version",
    )
    assert (
        AuditLog.objects.filter(object_id=str(issue.pk)).latest("id").actor == world.business_unit
    )
    practitioner = client_for(world.practitioner)
    listing = practitioner.get(reverse("newsletters:list")).content.decode()
    assert reverse("newsletters:detail", args=[correction.pk]) in listing
    assert reverse("newsletters:detail", args=[issue.pk]) not in listing
    html = page_of(practitioner, correction)
    assert "Corrected on 2 March 2026" in html and "Delayed." in html
    assert "Corrected on 2 March 2026" in pdf_text(practitioner, correction)
