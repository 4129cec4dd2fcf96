"""The anonymisation check before publishing: every warning listed, publishing refused while one
is open, dismissing needs a reason, editing the text resolves a warning; publishing is audited."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from casereviews.briefings import services
from casereviews.briefings.models import AnonymisationWarning, BriefingKind
from casereviews.core.models import AuditLog
from tests.briefings.briefing_data import SEVEN_MINUTE, edit_data

pytest_plugins = ["tests.briefings.briefings_fixtures"]

PERSONAL = {
    **SEVEN_MINUTE,
    "background": "Child A lived at 14 Elm Road with Mother. His teacher, Mrs Jones, noticed.",
    "things_to_note": "Child A attended Oakfield Primary School.",
}


def a_draft_with_details(world, review):
    return services.create_briefing(
        world.business_unit, review, BriefingKind.SEVEN_MINUTE, title="Details", sections=PERSONAL
    )


def publish_page(client, briefing) -> str:
    return client.get(reverse("briefings:publish", args=[briefing.pk])).content.decode()


def test_clean_text_has_no_warnings_and_publishes(world, client_for, bf_draft):
    client = client_for(world.business_unit)
    assert "The check found nothing that looks like a personal detail" in publish_page(
        client, bf_draft
    )
    response = client.post(
        reverse("briefings:publish", args=[bf_draft.pk]),
        {"action": "publish", "confirmed": "on", "version": str(bf_draft.version)},
        follow=True,
    )
    assert "is published" in response.content.decode()
    bf_draft.refresh_from_db()
    assert bf_draft.status == "published"
    assert bf_draft.published_on == timezone.localdate()
    assert bf_draft.published_by == world.business_unit
    entry = AuditLog.objects.filter(object_id=str(bf_draft.pk), action="update").latest("id")
    assert entry.changes["status"] == ["draft", "published"]
    # Practitioners now read it.
    detail = client_for(world.practitioner).get(reverse("briefings:detail", args=[bf_draft.pk]))
    assert detail.status_code == 200


def test_every_warning_is_listed_with_kind_section_and_context(world, client_for, bf_review):
    briefing = a_draft_with_details(world, bf_review)
    kinds = sorted(briefing.warnings.values_list("kind", "section", "matched"))
    assert kinds == [
        ("address", "background", "14 Elm Road"),
        ("name", "background", "Mrs Jones"),
        ("school", "things_to_note", "Oakfield Primary School"),
    ]
    html = publish_page(client_for(world.business_unit), briefing)
    assert "3 warnings to resolve" in html
    assert "Address in Background" in html and "Personal name in Background" in html
    assert "School name in Things to note" in html
    assert "Child A lived at <mark" in html  # the words around it
    assert '<mark class="app-anonymise-match">14 Elm Road</mark> with Mother' in html


def test_publishing_is_refused_while_a_warning_is_open(world, client_for, bf_review):
    briefing = a_draft_with_details(world, bf_review)
    response = client_for(world.business_unit).post(
        reverse("briefings:publish", args=[briefing.pk]),
        {"action": "publish", "confirmed": "on", "version": str(briefing.version)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "3 anonymisation warnings are not resolved" in html
    for warning in briefing.warnings.all():
        assert f'href="#warning-{warning.pk}"' in html
        assert f'id="warning-{warning.pk}"' in html
    briefing.refresh_from_db()
    assert briefing.status == "draft" and briefing.published_on is None


def test_dismissing_needs_a_reason(world, client_for, bf_review):
    briefing = a_draft_with_details(world, bf_review)
    warning = briefing.warnings.get(kind="school")
    url = reverse("briefings:publish", args=[briefing.pk])
    client = client_for(world.reviewer)
    html = client.post(
        url, {"action": "dismiss", "warning": warning.pk, "reason": "   "}
    ).content.decode()
    assert "There is a problem" in html
    assert "Enter why this is not a personal detail" in html
    assert f'href="#reason-{warning.pk}-reason"' in html
    warning.refresh_from_db()
    assert warning.state == "open"
    reason = "Oakfield Primary School is named in the published report with consent."
    response = client.post(url, {"action": "dismiss", "warning": warning.pk, "reason": reason})
    assert response.status_code == 302
    warning.refresh_from_db()
    assert (warning.state, warning.reason, warning.decided_by) == (
        "dismissed",
        reason,
        world.reviewer,
    )
    html = publish_page(client, briefing)
    assert "2 warnings to resolve" in html and reason in html


def test_editing_the_text_resolves_the_warning(world, client_for, bf_review):
    briefing = a_draft_with_details(world, bf_review)
    client = client_for(world.business_unit)
    background = "Child A lived in Northampton with Mother. His teacher noticed."
    response = client.post(
        reverse("briefings:edit", args=[briefing.pk]),
        edit_data(briefing, background=background),
        follow=True,
    )
    assert "found 1 thing to look at before publishing" in response.content.decode()
    # A detail edited away is not kept: its warning remembers only its kind (ADR 0015).
    states = set(briefing.warnings.values_list("kind", "matched", "state"))
    assert states == {
        ("address", "[address removed]", "edited"),
        ("name", "[name removed]", "edited"),
        ("school", "Oakfield Primary School", "open"),
    }


def test_a_dismissed_warning_stays_dismissed_when_other_text_changes(world, client_for, bf_review):
    briefing = a_draft_with_details(world, bf_review)
    school = briefing.warnings.get(kind="school")
    services.dismiss_warning(world.business_unit, school, "Named with consent.")
    moved = "Earlier, in 2016, Child A attended Oakfield Primary School."
    services.update_briefing(
        world.business_unit,
        briefing,
        title=briefing.title,
        sections={**briefing.sections, "things_to_note": moved},
        version=briefing.version,
    )
    school.refresh_from_db()
    assert school.state == "dismissed"
    assert moved[school.start : school.end] == "Oakfield Primary School"  # it moved with the text
    assert AnonymisationWarning.objects.filter(briefing=briefing, kind="school").count() == 1


def test_all_resolved_then_published(world, client_for, bf_review):
    briefing = a_draft_with_details(world, bf_review)
    client = client_for(world.business_unit)
    for warning in briefing.warnings.all():
        services.dismiss_warning(world.business_unit, warning, "Fictional, for the test.")
    response = client.post(
        reverse("briefings:publish", args=[briefing.pk]),
        {"action": "publish", "confirmed": "on", "version": str(briefing.version)},
    )
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == "published"


def test_a_detail_added_in_the_title_is_found(world, client_for, bf_draft):
    services.update_briefing(
        world.business_unit,
        bf_draft,
        title="The death of Jade Thompson",
        sections=bf_draft.sections,
        version=bf_draft.version,
    )
    assert list(bf_draft.warnings.values_list("section", "matched", "state")) == [
        ("title", "Jade Thompson", "open")
    ]
    assert "Personal name in Title" in publish_page(client_for(world.business_unit), bf_draft)


def test_empty_sections_refuse_publishing(world, client_for, bf_draft):
    services.update_briefing(
        world.business_unit,
        bf_draft,
        title=bf_draft.title,
        sections={**bf_draft.sections, "things_to_note": ""},
        version=bf_draft.version,
    )
    client = client_for(world.business_unit)
    assert "Some sections are not written yet: Things to note" in publish_page(client, bf_draft)
    html = client.post(
        reverse("briefings:publish", args=[bf_draft.pk]),
        {"action": "publish", "confirmed": "on", "version": str(bf_draft.version)},
    ).content.decode()
    assert "Write the “Things to note” section before publishing" in html
    bf_draft.refresh_from_db()
    assert bf_draft.status == "draft"


def test_publishing_what_someone_changed_since_is_refused(world, client_for, bf_draft):
    seen = bf_draft.version
    services.update_briefing(
        world.reviewer,
        bf_draft,
        title="Changed meanwhile",
        sections=bf_draft.sections,
        version=seen,
    )
    html = (
        client_for(world.business_unit)
        .post(
            reverse("briefings:publish", args=[bf_draft.pk]),
            {"action": "publish", "confirmed": "on", "version": str(seen)},
        )
        .content.decode()
    )
    assert "since you opened it" in html
    bf_draft.refresh_from_db()
    assert bf_draft.status == "draft"


def test_run_the_check_again(world, client_for, bf_draft):
    response = client_for(world.business_unit).post(
        reverse("briefings:publish", args=[bf_draft.pk]), {"action": "check"}, follow=True
    )
    assert "The anonymisation check has been run again" in response.content.decode()


def test_empty_sections_and_warnings_are_reported_together(world, client_for, bf_review):
    briefing = a_draft_with_details(world, bf_review)
    services.update_briefing(
        world.business_unit,
        briefing,
        title=briefing.title,
        sections={**briefing.sections, "what_to_do": ""},
        version=briefing.version,
    )
    html = (
        client_for(world.business_unit)
        .post(
            reverse("briefings:publish", args=[briefing.pk]),
            {"action": "publish", "confirmed": "on", "version": str(briefing.version)},
        )
        .content.decode()
    )
    edit = reverse("briefings:edit", args=[briefing.pk])
    assert f'href="{edit}#id_what_to_do"' in html
    assert "3 anonymisation warnings are not resolved" in html
