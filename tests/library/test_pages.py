"""The library's pages as users see them: the search page, a theme's page, the home page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from casereviews.actions import services as actions
from casereviews.actions.models import Rag
from casereviews.learning import services as learning
from casereviews.library.models import Kind
from tests.library.test_search import library  # noqa: F401 - the fixture


def test_search_page_shows_highlighted_results_and_their_records(world, library, client_for):  # noqa: F811
    response = client_for(world.practitioner).get("/library/", {"q": "fathers"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fathers unseen" in body and "Think father" in body
    assert "<mark>" in body
    assert "Finding" in body and "Briefing" in body  # the record each comes from
    assert "stepfather" not in body and "police officer" not in body  # unpublished, restricted


@pytest.mark.parametrize("query", ['"', "NEAR(", "* OR -", "title:", "🙂", "<script>x</script>"])
def test_hostile_queries_give_a_page(world, library, client_for, query):  # noqa: F811
    response = client_for(world.business_unit).get("/library/", {"q": query})
    assert response.status_code == 200
    assert "<script>x" not in response.content.decode()


def test_filters_and_a_bad_filter_value(world, library, client_for):  # noqa: F811
    client = client_for(world.business_unit)
    body = client.get("/library/", {"q": "father", "kind": Kind.BRIEFING}).content.decode()
    assert "Think father" in body and "Fathers unseen" not in body
    # An unknown value is ignored, not an error.
    assert client.get("/library/", {"q": "father", "reporting_year": "x"}).status_code == 200


def test_theme_filter_offers_accepted_themes_only(world, library, client_for):  # noqa: F811
    client = client_for(world.business_unit)
    assert 'value="fathers-men"' not in client.get("/library/").content.decode()
    finding = library["published"].findings.get()
    learning.accept_tag(world.business_unit, finding.tags.get(theme_id="fathers-men"))
    assert 'value="fathers-men"' in client.get("/library/").content.decode()


def test_learning_about_a_theme(world, library, client_for):  # noqa: F811
    finding = library["published"].findings.get()
    learning.accept_tag(world.business_unit, finding.tags.get(theme_id="fathers-men"))
    body = client_for(world.practitioner).get("/library/themes/fathers-men/").content.decode()
    assert "Learning about Fathers and male carers" in body
    assert "Fathers unseen" in body and "Think father" in body
    assert client_for(world.practitioner).get("/library/themes/nope/").status_code == 404


def _answered(world, review, text: str, action: str, status: str = Rag.RED):
    """An accepted fathers theme on the review's finding, a recommendation answering it and an
    agency's action on that recommendation."""
    finding = review.findings.get()
    tag = finding.tags.filter(theme_id="fathers-men").first()
    if tag is None:  # the engine did not see it: a person adds the theme
        learning.add_theme(world.business_unit, finding, "fathers-men")
    else:
        learning.accept_tag(world.business_unit, tag)
    rec = actions.create_recommendation(world.business_unit, review, text=text, findings=[finding])
    return actions.create_action(
        world.business_unit,
        rec,
        agency=world.police,
        description=action,
        lead_role="Detective Inspector",
        due_on=dt.date(2026, 12, 31),
        status=status,
    )


def test_the_theme_page_is_the_loop_from_findings_to_actions_and_briefings(
    world,
    library,  # noqa: F811
    client_for,
):
    action = _answered(
        world, library["published"], "See and assess every father.", "Invite fathers", Rag.AMBER
    )
    library["restricted"].restricted_members.add(world.business_unit)
    secret = _answered(
        world, library["restricted"], "Secret recommendation.", "Secret action about fathers"
    )
    client = client_for(world.practitioner)
    body = client.get("/library/themes/fathers-men/").content.decode()
    # Findings, then the recommendation with its action and RAG, then the briefing, in order.
    found = body.index("Fathers unseen")
    recommended = body.index("See and assess every father.")
    done = body.index("Invite fathers")
    taught = body.index("Think father")
    assert found < recommended < done < taught
    assert "Amber" in body[done:taught]
    # A practitioner reads the action, not its page (its evidence notes are the plan's).
    assert reverse("actions:detail", args=[action.pk]) not in body
    assert "Secret" not in body  # the restricted review's recommendation and action
    # The board member opens the action from the same page.
    board = client_for(world.business_unit).get("/library/themes/fathers-men/").content.decode()
    assert reverse("actions:detail", args=[action.pk]) in board
    assert reverse("actions:detail", args=[secret.pk]) in board  # a member of the restricted one


def test_every_link_a_practitioner_is_given_opens(world, library, client_for):  # noqa: F811
    """Search results and the theme page link only to pages the practitioner may open: a
    published review's findings and recommendations (with their actions), the briefing."""
    _answered(world, library["published"], "See and assess every father.", "Invite fathers")
    client = client_for(world.practitioner)
    pages = [
        client.get("/library/", {"q": "father"}).content.decode(),
        client.get("/library/themes/fathers-men/").content.decode(),
    ]
    links = {
        href.replace("&amp;", "&").split("#")[0]
        for body in pages
        for href in re.findall(
            r'href="(/(?:reviews|briefings|actions|library/reports)/\d[^"]*)"', body
        )
    }
    assert reverse("actions:recommendations", args=[library["published"].pk]) in links
    rec = library["published"].recommendations.get()
    assert f"/recommendations/#recommendation-{rec.pk}" in pages[1]  # to the recommendation
    for href in links:
        assert client.get(href).status_code == 200, href
    recommendations = client.get(
        reverse("actions:recommendations", args=[library["published"].pk])
    ).content.decode()
    assert "See and assess every father." in recommendations and "Invite fathers" in recommendations


def test_practitioner_home_is_the_library(world, library, client_for):  # noqa: F811
    finding = library["published"].findings.get()
    learning.accept_tag(world.business_unit, finding.tags.get(theme_id="fathers-men"))
    body = client_for(world.practitioner).get("/").content.decode()
    assert "Search the learning library" in body
    assert "Learning about Fathers and male carers" in body
    assert 'href="/library/"' in body  # in the navigation


def test_signed_out_is_sent_to_sign_in(client, db):
    response = client.get("/library/", {"q": "father"})
    assert response.status_code == 302


def test_a_search_page_builds_the_reach_rule_once(world, library, client_for, monkeypatch):  # noqa: F811
    """The search, its filter choices and its counts share one reach rule per page view; the
    next view builds it afresh."""
    from casereviews.library import selectors

    built = []
    real = selectors._entries_in_reach
    monkeypatch.setattr(selectors, "_entries_in_reach", lambda user: built.append(1) or real(user))
    client = client_for(world.business_unit)
    assert client.get("/library/", {"q": "fathers"}).status_code == 200
    assert len(built) == 1
    assert client.get("/library/", {"q": "fathers"}).status_code == 200
    assert len(built) == 2
