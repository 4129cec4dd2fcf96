"""Starting a briefing from a review (pre-filled from its findings and actions), and editing it:
key points three to five, one a line; a stale edit is told and keeps the user's words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casereviews.briefings import services
from casereviews.briefings.models import Briefing
from casereviews.core.models import AuditLog
from tests.briefings.briefing_data import edit_data

pytest_plugins = ["tests.briefings.briefings_fixtures"]


def start(client, review, kind: str) -> Briefing:
    response = client.post(reverse("briefings:new", args=[review.pk]), {"kind": kind})
    briefing = Briefing.objects.get(review=review, kind=kind)
    assert response.status_code == 302
    assert response["Location"] == reverse("briefings:edit", args=[briefing.pk])
    return briefing


def test_a_six_step_draft_is_prefilled_from_the_review(world, client_for, bf_review):
    briefing = start(client_for(world.reviewer), bf_review, "six_step")
    s = briefing.sections
    assert set(s) == {  # PostgreSQL's jsonb keeps no key order: the template gives the order
        "the_case",
        "why_review",
        "what_learned",
        "good_practice",
        "what_changed",
        "questions",
    }
    assert s["the_case"] == (
        "The child, aged 12, is the subject of this review, about extreme neglect and cruelty."
    )
    assert "serious case review" in s["why_review"].lower()
    # Findings, with their accepted themes only.
    assert "Finding 1: Agencies assumed others held the concern" in s["what_learned"]
    assert s["what_learned"].startswith(
        "This review found learning about multi-agency working and information sharing, "
        "about neglect and poor parenting, and about voice and lived experience of the child."
    )
    assert "Domestic abuse" not in s["what_learned"]  # rejected
    assert "substance" not in s["what_learned"].lower()  # only suggested
    # Completed and evidenced actions go into "What has changed"; the Amber one is counted.
    assert "Train health visitors in the Graded Care Profile" in s["what_changed"]
    assert "An audit of 40 cases found the profile used in 36." in s["what_changed"]
    assert "Brief response officers on neglect" in s["what_changed"]
    assert "Audit neglect referrals" not in s["what_changed"]
    assert "1 more action is in progress" in s["what_changed"]
    assert s["good_practice"] == ""
    assert "seen" in s["questions"] or "hear" in s["questions"]
    assert AuditLog.objects.filter(object_type="briefings.Briefing", action="create").count() == 1


def test_a_seven_minute_draft_is_prefilled_from_the_review(world, client_for, bf_review):
    briefing = start(client_for(world.business_unit), bf_review, "seven_minute")
    s = briefing.sections
    # A point of each finding, then their next sentences until there are three.
    assert s["key_points"].splitlines() == [
        "Agencies assumed others held the concern.",
        "The child was not seen alone.",
        "Each agency saw part of the picture and assumed another was acting on it.",
        "His wishes were not recorded.",
    ]
    # What has changed, in short: two completed actions and a count of the rest.
    assert "Since the review:" in s["things_to_note"]
    assert "Train health visitors in the Graded Care Profile" in s["things_to_note"]
    assert "1 more action is in progress." in s["things_to_note"]
    assert "Use the Graded Care Profile when neglect is a concern." in s["what_to_do"]
    assert "See children alone and record their words." in s["what_to_do"]
    assert "information sharing" in s["why_it_matters"]
    assert len(s["reflective_questions"].splitlines()) == 3  # one for each accepted theme
    assert briefing.status == "draft" and briefing.created_by == world.business_unit


def test_choosing_nothing_is_an_error(world, client_for, bf_review):
    response = client_for(world.business_unit).post(reverse("briefings:new", args=[bf_review.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Select the kind of briefing" in html
    assert not Briefing.objects.exists()


def test_the_edit_form_has_one_field_a_section_with_its_hint(world, client_for, bf_draft):
    html = client_for(world.business_unit).get(reverse("briefings:edit", args=[bf_draft.pk]))
    html = html.content.decode()
    for heading in ("Background", "Why it matters", "Key points", "Reflective questions"):
        assert heading in html
    assert "Three to five points, one a line." in html
    assert 'name="key_points"' in html and 'name="title"' in html


def test_edit_saves_and_is_audited(world, client_for, bf_draft):
    client = client_for(world.reviewer)
    data = edit_data(bf_draft, title="A new title", things_to_note="Records were incomplete.")
    response = client.post(reverse("briefings:edit", args=[bf_draft.pk]), data)
    assert response.status_code == 302
    bf_draft.refresh_from_db()
    assert bf_draft.title == "A new title"
    assert bf_draft.sections["things_to_note"] == "Records were incomplete."
    assert bf_draft.version == 2
    entry = AuditLog.objects.filter(object_type="briefings.Briefing", action="update").get()
    assert entry.actor == world.reviewer and "title" in entry.changes


@pytest.mark.parametrize(
    ("key_points", "message"),
    [
        ("One\nTwo", "you have entered 2"),
        ("1\n2\n3\n4\n5\n6", "you have entered 6"),
        ("", "Enter three to five key points, one a line"),
        ("\n\n  \n", "Enter three to five key points, one a line"),
    ],
)
def test_key_points_must_be_three_to_five(world, client_for, bf_draft, key_points, message):
    client = client_for(world.business_unit)
    data = edit_data(bf_draft, key_points=key_points, title="Not saved")
    html = client.post(reverse("briefings:edit", args=[bf_draft.pk]), data).content.decode()
    assert "There is a problem" in html
    assert message in html
    assert 'href="#id_key_points"' in html
    bf_draft.refresh_from_db()
    assert bf_draft.title == "Seeing the whole picture"  # nothing half-saved


def test_three_to_five_key_points_with_bullets_and_blank_lines_are_fine(
    world, client_for, bf_draft
):
    data = edit_data(bf_draft, key_points="- One\n\n- Two\n• Three\n\n* Four\n")
    assert (
        client_for(world.business_unit)
        .post(reverse("briefings:edit", args=[bf_draft.pk]), data)
        .status_code
        == 302
    )


def test_a_title_is_required(world, client_for, bf_draft):
    html = (
        client_for(world.business_unit)
        .post(reverse("briefings:edit", args=[bf_draft.pk]), edit_data(bf_draft, title="  "))
        .content.decode()
    )
    assert "Enter a title for the briefing" in html


def test_a_stale_edit_is_told_and_keeps_the_users_words(world, client_for, bf_draft):
    opened = edit_data(bf_draft)  # the reviewer opens the form at version 1
    services.update_briefing(
        world.business_unit,
        bf_draft,
        title="Changed by the business unit",
        sections={**bf_draft.sections, "background": "The business unit's background."},
        version=1,
    )
    mine = {**opened, "background": "My own careful words about Child A."}
    response = client_for(world.reviewer).post(reverse("briefings:edit", args=[bf_draft.pk]), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "since you opened it" in html
    assert world.business_unit.get_full_name() in html
    assert "My own careful words about Child A." in html  # the user's entry, kept
    assert "The business unit&#39;s background." in html  # and what is saved now
    bf_draft.refresh_from_db()
    assert bf_draft.sections["background"] == "The business unit's background."
    # Saving again is now deliberate and succeeds.
    again = {**mine, "version": str(bf_draft.version)}
    assert (
        client_for(world.reviewer)
        .post(reverse("briefings:edit", args=[bf_draft.pk]), again)
        .status_code
        == 302
    )
    bf_draft.refresh_from_db()
    assert bf_draft.sections["background"] == "My own careful words about Child A."


def test_the_detail_page_shows_the_sections_in_order(world, client_for, bf_draft):
    html = (
        client_for(world.business_unit)
        .get(reverse("briefings:detail", args=[bf_draft.pk]))
        .content.decode()
    )
    positions = [
        html.index(h)
        for h in (
            ">Background<",
            ">Why it matters<",
            ">Key points<",
            ">Things to note<",
            ">What to do<",
            ">Reflective questions<",
        )
    ]
    assert positions == sorted(positions)
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert "<li>See the child alone.</li>" in html
    assert "Download PDF" in html and "Download Word" in html
    assert "Check and publish" in html and "Edit" in html
