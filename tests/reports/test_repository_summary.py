"""A published review's national repository summary: filled from the review, edited by the
business unit (versioned, audited), the anonymisation check, Word and text downloads, and who
may see it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from casereviews.actions.models import Recommendation
from casereviews.core.models import AuditLog
from casereviews.learning.models import Finding, TagSource, TagState, ThemeTag
from casereviews.learning.themes import theme_names
from casereviews.reports.models import RepositorySummary
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _url(review, tail=""):
    return f"/reports/repository/{review.pk}{tail}"


@pytest.fixture
def published(world):
    review = ReviewFactory(
        partnership=world.partnership,
        ref="Ref050",
        summary="Death of a baby after a head injury",
        methodology="learning_together",
        age_months=4,
        gender="male",
        status="published",
        published_on=dt.date(2025, 9, 2),
    )
    finding = Finding.objects.create(
        review=review,
        number=1,
        title="Fathers",
        text="Professionals did not engage the father or ask who else lived in the home.",
    )
    theme_id, name = next(iter(theme_names().items()))
    ThemeTag.objects.create(
        finding=finding, theme_id=theme_id, source=TagSource.PERSON, state=TagState.ACCEPTED
    )
    rejected_id, rejected_name = list(theme_names().items())[1]
    ThemeTag.objects.create(
        finding=finding, theme_id=rejected_id, source=TagSource.ENGINE, state=TagState.REJECTED
    )
    Recommendation.objects.create(
        review=review, number=1, text="Health visitors ask about every adult in the home."
    )
    world.review = review
    world.theme, world.rejected_theme = name, rejected_name
    return world


def test_filled_from_the_review_in_the_repository_layout(client_for, published):
    html = client_for(published.subgroup_member).get(_url(published.review, "/")).content.decode()
    assert "2025 - Northshire Safeguarding Partnership - Child" in html
    assert "Death of a baby after a head injury." in html
    for heading in ("Incident summary", "Background", "Key issues / Learning", "Recommendations"):
        assert heading in html
    assert "Professionals did not engage the father" in html
    assert "1. Health visitors ask about every adult in the home." in html
    assert "SCIE Learning Together" in html
    assert published.theme in html
    assert published.rejected_theme not in html
    assert "The anonymisation check found nothing" in html
    # Board members read; only the business unit edits.
    assert "Edit the summary" not in html


def test_business_unit_edits_and_the_check_warns_of_a_name(client_for, published):
    client = client_for(published.business_unit)
    edit = client.get(_url(published.review, "/edit/")).content.decode()
    assert "Professionals did not engage the father" in edit  # starts from the review's text
    form = {
        "child": "Child T",
        "incident": "Death of a 4-month-old boy. Child T lived with his mother and John Smith.",
        "background": "Known to health visiting.",
        "learning": "Engage fathers.",
        "recommendations": "1. Ask about every adult.",
        "methodology": "SCIE Learning Together",
        "keywords": "fathers; head injury",
        "version": "",
    }
    response = client.post(_url(published.review, "/edit/"), form)
    assert response.status_code == 302
    html = client.get(_url(published.review, "/")).content.decode()
    assert "2025 - Northshire Safeguarding Partnership - Child T" in html
    assert "1 possible personal detail found" in html
    assert '<mark class="app-anonymise-match">John Smith</mark>' in html
    saved = RepositorySummary.objects.get(review=published.review)
    assert saved.version == 1
    assert AuditLog.objects.filter(object_type="reports.RepositorySummary").count() == 1

    # A second save from the version opened; a stale one is refused and keeps the text.
    response = client.post(
        _url(published.review, "/edit/"), {**form, "incident": "Death of a baby.", "version": "1"}
    )
    assert response.status_code == 302
    stale = client.post(
        _url(published.review, "/edit/"), {**form, "incident": "Old text.", "version": "1"}
    )
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "This summary was changed by" in html and "Your changes have not been saved" in html
    assert "Old text." in html  # the writer's text is kept on the page
    saved.refresh_from_db()
    assert (saved.incident, saved.version) == ("Death of a baby.", 2)
    assert AuditLog.objects.filter(object_type="reports.RepositorySummary").count() == 2


def test_word_and_text_downloads(client_for, published):
    client = client_for(published.subgroup_member)
    response = client.get(_url(published.review, ".docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2025 - Northshire Safeguarding Partnership - Child"
    assert "Key issues / Learning" in texts
    assert "1. Health visitors ask about every adult in the home." in texts
    text = client.get(_url(published.review, ".txt"))
    assert text["Content-Type"].startswith("text/plain")
    body = text.content.decode()
    assert body.startswith("2025 - Northshire Safeguarding Partnership - Child\n")
    assert "\nKeywords\n" + published.theme in body


@pytest.mark.parametrize("tail", ["/", "/edit/", "/refill/", ".docx", ".txt"])
def test_who_may(client_for, published, tail):
    url = _url(published.review, tail)
    assert client_for(published.business_unit).get(url).status_code == 200
    assert client_for(published.subgroup_member).get(url).status_code == (
        403 if tail in ("/edit/", "/refill/") else 200
    )
    assert client_for(published.reviewer).get(url).status_code == 403
    assert client_for(published.practitioner).get(url).status_code == 403
    assert client_for(published.outsider).get(url).status_code == 404


def test_restricted_review_only_for_members_and_unpublished_is_not_found(client_for, published):
    review = published.review
    review.restricted = True
    review.save()
    review.restricted_members.set([published.business_unit])
    assert client_for(published.business_unit).get(_url(review, "/")).status_code == 200
    assert client_for(published.subgroup_member).get(_url(review, "/")).status_code == 404
    draft = ReviewFactory(partnership=published.partnership, status="underway")
    assert client_for(published.business_unit).get(_url(draft, "/")).status_code == 404


def test_link_from_a_published_review(client_for, published):
    html = client_for(published.business_unit).get(f"/reviews/{published.review.pk}/")
    assert f"/reports/repository/{published.review.pk}/" in html.content.decode()
    draft = ReviewFactory(partnership=published.partnership, status="underway")
    html = client_for(published.business_unit).get(f"/reviews/{draft.pk}/").content.decode()
    assert "/reports/repository/" not in html


def test_refill_from_the_review_shows_what_changes_and_replaces_on_confirming(
    client_for, published
):
    client = client_for(published.business_unit)
    review = published.review
    form = {"child": "Child T", "incident": "Our own words.", "version": ""}
    assert client.post(_url(review, "/edit/"), form).status_code == 302
    assert "Refill from the review" in client.get(_url(review, "/")).content.decode()
    # The review moves on after the save: a new finding.
    Finding.objects.create(review=review, number=2, text="Supervision was not recorded.")
    page = client.get(_url(review, "/refill/")).content.decode()
    assert "Our own words." in page and "Death of a baby after a head injury." in page
    assert "Supervision was not recorded." in page  # the learning part changes
    # A stale confirmation (someone saved since) is refused and changes nothing.
    stale = client.post(_url(review, "/refill/"), {"version": "0"})
    assert stale.status_code == 409 and "This summary was changed by" in stale.content.decode()
    assert RepositorySummary.objects.get(review=review).incident == "Our own words."
    assert client.post(_url(review, "/refill/"), {"version": "1"}).status_code == 302
    saved = RepositorySummary.objects.get(review=review)
    assert saved.incident.startswith("Death of a baby after a head injury.")
    assert "Supervision was not recorded." in saved.learning
    assert saved.child == ""  # no chronology: no pseudonym (the review's own)
    assert saved.version == 2
    assert AuditLog.objects.filter(object_type="reports.RepositorySummary").count() == 2
    again = client.get(_url(review, "/refill/")).content.decode()
    assert "refilling would change nothing" in again
