"""Withdrawing a published briefing (with a reason) and publishing a corrected version: who
may, what practitioners then see, what is kept, and the audit log. Publishing asks for the
publisher's confirmation and refuses a review with no findings."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from casereviews.briefings import services
from casereviews.briefings.models import Briefing, BriefingKind, Dissemination
from casereviews.core.models import AuditLog
from casereviews.core.presenters import format_date
from tests.briefings.briefing_data import SIX_STEP, edit_data
from tests.factories import ReviewFactory

pytest_plugins = ["tests.briefings.briefings_fixtures"]

REASON = "It gave the month of birth."


def withdraw_url(briefing) -> str:
    return reverse("briefings:withdraw", args=[briefing.pk])


def detail_url(briefing) -> str:
    return reverse("briefings:detail", args=[briefing.pk])


def withdraw_by_page(client, briefing, reason: str = REASON):
    return client.post(
        withdraw_url(briefing), {"reason": reason, "version": str(briefing.version)}, follow=True
    )


def publish_by_page(client, briefing, **extra):
    data = {"action": "publish", "version": str(briefing.version), **extra}
    return client.post(reverse("briefings:publish", args=[briefing.pk]), data, follow=True)


def test_withdraw_with_a_reason(world, client_for, bf_published):
    client = client_for(world.business_unit)
    page = client.get(withdraw_url(bf_published)).content.decode()
    assert "Withdraw “Exploitation hidden in plain sight”" in page
    html = withdraw_by_page(client, bf_published).content.decode()
    assert "is withdrawn: practitioners no longer see it" in html
    assert REASON in html  # the reason, on the briefing's page
    bf_published.refresh_from_db()
    assert bf_published.status == "withdrawn"
    assert bf_published.withdrawn_on == timezone.localdate()
    assert bf_published.withdrawn_by == world.business_unit
    assert bf_published.withdrawal_reason == REASON
    entry = AuditLog.objects.filter(object_id=str(bf_published.pk), action="update").latest("id")
    assert entry.actor == world.business_unit
    assert entry.changes["status"] == ["published", "withdrawn"]
    assert entry.changes["withdrawal_reason"] == ["", REASON]


def test_withdraw_without_a_reason_is_refused(world, client_for, bf_published):
    response = withdraw_by_page(client_for(world.business_unit), bf_published, reason="  ")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Enter why it is being withdrawn" in html
    bf_published.refresh_from_db()
    assert bf_published.status == "published"


def test_a_reason_is_kept_without_the_detail_it_names(world, client_for, bf_published):
    withdraw_by_page(
        client_for(world.business_unit), bf_published, reason="It gave 14 Acacia Avenue."
    )
    bf_published.refresh_from_db()
    assert bf_published.withdrawal_reason == "It gave [address removed]."
    entry = AuditLog.objects.filter(object_id=str(bf_published.pk), action="update").latest("id")
    assert "Acacia" not in str(entry.changes)


def test_practitioners_no_longer_see_a_withdrawn_briefing(world, client_for, bf_published):
    practitioner = client_for(world.practitioner)
    assert bf_published.title in practitioner.get(reverse("briefings:list")).content.decode()
    services.withdraw(world.business_unit, bf_published, REASON, bf_published.version)
    practitioner = client_for(world.practitioner)
    assert bf_published.title not in practitioner.get(reverse("briefings:list")).content.decode()
    for name in ("detail", "pdf", "docx"):
        url = reverse(f"briefings:{name}", args=[bf_published.pk])
        assert practitioner.get(url).status_code == 404
    # The business unit still finds it, under "Withdrawn", with its PDF marked as withdrawn.
    business = client_for(world.business_unit)
    listing = business.get(reverse("briefings:list")).content.decode()
    assert '<h2 class="govuk-heading-m">Withdrawn</h2>' in listing
    assert bf_published.title in listing
    pdf = business.get(reverse("briefings:pdf", args=[bf_published.pk]))
    assert pdf["Content-Disposition"].endswith('-WITHDRAWN.pdf"')


def test_withdrawn_keeps_its_history_and_sharing_records(world, client_for, bf_published):
    Dissemination.objects.create(
        briefing=bf_published,
        agency=world.police,
        method="team_meeting",
        shared_on=dt.date(2026, 9, 1),
        staff_reached=12,
    )
    before = AuditLog.objects.filter(object_id=str(bf_published.pk)).count()
    services.withdraw(world.business_unit, bf_published, REASON, bf_published.version)
    assert Briefing.objects.filter(pk=bf_published.pk).exists()
    assert Dissemination.objects.filter(briefing=bf_published).count() == 1
    assert AuditLog.objects.filter(object_id=str(bf_published.pk)).count() == before + 1
    page = client_for(world.business_unit).get(reverse("sharing:briefing", args=[bf_published.pk]))
    assert "Northshire Police" in page.content.decode()


def test_a_withdrawn_briefing_of_a_restricted_review_is_not_open(world, client_for, bf_published):
    review = bf_published.review
    review.restricted = True
    review.save()
    review.restricted_members.set([world.business_unit])
    # Published: open to the whole partnership (docs/adr/0013).
    assert client_for(world.subgroup_member).get(detail_url(bf_published)).status_code == 200
    services.withdraw(world.business_unit, bf_published, REASON, bf_published.version)
    assert client_for(world.subgroup_member).get(detail_url(bf_published)).status_code == 404
    assert Briefing.objects.in_reach(world.subgroup_member).filter(pk=bf_published.pk).count() == 0
    assert client_for(world.business_unit).get(detail_url(bf_published)).status_code == 200


def test_only_the_business_unit_may_withdraw_or_correct(world, client_for, bf_published):
    for user in (world.subgroup_member, world.reviewer, world.practitioner):
        client = client_for(user)
        assert client.get(withdraw_url(bf_published)).status_code == 403
        assert client.post(withdraw_url(bf_published), {"reason": REASON}).status_code == 403
        correct = reverse("briefings:correct", args=[bf_published.pk])
        assert client.post(correct).status_code == 403
    outsider = client_for(world.outsider)
    assert outsider.get(withdraw_url(bf_published)).status_code == 404
    assert outsider.post(withdraw_url(bf_published), {"reason": REASON}).status_code == 404
    assert outsider.post(reverse("briefings:correct", args=[bf_published.pk])).status_code == 404
    bf_published.refresh_from_db()
    assert bf_published.status == "published"
    assert not Briefing.objects.filter(corrects=bf_published).exists()


def test_a_draft_cannot_be_withdrawn(world, client_for, bf_draft):
    response = client_for(world.business_unit).get(withdraw_url(bf_draft), follow=True)
    assert "Only a published briefing can be withdrawn" in response.content.decode()


def test_correction_end_to_end(world, client_for, bf_published):
    business = client_for(world.business_unit)
    first_published = bf_published.published_on
    response = business.post(reverse("briefings:correct", args=[bf_published.pk]))
    correction = Briefing.objects.get(corrects=bf_published)
    assert response["Location"] == reverse("briefings:edit", args=[correction.pk])
    assert correction.status == "draft" and correction.sections == bf_published.sections
    created = AuditLog.objects.get(object_id=str(correction.pk), action="create")
    assert created.actor == world.business_unit
    # Edited: a personal detail slips in, and the anonymisation check catches it.
    fixed = SIX_STEP["the_case"].replace("eleven", "nine")
    business.post(
        reverse("briefings:edit", args=[correction.pk]),
        edit_data(correction, the_case=fixed + " She lived at 14 Acacia Avenue."),
    )
    correction.refresh_from_db()
    assert publish_by_page(business, correction, confirmed="on").status_code == 200
    correction.refresh_from_db()
    assert correction.status == "draft"  # an open warning refuses it
    business.post(reverse("briefings:edit", args=[correction.pk]), edit_data(correction))
    correction.refresh_from_db()
    business.post(
        reverse("briefings:edit", args=[correction.pk]), edit_data(correction, the_case=fixed)
    )
    correction.refresh_from_db()
    html = publish_by_page(business, correction, confirmed="on").content.decode()
    today = format_date(timezone.localdate())
    assert "It replaces the version it corrects" in html
    correction.refresh_from_db()
    bf_published.refresh_from_db()
    assert correction.status == "published"
    assert bf_published.status == "withdrawn"
    assert bf_published.withdrawal_reason == "Replaced by a corrected version"
    withdrawn_entry = AuditLog.objects.filter(object_id=str(bf_published.pk)).latest("id")
    assert withdrawn_entry.actor == world.business_unit
    assert withdrawn_entry.changes["status"] == ["published", "withdrawn"]
    # Practitioners see only the current version, with the line "Corrected on".
    practitioner = client_for(world.practitioner)
    listing = practitioner.get(reverse("briefings:list")).content.decode()
    assert listing.count(bf_published.title) == 1
    assert reverse("briefings:detail", args=[correction.pk]) in listing
    assert f"Corrected on {today}" in listing
    page = practitioner.get(detail_url(correction)).content.decode()
    assert f"Corrected on {today}" in page
    assert "nine times" in page
    assert practitioner.get(detail_url(bf_published)).status_code == 404
    assert "First published" in page and format_date(first_published) in page
    # The business unit sees both versions and why the first was withdrawn.
    history = client_for(world.business_unit).get(detail_url(bf_published)).content.decode()
    assert "Read the corrected version" in history
    assert "Version 1" in history and "Version 2" in history
    assert "Reason: Replaced by a corrected version" in history


def test_a_withdrawn_briefing_can_be_corrected_once(world, client_for, bf_published):
    services.withdraw(world.business_unit, bf_published, REASON, bf_published.version)
    business = client_for(world.business_unit)
    business.post(reverse("briefings:correct", args=[bf_published.pk]))
    again = business.post(reverse("briefings:correct", args=[bf_published.pk]), follow=True)
    assert "already been started" in again.content.decode()
    correction = Briefing.objects.get(corrects=bf_published)
    services.publish(world.business_unit, correction, correction.version)
    bf_published.refresh_from_db()
    assert bf_published.withdrawal_reason == REASON  # withdrawn already: its own reason stays


def test_a_withdrawn_briefing_is_not_edited(world, client_for, bf_published):
    services.withdraw(world.business_unit, bf_published, REASON, bf_published.version)
    business = client_for(world.business_unit)
    response = business.post(
        reverse("briefings:edit", args=[bf_published.pk]), edit_data(bf_published), follow=True
    )
    assert "publish a corrected version" in response.content.decode()
    bf_published.refresh_from_db()
    assert bf_published.status == "withdrawn"


def test_publish_needs_the_confirmation(world, client_for, bf_draft):
    business = client_for(world.business_unit)
    page = business.get(reverse("briefings:publish", args=[bf_draft.pk])).content.decode()
    assert "I have read this briefing and it names no child, family member or professional" in page
    html = publish_by_page(business, bf_draft).content.decode()
    assert "There is a problem" in html
    assert "Confirm that you have read the briefing" in html
    bf_draft.refresh_from_db()
    assert bf_draft.status == "draft"
    publish_by_page(business, bf_draft, confirmed="on")
    bf_draft.refresh_from_db()
    assert bf_draft.status == "published"


def test_publish_is_refused_for_a_review_with_no_findings(world, client_for):
    review = ReviewFactory(partnership=world.partnership, ref="Ref060")
    draft = services.create_briefing(
        world.business_unit, review, BriefingKind.SIX_STEP, title="Early", sections=SIX_STEP
    )
    business = client_for(world.business_unit)
    findings = reverse("learning:findings", args=[review.pk])
    page = business.get(reverse("briefings:publish", args=[draft.pk])).content.decode()
    assert "Ref060 has no findings yet" in page and f'href="{findings}"' in page
    html = publish_by_page(business, draft, confirmed="on").content.decode()
    assert "There is a problem" in html
    assert f'<a href="{findings}">Ref060 has no findings yet' in html
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_unticked_box_is_reported_with_the_other_problems(world, client_for, bf_draft):
    services.update_briefing(
        world.business_unit,
        bf_draft,
        title=bf_draft.title,
        sections={**bf_draft.sections, "background": "Child A lived at 14 Elm Road."},
        version=bf_draft.version,
    )
    bf_draft.refresh_from_db()
    html = publish_by_page(client_for(world.business_unit), bf_draft).content.decode()
    assert "1 anonymisation warning is not resolved" in html
    assert 'href="#id_confirmed">Confirm that you have read the briefing' in html
    bf_draft.refresh_from_db()
    assert bf_draft.status == "draft"
