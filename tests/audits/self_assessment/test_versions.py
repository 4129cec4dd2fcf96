"""A partnership changes its set of practice issues by versions: reword, add or retire a
question, add or retire an issue. Assessments already answered keep their questions; next year's
is compared question by question with last year's across versions; bad input changes nothing."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casereviews.audits.self_assessment import presenters, selectors, services
from casereviews.audits.self_assessment.models import IssueSet, PracticeIssue
from casereviews.core.models import AuditLog

from .conftest import rate_all, start_for

pytestmark = pytest.mark.django_db


def _issue(issue_set, number) -> PracticeIssue:
    return issue_set.issues.get(number=number)


def _texts(issue) -> dict[int, str]:
    return {q.number: q.text for q in issue.questions.all()}


@pytest.fixture
def v1(world):
    return services.ensure_default_set(world.partnership)


def test_rewording_a_question_stores_version_2_and_keeps_answered_ones(world, v1):
    answered = start_for(world, period="2015-16")
    rate_all(world.subgroup_member, answered, "amber")
    services.complete(world.subgroup_member, answered)
    old_text = _texts(_issue(v1, 3))[2]
    v2 = services.change_issue(
        world.business_unit,
        v1,
        3,
        title=_issue(v1, 3).title,
        summary=_issue(v1, 3).summary,
        questions={2: "Is every bruise on a baby who cannot yet move referred the same day?"},
    )
    assert (v2.version, v2.replaces, v2.name) == (2, v1, v1.name)
    assert v2.change_note == "Question 3.2 reworded"
    assert _texts(_issue(v2, 3))[2].startswith("Is every bruise")
    assert len(selectors.questions_of(v2)) == len(selectors.questions_of(v1))
    # The completed assessment keeps the words it was answered against.
    answered.refresh_from_db()
    assert answered.issue_set == v1
    kept = next(a for a in selectors.answers_of(answered) if a.question.code == "3.2")
    assert kept.question.text == old_text
    # New assessments start on the newest version; the old one is no longer offered.
    assert list(selectors.sets(world.business_unit)) == [v2]
    assert services.ensure_default_set(world.partnership) == v2
    new = start_for(world, period="2016-17")
    assert new.issue_set == v2
    # One per agency, team and year across the set's versions.
    with pytest.raises(ValidationError, match="already has a self-assessment"):
        start_for(world, period="2015-16")
    assert AuditLog.objects.filter(object_type="audits.IssueSet", object_id=str(v2.pk)).exists()


def test_next_year_is_compared_question_by_question_across_versions(world, v1):
    last_year = start_for(world, period="2015-16")
    rate_all(world.subgroup_member, last_year, "red")
    services.complete(world.subgroup_member, last_year)
    issue = _issue(v1, 1)
    v2 = services.change_issue(
        world.business_unit,
        v1,
        1,
        title=issue.title,
        summary=issue.summary,
        questions={1: "Reworded 1.1"},
        retire={2},
        new_questions="- A question added in version 2",
    )
    numbers = sorted(_texts(_issue(v2, 1)))
    assert 2 not in numbers and numbers[-1] == max(_texts(issue)) + 1
    this_year = start_for(world, period="2016-17")
    rate_all(world.subgroup_member, this_year, "green")
    assert selectors.previous_of(this_year) == last_year
    blocks = presenters.issue_blocks(
        selectors.answers_of(this_year), selectors.answers_of(last_year)
    )
    rows = {r.answer.question.code: r for b in blocks for r in b.rows}
    assert rows["1.1"].previous == "red" and rows["1.1"].change == "better"
    new_code = f"1.{numbers[-1]}"
    assert rows[new_code].previous == "" and rows[new_code].change == ""
    assert "1.2" not in rows


def test_a_retired_number_is_never_used_again(world, v1):
    issue = _issue(v1, 14)
    v2 = services.change_issue(
        world.business_unit, v1, 14, title=issue.title, summary="", questions={}, retire={4}
    )
    v3 = services.change_issue(
        world.business_unit,
        v2,
        14,
        title=issue.title,
        summary="",
        questions={},
        new_questions="A new last question",
    )
    assert 4 not in _texts(_issue(v2, 14))
    assert max(_texts(_issue(v3, 14))) == 5
    v4 = services.change_issue(
        world.business_unit, v3, 14, title="", summary="", questions={}, retire_issue=True
    )
    assert not v4.issues.filter(number=14).exists()
    v5 = services.add_issue(
        world.business_unit, v4, title="Fathers", summary="", questions="Do we know them?"
    )
    assert _issue(v5, 15).title == "Fathers" and v5.change_note == "Issue 15 added"
    assert v5.version == 5 and IssueSet.objects.filter(name=v1.name).count() == 5


def test_bad_changes_are_refused_and_store_nothing(world, v1):
    issue = _issue(v1, 2)
    same = {"title": issue.title, "summary": issue.summary, "questions": {}}
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.change_issue(world.business_unit, v1, 2, **same)
    with pytest.raises(ValidationError) as blank:
        services.change_issue(world.business_unit, v1, 2, title=" ", summary="", questions={1: " "})
    assert set(blank.value.message_dict) == {"title", "question_1"}
    every = set(_texts(issue))
    with pytest.raises(ValidationError, match="at least one question"):
        services.change_issue(world.business_unit, v1, 2, **same | {"retire": every})
    with pytest.raises(ValidationError, match="Enter at least one question"):
        services.add_issue(world.business_unit, v1, title="Fathers", summary="", questions=" \n")
    with pytest.raises(PermissionDenied):
        services.change_issue(world.subgroup_member, v1, 2, **same | {"summary": "New"})
    assert IssueSet.objects.count() == 1
    v2 = services.change_issue(world.business_unit, v1, 2, **same | {"summary": "New words"})
    # Someone still holding version 1 cannot change it: they are told the newest version.
    with pytest.raises(ValidationError, match="now at version 2"):
        services.change_issue(world.business_unit, v1, 2, **same | {"summary": "Other words"})
    assert IssueSet.objects.count() == 2 and v2.is_current


def test_the_pages_change_an_issue_and_show_the_versions(client_for, world, v1):
    client = client_for(world.business_unit)
    sets_page = client.get(reverse("audits:self_assessment:sets")).content.decode()
    issue = _issue(v1, 5)
    change_url = reverse("audits:self_assessment:change_issue", args=[issue.pk])
    assert change_url in sets_page
    form = client.get(change_url).content.decode()
    assert "Question 5.1" in form and "Retire question 5.1" in form
    data = {"title": issue.title, "summary": issue.summary, "new_questions": ""}
    data |= {f"question_{n}": t for n, t in _texts(issue).items()}
    nothing = client.post(change_url, data)
    assert "Nothing has changed" in html.unescape(nothing.content.decode())
    blank = client.post(change_url, data | {"question_1": ""})
    assert "Enter question 5.1, or tick the box to retire it" in blank.content.decode()
    assert IssueSet.objects.count() == 1
    done = client.post(change_url, data | {"retire_2": "on", "new_questions": "Who escalates?"})
    assert done.status_code == 302
    page = html.unescape(client.get(done.url).content.decode())
    v2 = IssueSet.objects.get(version=2)
    assert "Version 2 of the set is stored" in page
    assert "Question 5.2 retired; question 5." in page and "Who escalates?" in page
    assert "Versions of this set (2)" in page
    # The earlier version can still be read, marked as such, and is not changed any more.
    old = client.get(reverse("audits:self_assessment:sets") + f"?set={v1.pk}").content.decode()
    assert "This is an earlier version of the set" in old and change_url not in old
    moved = client.get(change_url)
    assert moved.status_code == 302 and moved.url.endswith(f"?set={v2.pk}")


def test_the_detail_page_says_the_set_has_changed_since(client_for, world, v1):
    answered = start_for(world, period="2015-16")
    issue = _issue(v1, 1)
    services.change_issue(
        world.business_unit, v1, 1, title=issue.title + " (local)", summary="", questions={}
    )
    page = client_for(world.subgroup_member).get(
        reverse("audits:self_assessment:detail", args=[answered.pk])
    )
    text = re.sub(r"\s+", " ", page.content.decode())
    assert "The set has changed since (now version 2)" in text


def test_adding_an_issue_through_the_page(client_for, world, v1):
    client = client_for(world.business_unit)
    url = reverse("audits:self_assessment:add_issue", args=[v1.pk])
    empty = client.post(url, {"title": "", "questions": ""})
    text = empty.content.decode()
    assert "Enter the title of the issue" in text and "Enter at least one question" in text
    done = client.post(url, {"title": "Men in the household", "questions": "Do we ask?\nWho?"})
    assert done.status_code == 302
    v2 = IssueSet.objects.get(version=2)
    assert [q.text for q in _issue(v2, 15).questions.all()] == ["Do we ask?", "Who?"]


def test_who_may_change_a_set(client_for, world, v1):
    issue = _issue(v1, 1)
    change_url = reverse("audits:self_assessment:change_issue", args=[issue.pk])
    add_url = reverse("audits:self_assessment:add_issue", args=[v1.pk])
    for user in (world.subgroup_member, world.practitioner, world.reviewer):
        assert client_for(user).get(change_url).status_code == 403
        assert client_for(user).post(add_url, {"title": "x", "questions": "y"}).status_code == 403
    assert client_for(world.outsider).get(change_url).status_code == 404
    assert client_for(world.outsider).get(add_url).status_code == 404
    sets_page = client_for(world.subgroup_member).get(reverse("audits:self_assessment:sets"))
    assert change_url not in sets_page.content.decode()
    assert IssueSet.objects.count() == 1


def test_the_default_is_adapted_from_a_button(client_for, world):
    client = client_for(world.business_unit)
    page = client.get(reverse("audits:self_assessment:sets")).content.decode()
    assert "Adapt this set" in page and not IssueSet.objects.exists()
    assert (
        client_for(world.subgroup_member)
        .post(reverse("audits:self_assessment:adapt_default"))
        .status_code
        == 403
    )
    assert not IssueSet.objects.exists()
    client = client_for(world.business_unit)
    done = client.post(reverse("audits:self_assessment:adapt_default"))
    issue_set = IssueSet.objects.get()
    assert done.url.endswith(f"?set={issue_set.pk}")
    assert "Change issue 1 or its questions" in client.get(done.url).content.decode()


def test_the_picture_reads_across_versions(client_for, world, v1):
    police = start_for(world, period="2016-17")
    rate_all(world.subgroup_member, police, "green", **{"3.2": "red"})
    services.complete(world.subgroup_member, police)
    issue = _issue(v1, 3)
    v2 = services.change_issue(
        world.business_unit, v1, 3, title="Bruising in babies who cannot move", summary="",
        questions={},
    )  # fmt: skip
    health = start_for(
        world, period="2016-17", user=world.other_subgroup_member, agency=world.health
    )
    assert health.issue_set == v2
    rate_all(world.other_subgroup_member, health, "amber")
    services.complete(world.other_subgroup_member, health)
    page = client_for(world.business_unit).get(reverse("audits:self_assessment:picture"))
    text = re.sub(r"\s+", " ", page.content.decode())
    row = text.split("3. Bruising in babies who cannot move")[-1].split("</tr>")[0]
    assert issue.title not in text.split("<table")[-1]
    assert "<strong>Red</strong>" in row and "<strong>Amber</strong>" in row
