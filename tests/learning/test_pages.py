"""What a user sees and does on the findings pages."""

from __future__ import annotations

import pytest

from casereviews.learning import services
from casereviews.learning.models import Finding, TagState, ThemeTag
from tests.learning.conftest import NEGLECT_TEXT

pytestmark = pytest.mark.django_db


def test_adding_a_finding_shows_the_engines_suggestions(world, client_for, review):
    client = client_for(world.reviewer)
    response = client.post(
        f"/reviews/{review.pk}/findings/new/",
        {"title": "Curiosity about the household", "text": NEGLECT_TEXT},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.pk}/findings/#finding-1"
    page = client.get(response["Location"]).content.decode()
    assert "Finding 1 has been added. The theme engine suggests 5 themes" in page
    assert "Suggested by the theme engine, awaiting a decision" in page
    assert "Child A&#39;s voice was <mark>not heard</mark>; he was rarely seen" in page
    assert "Neglect and poor parenting" in page


def test_an_empty_finding_gets_the_error_summary(world, client_for, review):
    response = client_for(world.reviewer).post(
        f"/reviews/{review.pk}/findings/new/", {"title": "x" * 201, "text": ""}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the text of the finding" in page
    assert "The title must be 200 characters or fewer" in page
    assert not Finding.objects.exists()


def test_what_a_person_types_is_escaped(world, client_for, review):
    services.add_finding(
        world.business_unit, review, title="<b>bold</b>", text="<script>x()</script> neglect"
    )
    page = client_for(world.reviewer).get(f"/reviews/{review.pk}/findings/").content.decode()
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page
    assert "<b>bold</b>" not in page


def test_a_stale_edit_tells_the_second_editor_and_keeps_their_text(world, client_for, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    opened = finding.version
    services.update_finding(world.business_unit, finding, {"title": "Saved first"}, opened)
    client = client_for(world.reviewer)
    mine = "My own rewrite of the finding about domestic abuse and MARAC."
    response = client.post(
        f"/findings/{finding.pk}/edit/", {"title": "Mine", "text": mine, "version": opened}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "was changed by Sam Tester" in page
    assert "Your changes have not been saved" in page
    assert mine in page  # their text is kept in the form
    assert "What is saved now" in page and "Saved first" in page
    finding.refresh_from_db()
    assert finding.title == "Saved first"
    # saving again is now deliberate
    response = client.post(
        f"/findings/{finding.pk}/edit/",
        {"title": "Mine", "text": mine, "version": finding.version},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.text == mine
    assert finding.tags.get(theme_id="domestic-abuse").state == TagState.SUGGESTED


def test_accept_reject_and_reopen_from_the_findings_page(world, client_for, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tags = {t.theme_id: t for t in finding.tags.all()}
    client = client_for(world.reviewer)
    back = f"/reviews/{review.pk}/findings/#finding-1"
    assert client.post(f"/themes/{tags['neglect'].pk}/accept/")["Location"] == back
    response = client.post(f"/themes/{tags['fathers-men'].pk}/reject/", {"reason": "Assessed"})
    assert response["Location"] == back
    page = client.get(f"/reviews/{review.pk}/findings/").content.decode()
    accepted = page[page.find("Themes accepted") : page.find("Suggested by the theme engine,")]
    assert "Neglect and poor parenting" in accepted
    assert "Reason: Assessed" in page
    client.post(f"/themes/{tags['fathers-men'].pk}/reopen/", {})
    assert ThemeTag.objects.get(pk=tags["fathers-men"].pk).state == TagState.SUGGESTED
    assert client.get(f"/themes/{tags['neglect'].pk}/accept/").status_code == 405


def test_deciding_twice_is_explained(world, client_for, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tag = finding.tags.get(theme_id="neglect")
    services.reject_tag(world.business_unit, tag, "Not neglect")
    response = client_for(world.reviewer).post(f"/themes/{tag.pk}/accept/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Neglect and poor parenting has already been rejected by Sam Tester" in page


def test_a_reason_too_long_is_refused(world, client_for, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tag = finding.tags.get(theme_id="neglect")
    response = client_for(world.reviewer).post(f"/themes/{tag.pk}/reject/", {"reason": "x" * 501})
    assert "The reason must be 500 characters or fewer" in response.content.decode()
    tag.refresh_from_db()
    assert tag.state == TagState.SUGGESTED


def test_adding_a_theme_and_an_unknown_one(world, client_for, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    client = client_for(world.reviewer)
    form = client.get(f"/findings/{finding.pk}/themes/new/").content.decode()
    assert 'value="supervision"' in form and 'value="neglect"' not in form  # already suggested
    response = client.post(f"/findings/{finding.pk}/themes/new/", {"theme": "astrology"})
    assert "Select a theme from the list" in response.content.decode()
    response = client.post(
        f"/findings/{finding.pk}/themes/new/", {"theme": "supervision", "reason": "Oversight"}
    )
    assert response.status_code == 302
    tag = finding.tags.get(theme_id="supervision")
    assert tag.source == "person" and tag.state == TagState.ACCEPTED
    page = client.get(f"/findings/{finding.pk}/history/").content.decode()
    assert "Added" in page and "Oversight" in page


def test_the_history_shows_suggestions_and_decisions(world, client_for, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tag = finding.tags.get(theme_id="fathers-men")
    services.reject_tag(world.business_unit, tag, "The partner was assessed by probation")
    page = client_for(world.subgroup_member).get(f"/findings/{finding.pk}/history/")
    text = page.content.decode()
    assert f"Suggested by the theme engine (score {round(tag.score * 100)}%)" in text
    assert "The theme engine" in text
    assert "The mother&#39;s new partner was never assessed" in text  # the evidence
    assert "Rejected" in text and "The partner was assessed by probation" in text
    assert "Sam Tester" in text
