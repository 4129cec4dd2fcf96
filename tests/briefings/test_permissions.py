"""Who may do what with briefings: every page as a user who may (200), a user of the partnership
without the right (403) and a user of another partnership (404).

A practitioner asking for a draft gets 403, as they do for an unpublished review: the id says
nothing of what the draft holds, and "you cannot see this yet" is true and more helpful than
"not found". A draft of a restricted review is 404 to a non-member, as the review itself is.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from casereviews.briefings import services
from casereviews.briefings.models import BriefingKind
from casereviews.core.models import AuditLog
from tests.briefings.briefing_data import SEVEN_MINUTE
from tests.factories import UserFactory

pytest_plugins = ["tests.briefings.briefings_fixtures"]

DRAFT_PAGES = ["detail", "pdf", "docx"]


def status(client, url: str) -> int:
    return client.get(url).status_code


@pytest.mark.parametrize("page", DRAFT_PAGES)
def test_a_draft_is_for_the_board_and_its_reviewers(world, client_for, bf_draft, page):
    url = reverse(f"briefings:{page}", args=[bf_draft.pk])
    for user in (world.business_unit, world.subgroup_member, world.reviewer):
        assert status(client_for(user), url) == 200, user
    assert status(client_for(world.practitioner), url) == 403
    assert status(client_for(world.outsider), url) == 404


@pytest.mark.parametrize("page", DRAFT_PAGES)
def test_a_published_briefing_is_for_everyone_of_the_partnership(
    world, client_for, bf_published, page
):
    url = reverse(f"briefings:{page}", args=[bf_published.pk])
    for user in (world.business_unit, world.subgroup_member, world.reviewer, world.practitioner):
        assert status(client_for(user), url) == 200, user
    assert status(client_for(world.outsider), url) == 404


def test_a_reviewer_not_assigned_to_the_review_cannot_read_its_draft(
    world, client_for, bf_unassigned
):
    draft = services.create_briefing(
        world.business_unit, bf_unassigned, BriefingKind.SEVEN_MINUTE, sections=SEVEN_MINUTE
    )
    client = client_for(world.reviewer)
    assert status(client, reverse("briefings:detail", args=[draft.pk])) == 403
    assert status(client, reverse("briefings:new", args=[bf_unassigned.pk])) == 403
    assert "Ref058" not in client.get(reverse("briefings:list")).content.decode()


def test_list_shows_drafts_only_to_those_who_may_see_them(
    world, client_for, bf_draft, bf_published, bf_theirs
):
    for user in (world.business_unit, world.subgroup_member, world.reviewer):
        html = client_for(user).get(reverse("briefings:list")).content.decode()
        assert bf_draft.title in html and bf_published.title in html, user
    html = client_for(world.practitioner).get(reverse("briefings:list")).content.decode()
    assert bf_published.title in html
    assert bf_draft.title not in html
    assert "Theirs" not in html
    outsider = client_for(world.outsider).get(reverse("briefings:list")).content.decode()
    assert "Theirs" in outsider and bf_published.title not in outsider


def test_a_user_without_a_partnership_may_not_list_briefings(client_for, db):
    loner = UserFactory(partnership=None, agency=None, role="practitioner")
    assert status(client_for(loner), reverse("briefings:list")) == 403


def test_who_may_edit_a_draft(world, client_for, bf_draft):
    url = reverse("briefings:edit", args=[bf_draft.pk])
    for user in (world.business_unit, world.reviewer):
        assert status(client_for(user), url) == 200, user
    for user in (world.subgroup_member, world.practitioner):
        assert status(client_for(user), url) == 403, user
    assert status(client_for(world.outsider), url) == 404


def test_who_may_check_and_who_may_publish(world, client_for, bf_draft):
    url = reverse("briefings:publish", args=[bf_draft.pk])
    assert status(client_for(world.business_unit), url) == 200
    reviewer = client_for(world.reviewer)
    page = reviewer.get(url)
    assert page.status_code == 200
    assert "Only the business unit can publish" in page.content.decode()
    assert reviewer.post(url, {"action": "publish"}).status_code == 403
    for user in (world.subgroup_member, world.practitioner):
        assert status(client_for(user), url) == 403, user
    assert status(client_for(world.outsider), url) == 404
    bf_draft.refresh_from_db()
    assert bf_draft.status == "draft"


def test_who_may_start_a_briefing(world, client_for, bf_review):
    url = reverse("briefings:new", args=[bf_review.pk])
    for user in (world.business_unit, world.reviewer):
        assert status(client_for(user), url) == 200, user
    for user in (world.subgroup_member, world.practitioner):
        assert status(client_for(user), url) == 403, user
    assert status(client_for(world.outsider), url) == 404


def test_who_may_see_a_reviews_briefings(world, client_for, bf_review, bf_draft):
    url = reverse("briefings:for_review", args=[bf_review.pk])
    for user in (world.business_unit, world.subgroup_member, world.reviewer):
        assert status(client_for(user), url) == 200, user
    assert status(client_for(world.practitioner), url) == 403  # the review is not published
    assert status(client_for(world.outsider), url) == 404
    html = client_for(world.business_unit).get(url).content.decode()
    assert bf_draft.title in html and "Write a briefing" in html
    assert "Write a briefing" not in client_for(world.subgroup_member).get(url).content.decode()


def test_published_briefings_cannot_be_changed(world, client_for, bf_published):
    client = client_for(world.business_unit)
    for page in ("edit", "publish"):
        response = client.get(reverse(f"briefings:{page}", args=[bf_published.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("briefings:detail", args=[bf_published.pk])
        assert "can no longer be changed" in response.content.decode()
    response = client.post(
        reverse("briefings:edit", args=[bf_published.pk]),
        {"title": "Changed", "version": str(bf_published.version)},
    )
    bf_published.refresh_from_db()
    assert bf_published.title == "Exploitation hidden in plain sight"
    assert (
        status(client_for(world.outsider), reverse("briefings:edit", args=[bf_published.pk])) == 404
    )


def test_a_restricted_reviews_draft_is_not_found_by_non_members(world, client_for, bf_draft):
    review = bf_draft.review
    review.restricted = True
    review.save()
    review.restricted_members.set([world.business_unit])
    url = reverse("briefings:detail", args=[bf_draft.pk])
    assert status(client_for(world.subgroup_member), url) == 404
    assert (
        bf_draft.title
        not in client_for(world.subgroup_member).get(reverse("briefings:list")).content.decode()
    )
    before = AuditLog.objects.filter(action="view", object_id=str(bf_draft.pk)).count()
    assert status(client_for(world.business_unit), url) == 200
    assert (
        status(client_for(world.business_unit), reverse("briefings:pdf", args=[bf_draft.pk])) == 200
    )
    after = AuditLog.objects.filter(action="view", object_id=str(bf_draft.pk)).count()
    assert after == before + 2  # every view of a restricted review's record is audited
