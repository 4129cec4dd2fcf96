"""The demo's agency lead (Northshire Police) receives their weekly digest from a real SMTP
server: their agency's overdue actions, by Ref, with working links, and nothing twice."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from casereviews.accounts.models import User
from casereviews.actions.models import OPEN_STATUSES, Action
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review


@pytest.fixture
def demo(db, capsys, settings):
    settings.CASEREVIEWS_SITE_URL = "http://testserver"
    call_command("demo")
    capsys.readouterr()


def test_demo_agency_lead_gets_a_digest_of_their_overdue_actions(demo, smtp_server, client):
    from django.utils import timezone

    lead = User.objects.get(username="agency.lead")
    today = timezone.localdate()
    overdue = Action.objects.filter(agency=lead.agency, status__in=OPEN_STATUSES, due_on__lt=today)
    assert overdue.exists()
    call_command("reminders", "send", "--kind", "weekly")
    mine = [m for m in smtp_server.messages if m["X-Envelope-To"] == lead.email]
    assert len(mine) == 1
    text = next(
        p.get_payload(decode=True).decode()
        for p in mine[0].walk()
        if p.get_content_type() == "text/plain"
    ).replace("\r\n", "\n")
    for action in overdue:
        assert f"action {action.pk}\n" in text
        assert action.description not in text
    other = Action.objects.exclude(agency=lead.agency).filter(due_on__lt=today).first()
    assert other is None or f"action {other.pk}\n" not in text
    # No child's details: no pseudonym, no review summary.
    for summary in Review.objects.exclude(summary="").values_list("summary", flat=True):
        assert summary not in text
    for pseudonym in Referral.objects.values_list("child_pseudonym", flat=True):
        assert f"{pseudonym} " not in text and f"{pseudonym}\n" not in text
    client.force_login(lead)
    for link in [w for w in text.split() if w.startswith("http://testserver/")][:5]:
        assert client.get(urlparse(link).path).status_code == 200, link
    call_command("reminders", "send", "--kind", "weekly")
    assert len([m for m in smtp_server.messages if m["X-Envelope-To"] == lead.email]) == 1
