"""Personal data the check removed is not kept (ADR 0015): after a user edits a detail away, no
audit entry and no warning row holds it (read from the database's own text), on SQLite and
PostgreSQL; the audit log still says that the text changed and what kind of detail went."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.urls import reverse

from casereviews.briefings import services
from casereviews.briefings.models import BriefingKind
from casereviews.briefings.newsletters import services as newsletters
from casereviews.core.models import AuditLog
from tests.briefings.briefing_data import SEVEN_MINUTE, edit_data

pytest_plugins = ["tests.briefings.briefings_fixtures"]

ADDRESS = "14 Acacia Avenue"
BACKGROUND = f"Child A lived at {ADDRESS} with Mother and her partner."


def stored_text(warnings: bool = True) -> str:
    """Everything the audit log (and the warning history) hold, as the database stores it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(changes AS TEXT), object_repr FROM core_auditlog")
        rows = [" ".join(r) for r in cursor.fetchall()]
        if warnings:
            cursor.execute("SELECT matched FROM briefings_anonymisationwarning")
            rows += [r[0] for r in cursor.fetchall()]
    return "\n".join(rows)


def test_an_address_edited_away_is_kept_nowhere(world, client_for, bf_review):
    briefing = services.create_briefing(
        world.business_unit,
        bf_review,
        BriefingKind.SEVEN_MINUTE,
        title="Learning from Child A",
        sections={**SEVEN_MINUTE, "background": BACKGROUND},
    )
    client = client_for(world.business_unit)
    # While the warning is open, the page shows the detail so the user can find it.
    page = client.get(reverse("briefings:publish", args=[briefing.pk])).content.decode()
    assert ADDRESS in page
    assert ADDRESS not in stored_text(warnings=False)  # only the open warning holds it
    response = client.post(
        reverse("briefings:edit", args=[briefing.pk]),
        edit_data(briefing, background="Child A lived with Mother and her partner."),
    )
    assert response.status_code == 302

    assert "Acacia" not in stored_text()
    warning = briefing.warnings.get()
    assert (warning.kind, warning.state, warning.matched) == (
        "address",
        "edited",
        "[address removed]",
    )
    # The log still shows the change, with the detail replaced by its kind.
    update = AuditLog.objects.filter(object_type="briefings.Briefing", action="update").first()
    assert update.changes["sections"][0]["background"] == (
        "Child A lived at [address removed] with Mother and her partner."
    )
    page = client.get(reverse("briefings:publish", args=[briefing.pk])).content.decode()
    assert "[address removed]" in page and "Acacia" not in page


def test_a_name_in_the_title_is_not_kept_in_the_log(world, bf_review):
    briefing = services.create_briefing(
        world.business_unit,
        bf_review,
        BriefingKind.SEVEN_MINUTE,
        title="Learning from Kelly Price's family",
        sections=SEVEN_MINUTE,
    )
    services.update_briefing(
        world.business_unit,
        briefing,
        title="Learning from Child A's family",
        sections=SEVEN_MINUTE,
        version=briefing.version,
    )
    assert "Kelly" not in stored_text()
    entry = AuditLog.objects.filter(object_type="briefings.Briefing", action="create").get()
    assert entry.changes["after"]["title"] == "Learning from [name removed] family"


def test_a_newsletter_phone_number_edited_away_is_kept_nowhere(world):
    issue = newsletters.create_newsletter(
        world.business_unit, title="Spring issue", issue_date=dt.date(2026, 4, 1)
    )
    item = newsletters.add_item(
        world.business_unit,
        issue,
        kind="update",
        heading="Contact",
        body="Ring Kayleigh's mum on 07700 900123 about the event.",
    )
    newsletters.update_item(
        world.business_unit, issue, item, heading="Contact", body="Ring the business unit."
    )
    newsletters.remove_item(world.business_unit, issue, item)
    text = stored_text()
    assert "900123" not in text and "Kayleigh" not in text
    assert "[phone number removed]" in text


def test_a_partnerships_local_names_are_checked(world, bf_review, settings):
    text = {**SEVEN_MINUTE, "background": "Child A's mother Tegwen said she was fine."}
    plain = services.create_briefing(
        world.business_unit, bf_review, BriefingKind.SEVEN_MINUTE, title="One", sections=text
    )
    assert not plain.warnings.exists()  # not a name the project ships
    settings.CASEREVIEWS_EXTRA_FIRST_NAMES = ["Tegwen"]
    local = services.create_briefing(
        world.business_unit, bf_review, BriefingKind.SEVEN_MINUTE, title="Two", sections=text
    )
    assert list(local.warnings.values_list("kind", "matched")) == [("name", "Tegwen")]
