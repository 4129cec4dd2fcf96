"""The emails, sent through Django's SMTP backend to a real SMTP server (aiosmtpd): the digest,
its links, nothing twice in one period, a failure retried, and the fortnightly escalation."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command

from casereviews.core.models import AuditLog
from casereviews.reminders import services
from casereviews.reminders.models import SentReminder
from tests.reminders.conftest import CHILD_DETAILS, TODAY


def mail_to(mailbox, user):
    return [m for m in mailbox.messages if m["X-Envelope-To"] == user.email]


def parts(message) -> tuple[str, str]:
    text = html = ""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()
    return text, html


def links(text: str) -> list[str]:
    return [word for word in text.split() if word.startswith("http://testserver/")]


def send(kind="weekly", today=TODAY):
    call_command("reminders", "send", "--kind", kind, "--today", today.isoformat())


def test_agency_lead_gets_a_digest_of_their_overdue_actions_once(
    world, plan, referral, briefing, smtp_server, client_for
):
    send()
    (message,) = mail_to(smtp_server, world.subgroup_member)
    text, html = parts(message)
    assert message["Subject"].startswith("What falls due this week")
    assert "overdue" in message["Subject"]
    assert f"Ref057 recommendation 1, action {plan['overdue'].pk}" in text
    assert "Overdue by 20 days" in text and "Overdue by 20 days" in html
    assert f"action {plan['health'].pk}" not in text  # the health agency's
    assert f"action {plan['restricted'].pk}" not in text  # a restricted review's
    for detail in CHILD_DETAILS + [world.subgroup_member.last_name]:
        assert detail not in text and detail not in html
    # Every link opens, for the person it was sent to.
    client = client_for(world.subgroup_member)
    for link in links(text):
        assert client.get(urlparse(link).path).status_code == 200, link
    # Recorded, audited without the child's details, and never sent twice in the week.
    sent = SentReminder.objects.get(user=world.subgroup_member, kind="weekly")
    assert sent.period_key == "2026-W49"
    assert f"action:{plan['overdue'].pk}" in {ref["key"] for ref in sent.item_refs}
    entry = AuditLog.objects.filter(object_type="reminders.SentReminder").first()
    assert entry is not None and "Child Q" not in str(entry.changes) + entry.object_repr
    count = len(smtp_server.messages)
    send()
    send(today=TODAY + dt.timedelta(days=3))  # the same ISO week
    assert len(smtp_server.messages) == count
    send(today=TODAY + dt.timedelta(days=7))  # next week: again
    assert len(mail_to(smtp_server, world.subgroup_member)) == 2


def test_the_restricted_reviews_action_goes_to_its_member(world, plan, smtp_server):
    send()
    (message,) = mail_to(smtp_server, world.business_unit)
    text, _ = parts(message)
    assert f"Ref099 recommendation 1, action {plan['restricted'].pk}" in text
    assert f"action {plan['health'].pk}" in text


def test_other_partnership_gets_only_its_own(world, plan, other_partnership_action, smtp_server):
    send()
    (message,) = mail_to(smtp_server, world.outsider)
    text, _ = parts(message)
    assert "Ref777" in text and "Ref057" not in text and "Ref099" not in text
    assert all("Ref777" not in parts(m)[0] for m in mail_to(smtp_server, world.business_unit))


def test_nothing_due_no_email_and_opt_out_respected(world, plan, smtp_server, client_for):
    client = client_for(world.subgroup_member)
    response = client.post("/accounts/reminders/", {})  # weekly unticked
    assert response.status_code == 302
    send()
    assert mail_to(smtp_server, world.subgroup_member) == []
    assert mail_to(smtp_server, world.practitioner) == []  # nothing falls due for them
    assert mail_to(smtp_server, world.business_unit)


def test_a_failed_send_leaves_no_record_and_is_retried(world, plan, smtp_server, settings):
    from tests.conftest import free_port

    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listening
    with pytest.raises(CommandError):
        send()
    assert not SentReminder.objects.exists()
    settings.EMAIL_PORT = port
    send()
    assert mail_to(smtp_server, world.subgroup_member)
    assert SentReminder.objects.filter(user=world.subgroup_member).exists()


def test_daily_digest_only_for_the_business_unit_that_chose_it(
    world, plan, smtp_server, client_for
):
    send("daily")
    assert smtp_server.messages == []
    client = client_for(world.business_unit)
    assert "Daily" in client.get("/accounts/reminders/").content.decode()
    client.post("/accounts/reminders/", {"weekly": "on", "daily": "on"})
    send("daily")
    send("daily")
    (message,) = smtp_server.messages
    assert message["X-Envelope-To"] == world.business_unit.email
    assert message["Subject"].startswith("What falls due today")
    send("daily", TODAY + dt.timedelta(days=1))
    assert len(smtp_server.messages) == 2


def test_fortnightly_escalation_of_overdue_and_stale_actions_by_agency(world, plan, smtp_server):
    send("escalation", TODAY + dt.timedelta(days=40))  # the 30-day action is 10 days late
    (message,) = smtp_server.messages
    assert message["X-Envelope-To"] == world.business_unit.email
    text, html = parts(message)
    assert message["Subject"].startswith("Action plan escalation: 5 overdue")
    assert "Northshire Police: 4" in text and "Northshire Health: 1" in text
    assert "No updates" in text and "<h3" in html
    for detail in CHILD_DETAILS:
        assert detail not in text and detail not in html
    send("escalation", TODAY + dt.timedelta(days=41))
    assert len(smtp_server.messages) == 1  # the same fortnight
    assert services.period_key("escalation", TODAY + dt.timedelta(days=40)) != (
        services.period_key("escalation", TODAY + dt.timedelta(days=54))
    )


def test_stale_open_actions_are_escalated_before_they_are_overdue(world, plan, smtp_server):
    send("escalation", TODAY + dt.timedelta(days=29))  # "later" due in a day, no update in 29
    text, _ = parts(smtp_server.messages[0])
    stale = text.split("no update for 4 weeks")[1]
    assert f"action {plan['later'].pk}" in stale
