"""The library's pages as users see them: the search page, a theme's page, the home page."""

from __future__ import annotations

import pytest

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
    assert "Actions taken" not in body  # a practitioner does not see the action plan
    assert client_for(world.practitioner).get("/library/themes/nope/").status_code == 404


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
