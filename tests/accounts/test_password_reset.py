"""Password reset by email: sent through a real SMTP server on this machine and read back from
it; the link works once and expires; no way to learn whether an address has an account."""

from __future__ import annotations

import re

import pytest

from casereviews.core.models import AuditLog
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FORGOTTEN = "/accounts/sign-in/forgotten-password/"
NEW_PASSWORD = "a-brand-new-long-passphrase-77"


@pytest.fixture
def lead(world):
    world.subgroup_member.email = "lead@northshire.example"
    world.subgroup_member.save()
    return world.subgroup_member


def link_in(message) -> str:
    body = message.get_payload(decode=True).decode()
    return re.search(r"http://testserver(/accounts/sign-in/reset/\S+/)", body).group(1)


def signs_in(client, password: str) -> bool:
    response = client.post("/accounts/sign-in/", {"username": "lead", "password": password})
    return response.status_code == 302


def ask(client, address: str):
    return client.post(FORGOTTEN, {"email": address}, follow=True)


def test_the_sign_in_page_links_to_the_reset(client):
    assert FORGOTTEN in client.get("/accounts/sign-in/").content.decode()


def test_a_reset_link_arrives_by_smtp_and_changes_the_password_once(client, lead, smtp_server):
    response = ask(client, "LEAD@northshire.example")
    assert "Check your email" in response.content.decode()
    (message,) = smtp_server.messages
    assert message["X-Envelope-To"] == "lead@northshire.example"
    assert message["Subject"] == "Reset your Case reviews password"
    link = link_in(message)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password has been changed" in done.content.decode()
    assert signs_in(client, NEW_PASSWORD)
    client.post("/accounts/sign-out/")
    assert not signs_in(client, PASSWORD)
    again = client.get(link, follow=True)
    assert "This link has expired" in again.content.decode()
    changes = list(
        AuditLog.objects.filter(object_id=str(lead.pk)).values_list("changes", flat=True)
    )
    assert {"password_reset": "link sent"} in changes
    assert {"password": "changed with an emailed link"} in changes
    assert NEW_PASSWORD not in str(changes) and link.split("/")[-2] not in str(changes)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, lead, smtp_server):
    known = ask(client, "lead@northshire.example").content.decode()
    unknown = ask(client, "nobody@northshire.example").content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')
    assert strip.sub("", known) == strip.sub("", unknown)
    assert len(smtp_server.messages) == 1
    nowhere = AuditLog.objects.filter(action="sign_in_failed").latest("id")
    assert "nobody@" not in str(nowhere.changes) + nowhere.object_repr


def test_a_single_sign_on_only_account_gets_no_link(client, lead, smtp_server):
    lead.set_unusable_password()
    lead.save()
    ask(client, "lead@northshire.example")
    assert smtp_server.messages == []


def test_the_link_expires(client, lead, smtp_server, clock, settings):
    ask(client, "lead@northshire.example")
    link = link_in(smtp_server.messages[0])
    clock(settings.PASSWORD_RESET_TIMEOUT // 60 + 1)
    assert "This link has expired" in client.get(link, follow=True).content.decode()
