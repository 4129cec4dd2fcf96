"""The findings service: the engine's suggestions with their evidence, decisions and history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from casereviews.core.concurrency import StaleRecordError
from casereviews.core.models import AuditLog
from casereviews.learning import selectors, services
from casereviews.learning.models import TagEventKind, TagSource, TagState, ThemeTag
from tests.learning.conftest import NEGLECT_TEXT

pytestmark = pytest.mark.django_db


def _tags(finding) -> dict[str, ThemeTag]:
    return {t.theme_id: t for t in finding.tags.all()}


def test_saving_a_finding_suggests_themes_with_evidence_from_its_text(world, review):
    finding = services.add_finding(
        world.business_unit, review, title="Curiosity", text=NEGLECT_TEXT
    )
    tags = _tags(finding)
    assert {"neglect", "professional-curiosity", "voice-of-child", "fathers-men"} <= set(tags)
    for tag in tags.values():
        assert tag.source == TagSource.ENGINE
        assert tag.state == TagState.SUGGESTED
        assert 0.5 <= tag.score <= 1
        assert tag.evidence
        for e in tag.evidence:
            assert finding.text[e["start"] : e["end"]] == e["text"]
        [event] = tag.events.all()
        assert event.kind == TagEventKind.SUGGESTED
        assert event.actor is None
        assert event.score == tag.score
        assert event.evidence == tag.evidence
    assert "seen on his own" in tags["voice-of-child"].evidence[0]["text"]


def test_findings_are_numbered_in_order_and_audited(world, review):
    first = services.add_finding(world.business_unit, review, text="Agencies did not share.")
    second = services.add_finding(world.reviewer, review, text="Supervision was absent.")
    assert (first.number, second.number) == (1, 2)
    logged = AuditLog.objects.filter(object_type="learning.Finding", action="create")
    assert logged.count() == 2
    assert AuditLog.objects.filter(object_type="learning.ThemeTag", action="create").exists()


def test_an_empty_finding_is_refused_and_nothing_saved(world, review):
    with pytest.raises(ValidationError) as exc:
        services.add_finding(world.business_unit, review, text="   ")
    assert exc.value.message_dict == {"text": ["Enter the text of the finding"]}
    assert not review.findings.exists()


def test_accept_and_reject_are_kept_in_the_history(world, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tags = _tags(finding)
    services.accept_tag(world.reviewer, tags["neglect"])
    services.reject_tag(
        world.business_unit, tags["fathers-men"], "The partner was assessed by probation"
    )
    neglect, fathers = (
        ThemeTag.objects.get(pk=t.pk) for t in (tags["neglect"], tags["fathers-men"])
    )
    assert neglect.state == TagState.ACCEPTED and neglect.decided_by == world.reviewer
    assert fathers.state == TagState.REJECTED
    assert fathers.reason == "The partner was assessed by probation"
    history = [(e.tag.theme_id, e.kind, e.actor) for e in selectors.tag_history(finding)]
    assert ("neglect", "accepted", world.reviewer) in history
    assert ("fathers-men", "rejected", world.business_unit) in history
    assert selectors.accepted_theme_ids(review) == ["neglect"]
    assert selectors.finding_themes([finding]) == {finding.pk: ["neglect"]}
    update = AuditLog.objects.filter(object_type="learning.ThemeTag", action="update").first()
    assert update.changes["state"] == ["suggested", "rejected"]


def test_a_decided_tag_cannot_be_decided_again_until_reopened(world, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tag = _tags(finding)["neglect"]
    services.accept_tag(world.reviewer, tag)
    with pytest.raises(ValidationError) as exc:
        services.reject_tag(world.business_unit, tag)
    assert "already been accepted by" in exc.value.message_dict["reason"][0]
    services.reopen_tag(world.business_unit, tag, "Check against the report")
    services.reject_tag(world.business_unit, tag, "Not the point of this finding")
    kinds = [e.kind for e in tag.events.all()]
    assert kinds == ["suggested", "accepted", "reopened", "rejected"]


def test_a_person_adds_a_theme_accepted_at_once(world, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tag = services.add_theme(world.reviewer, finding, "supervision", "Managers knew of drift")
    assert tag.source == TagSource.PERSON and tag.added_by == world.reviewer
    assert tag.state == TagState.ACCEPTED and tag.evidence == []
    assert [e.kind for e in tag.events.all()] == ["added"]
    with pytest.raises(ValidationError):
        services.add_theme(world.reviewer, finding, "supervision")


def test_adding_a_suggested_theme_accepts_the_suggestion(world, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tag = services.add_theme(world.reviewer, finding, "neglect")
    assert tag.source == TagSource.ENGINE and tag.state == TagState.ACCEPTED


def test_adding_a_rejected_theme_makes_it_the_persons(world, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    services.reject_tag(world.reviewer, _tags(finding)["neglect"])
    tag = services.add_theme(world.business_unit, finding, "neglect", "It is neglect")
    assert tag.source == TagSource.PERSON and tag.state == TagState.ACCEPTED
    assert [e.kind for e in tag.events.all()] == ["suggested", "rejected", "added"]


def test_an_unknown_theme_is_refused(world, review):
    finding = services.add_finding(world.business_unit, review, text="Supervision was absent.")
    with pytest.raises(ValidationError) as exc:
        services.add_theme(world.business_unit, finding, "astrology")
    assert exc.value.message_dict == {"theme": ["Select a theme from the list"]}
    assert not finding.tags.filter(theme_id="astrology").exists()


def test_editing_retags_withdraws_undecided_and_keeps_decisions(world, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    tags = _tags(finding)
    services.accept_tag(world.reviewer, tags["professional-curiosity"])
    new_text = (
        "The police attended three incidents of domestic abuse at the home and a referral to "
        "MARAC was not made. Child A was rarely seen on his own."
    )
    services.update_finding(world.reviewer, finding, {"text": new_text}, finding.version)
    after = _tags(finding)
    # undecided and no longer found: withdrawn, not deleted, with an event
    assert after["neglect"].state == TagState.WITHDRAWN
    assert after["neglect"].evidence == []
    assert after["neglect"].events.last().kind == TagEventKind.WITHDRAWN
    # decided by a person: stays accepted though the engine no longer finds it
    assert after["professional-curiosity"].state == TagState.ACCEPTED
    # found again: offsets now point into the new text
    voice = after["voice-of-child"]
    assert voice.state == TagState.SUGGESTED
    for e in voice.evidence:
        assert new_text[e["start"] : e["end"]] == e["text"]
    # new theme suggested
    assert after["domestic-abuse"].state == TagState.SUGGESTED
    # and back again: the withdrawn theme is suggested again on the same tag
    services.update_finding(world.reviewer, finding, {"text": NEGLECT_TEXT}, finding.version)
    neglect = ThemeTag.objects.get(pk=tags["neglect"].pk)
    assert neglect.state == TagState.SUGGESTED
    assert [e.kind for e in neglect.events.all()] == ["suggested", "withdrawn", "suggested"]


def test_a_stale_edit_is_refused_and_nothing_changes(world, review):
    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    opened = finding.version
    services.update_finding(world.reviewer, finding, {"title": "First"}, opened)
    stale = selectors.get_finding(world.business_unit, finding.pk)
    with pytest.raises(StaleRecordError):
        services.update_finding(world.business_unit, stale, {"title": "Second"}, opened)
    finding.refresh_from_db()
    assert finding.title == "First"


def test_accepted_theme_q_filters_through_findings(world, review):
    from casereviews.learning.models import Finding

    finding = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    services.add_finding(world.business_unit, review, text="Supervision was rare.")
    assert not Finding.objects.filter(selectors.accepted_theme_q("neglect")).exists()
    services.accept_tag(world.reviewer, _tags(finding)["neglect"])
    assert list(Finding.objects.filter(selectors.accepted_theme_q("neglect"))) == [finding]
