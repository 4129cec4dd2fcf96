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
from casereviews.reports.models import RepositorySummary, RepositoryWarning
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
    assert "1 anonymisation warning is not resolved" in html
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


# -- Stored anonymisation warnings, dismissed with a reason as a briefing's are ---------------

NAMED = "Death of a 4-month-old boy. Child T lived with his mother and John Smith."


def _save(client, review, version="", **parts):
    form = {"child": "Child T", "incident": NAMED, "version": version, **parts}
    response = client.post(_url(review, "/edit/"), form)
    assert response.status_code == 302
    return response


def _dismiss(client, review, warning, reason):
    return client.post(
        _url(review, "/"), {"action": "dismiss", "warning": str(warning.pk), "reason": reason}
    )


def test_an_unsaved_summary_warns_and_says_a_save_allows_dismissing(client_for, published):
    review = published.review
    review.summary = "Death of John Smith's baby"
    review.save()
    html = client_for(published.business_unit).get(_url(review, "/")).content.decode()
    assert "1 possible personal detail found" in html
    assert "once it is saved, a warning can be dismissed with a reason" in html
    assert "Dismiss this warning" not in html
    assert not RepositoryWarning.objects.exists()


def test_warnings_are_stored_on_save_and_shown_where_found(client_for, published):
    client = client_for(published.business_unit)
    review = published.review
    _save(client, review)
    warning = RepositoryWarning.objects.get()
    assert (warning.section, warning.kind, warning.matched, warning.state) == (
        "incident",
        "name",
        "John Smith",
        "open",
    )
    html = client.get(_url(review, "/")).content.decode()
    assert "Personal name in Incident summary" in html
    assert '<mark class="app-anonymise-match">John Smith</mark>' in html
    assert "Dismiss this warning" in html
    assert "The downloads below still have 1 unresolved anonymisation warning." in html
    # Board members see the warning but cannot dismiss it.
    board = client_for(published.subgroup_member).get(_url(review, "/")).content.decode()
    assert "Personal name in Incident summary" in board and "Dismiss this warning" not in board


def test_dismissing_needs_a_reason_and_keeps_the_name_out_of_the_log(client_for, published):
    client = client_for(published.business_unit)
    review = published.review
    _save(client, review)
    warning = RepositoryWarning.objects.get()
    refused = _dismiss(client, review, warning, "  ")
    assert refused.status_code == 200
    assert "Enter why this is not a personal detail" in refused.content.decode()
    warning.refresh_from_db()
    assert warning.state == "open"

    assert _dismiss(client, review, warning, "The name of a charity").status_code == 302
    warning.refresh_from_db()
    assert (warning.state, warning.reason, warning.decided_by) == (
        "dismissed",
        "The name of a charity",
        published.business_unit,
    )
    html = client.get(_url(review, "/")).content.decode()
    assert "Reason: The name of a charity" in html
    assert "unresolved anonymisation warning" not in html
    logged = AuditLog.objects.filter(object_type="reports.RepositoryWarning")
    assert logged.filter(action="update").count() == 1
    assert all("John" not in str(entry.changes) for entry in AuditLog.objects.all())
    summary_log = AuditLog.objects.get(object_type="reports.RepositorySummary")
    assert "[name removed]" in summary_log.changes["after"]["incident"]
    # Dismissed once: a second try is refused.
    again = _dismiss(client, review, warning, "Still a charity")
    assert "already been resolved" in again.content.decode()


def test_a_dismissed_warning_stays_while_its_text_stays_and_comes_back_if_changed(
    client_for, published
):
    client = client_for(published.business_unit)
    review = published.review
    _save(client, review)
    warning = RepositoryWarning.objects.get()
    _dismiss(client, review, warning, "The name of a charity")
    # Another part edited, the name unchanged: still dismissed, nothing new.
    _save(client, review, version="1", background="Known to health visiting.")
    assert list(RepositoryWarning.objects.values_list("state", flat=True)) == ["dismissed"]
    # The name edited away: resolved "edited", and only its kind is kept.
    _save(client, review, version="2", incident="Death of a 4-month-old boy.")
    warning.refresh_from_db()
    assert (warning.state, warning.matched) == ("edited", "[name removed]")
    # A name written in again is a new open warning.
    _save(client, review, version="3", incident="He lived with Mary Jones.")
    fresh = RepositoryWarning.objects.get(state="open")
    assert fresh.matched == "Mary Jones"
    html = client.get(_url(review, "/")).content.decode()
    assert "1 anonymisation warning is not resolved" in html


def test_only_the_business_unit_of_the_partnership_dismisses(client_for, published):
    client = client_for(published.business_unit)
    review = published.review
    _save(client, review)
    warning = RepositoryWarning.objects.get()
    reason = "The name of a charity"
    assert _dismiss(client_for(published.practitioner), review, warning, reason).status_code == 403
    assert (
        _dismiss(client_for(published.subgroup_member), review, warning, reason).status_code == 403
    )
    assert _dismiss(client_for(published.outsider), review, warning, reason).status_code == 404
    # A warning of another review's summary is not reached through this one.
    other = ReviewFactory(
        partnership=published.partnership, status="published", published_on=dt.date(2025, 1, 1)
    )
    client = client_for(published.business_unit)  # client_for logs the one client in anew
    _save(client, other)
    theirs = RepositoryWarning.objects.get(summary__review=other)
    assert _dismiss(client, review, theirs, reason).status_code == 404
    assert set(RepositoryWarning.objects.values_list("state", flat=True)) == {"open"}
