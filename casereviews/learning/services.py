"""Writes to findings and their theme tags: each in one transaction, each audited (core.audit).

Saving a finding runs the theme engine on its text. Each theme the engine judges present that
the finding does not have yet becomes a suggestion (source engine, state suggested) with its
score and evidence (sentences with offsets into the finding's text). People accept or reject
suggestions and add themes of their own. Every suggestion and decision is a TagEvent, so the
history shows what the engine suggested and what each person decided, when and why.

Re-tagging after an edit (ADR 0007): a suggestion nobody has decided on whose theme the engine no
longer finds is withdrawn (state withdrawn, a "withdrawn" event), never deleted; if the theme
comes back in a later edit it is suggested again on the same tag. Decisions people made stand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.core import audit, search_index
from casereviews.core.concurrency import save_versioned
from casereviews.learning import selectors, themes
from casereviews.learning.models import (
    Finding,
    TagEvent,
    TagEventKind,
    TagSource,
    TagState,
    ThemeTag,
)
from casereviews.reviews.models import Review

TITLE_MAX = 200
REASON_MAX = 500
WITHDRAWN_REASON = "The theme engine no longer finds this theme in the edited text"


def _clean_finding(title: str, text: str) -> tuple[str, str]:
    title, text = (title or "").strip(), (text or "").strip()
    problems: dict[str, str] = {}
    if not text:
        problems["text"] = "Enter the text of the finding"
    if len(title) > TITLE_MAX:
        problems["title"] = f"The title must be {TITLE_MAX} characters or fewer"
    if problems:
        raise ValidationError(problems)
    return title, text


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer"})
    return reason


def _event(tag: ThemeTag, kind: str, actor=None, reason: str = "", **engine: Any) -> TagEvent:
    return TagEvent.objects.create(tag=tag, kind=kind, actor=actor, reason=reason, **engine)


def _suggestion_event(tag: ThemeTag) -> TagEvent:
    return _event(tag, TagEventKind.SUGGESTED, score=tag.score, evidence=tag.evidence)


def suggest_tag(actor, suggestion, partnership, **on) -> ThemeTag:
    """A new engine suggestion, on a finding or a report (`on`: finding= or report=), with its
    history's first event and its audit entry."""
    return suggest_tags(actor, [suggestion], partnership, **on)[0]


def suggest_tags(actor, suggestions, partnership, **on) -> list[ThemeTag]:
    """New engine suggestions on one finding or report, each with its history's first event and
    its audit entry, written in bulk: three inserts however many themes are suggested."""
    tags = ThemeTag.objects.bulk_create(
        [
            ThemeTag(
                theme_id=suggestion.theme_id,
                source=TagSource.ENGINE,
                score=suggestion.score,
                evidence=suggestion.evidence,
                state=TagState.SUGGESTED,
                **on,
            )
            for suggestion in suggestions
        ]
    )
    TagEvent.objects.bulk_create(
        [
            TagEvent(tag=tag, kind=TagEventKind.SUGGESTED, score=tag.score, evidence=tag.evidence)
            for tag in tags
        ]
    )
    audit.record_created_many(actor, tags, partnership=partnership)
    return tags


def _retag(actor, finding: Finding) -> list[ThemeTag]:
    """Bring the engine's suggestions on `finding` in line with its text; the new suggestions."""
    found = themes.suggest(finding.text)
    partnership = finding.review.partnership
    existing = {t.theme_id: t for t in ThemeTag.objects.select_for_update().filter(finding=finding)}
    created: list[ThemeTag] = suggest_tags(
        actor,
        [s for theme_id, s in found.items() if theme_id not in existing],
        partnership,
        finding=finding,
    )
    for theme_id, suggestion in found.items():
        tag = existing.get(theme_id)
        if tag is None:
            continue
        if tag.source == TagSource.ENGINE:
            before = audit.snapshot(tag)
            tag.score, tag.evidence = suggestion.score, suggestion.evidence
            if tag.state == TagState.WITHDRAWN:  # the theme is back: suggest it again
                tag.state, tag.decided_by, tag.decided_at, tag.reason = (
                    TagState.SUGGESTED,
                    None,
                    None,
                    "",
                )
                tag.save()
                _suggestion_event(tag)
                created.append(tag)
            else:  # offsets follow the new text; people's decisions stand
                tag.save(update_fields=["score", "evidence"])
            audit.record_update(actor, tag, before, partnership=partnership)
    for theme_id, tag in existing.items():
        if theme_id in found or tag.source != TagSource.ENGINE:
            continue
        if tag.state == TagState.WITHDRAWN:
            continue
        before = audit.snapshot(tag)
        tag.evidence = []  # its offsets no longer point at anything in the text
        if tag.state == TagState.SUGGESTED:
            tag.state = TagState.WITHDRAWN
            tag.decided_by, tag.decided_at, tag.reason = None, timezone.now(), WITHDRAWN_REASON
            _event(tag, TagEventKind.WITHDRAWN, reason=WITHDRAWN_REASON)
        tag.save()
        audit.record_update(actor, tag, before, partnership=partnership)
    return created


@transaction.atomic
def add_finding(actor, review: Review, *, title: str = "", text: str) -> Finding:
    """Add the review's next finding and the engine's suggestions for it."""
    title, text = _clean_finding(title, text)
    Review.objects.select_for_update().filter(pk=review.pk).first()  # one number at a time
    finding = Finding.objects.create(
        review=review,
        number=selectors.next_finding_number(review),
        title=title,
        text=text,
        created_by=actor,
    )
    audit.record_create(actor, finding, partnership=review.partnership)
    _retag(actor, finding)
    search_index.index_record(finding)
    return finding


@transaction.atomic
def update_finding(
    actor, finding: Finding, data: Mapping[str, Any], version: int | None
) -> Finding:
    """Change the title and text (`data`) of a finding opened at `version`, then re-tag it.

    Raises ValidationError, or core.concurrency.StaleRecordError when someone else saved the
    finding after `version`; in either case nothing is saved.
    """
    unknown = set(data) - {"title", "text"}
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    title, text = _clean_finding(data.get("title", finding.title), data.get("text", finding.text))
    before = audit.snapshot(finding)
    finding.title, finding.text = title, text
    save_versioned(finding, version)
    audit.record_update(actor, finding, before, partnership=finding.review.partnership)
    _retag(actor, finding)
    search_index.index_record(finding)
    return finding


def _locked(tag: ThemeTag) -> ThemeTag:
    return (
        ThemeTag.objects.select_for_update(of=("self",))
        .select_related("finding__review", "report__review", "decided_by")
        .get(pk=tag.pk)
    )


def _already(tag: ThemeTag) -> ValidationError:
    who = f" by {tag.decided_by.get_full_name() or tag.decided_by}" if tag.decided_by else ""
    state = tag.get_state_display().lower()
    return ValidationError(
        {"reason": f"{themes.theme_name(tag.theme_id)} has already been {state}{who}"}
    )


def _decide(actor, tag: ThemeTag, state: str, kind: str, reason: str) -> ThemeTag:
    tag = _locked(tag)
    if tag.state != TagState.SUGGESTED:
        raise _already(tag)
    before = audit.snapshot(tag)
    tag.state, tag.decided_by, tag.decided_at, tag.reason = state, actor, timezone.now(), reason
    tag.save()
    _event(tag, kind, actor, reason)
    audit.record_update(actor, tag, before, partnership=tag.review.partnership)
    search_index.index_record(tag.finding or tag.report)
    return tag


@transaction.atomic
def accept_tag(actor, tag: ThemeTag, reason: str = "") -> ThemeTag:
    """Accept a suggested theme (on a finding or a report)."""
    return _decide(actor, tag, TagState.ACCEPTED, TagEventKind.ACCEPTED, _clean_reason(reason))


@transaction.atomic
def reject_tag(actor, tag: ThemeTag, reason: str = "") -> ThemeTag:
    """Reject a suggested theme; the reason (optional) is kept in its history."""
    return _decide(actor, tag, TagState.REJECTED, TagEventKind.REJECTED, _clean_reason(reason))


DECISIONS = {
    "accept": (TagState.ACCEPTED, TagEventKind.ACCEPTED),
    "reject": (TagState.REJECTED, TagEventKind.REJECTED),
}


@transaction.atomic
def decide_tags(actor, tags: list[ThemeTag], decisions: dict[int, tuple[str, str]]) -> dict:
    """Decide on several suggestions of one finding or report in one go: all of them or none.

    `decisions`: {tag id: ("accept" or "reject", reason)}; tags not named are left to later.
    Returns how many were accepted and rejected.
    """
    done = {"accept": 0, "reject": 0}
    for tag in tags:
        if tag.pk not in decisions:
            continue
        choice, reason = decisions[tag.pk]
        state, kind = DECISIONS[choice]
        _decide(actor, tag, state, kind, _clean_reason(reason))
        done[choice] += 1
    return done


@transaction.atomic
def reopen_tag(actor, tag: ThemeTag, reason: str = "") -> ThemeTag:
    """Put an accepted or rejected theme back to "awaiting decision"."""
    reason = _clean_reason(reason)
    tag = _locked(tag)
    if tag.state not in (TagState.ACCEPTED, TagState.REJECTED):
        raise ValidationError(
            {"reason": f"{themes.theme_name(tag.theme_id)} is not accepted or rejected"}
        )
    before = audit.snapshot(tag)
    tag.state, tag.decided_by, tag.decided_at, tag.reason = TagState.SUGGESTED, None, None, ""
    tag.save()
    _event(tag, TagEventKind.REOPENED, actor, reason)
    audit.record_update(actor, tag, before, partnership=tag.review.partnership)
    return tag


@transaction.atomic
def add_theme(actor, finding: Finding, theme_id: str, reason: str = "") -> ThemeTag:
    """A person gives the finding a theme: accepted at once, with the person as its source.

    A theme the engine suggested and nobody decided yet is simply accepted; one that was
    rejected or withdrawn becomes the person's, its earlier history kept.
    """
    reason = _clean_reason(reason)
    if not themes.is_theme(theme_id):
        raise ValidationError({"theme": "Select a theme from the list"})
    partnership = finding.review.partnership
    tag = ThemeTag.objects.select_for_update().filter(finding=finding, theme_id=theme_id).first()
    if tag is not None and tag.state == TagState.SUGGESTED:
        return _decide(actor, tag, TagState.ACCEPTED, TagEventKind.ACCEPTED, reason)
    if tag is not None and tag.state == TagState.ACCEPTED:
        raise ValidationError(
            {"theme": f"Finding {finding.number} already has {themes.theme_name(theme_id)}"}
        )
    now = timezone.now()
    if tag is None:
        tag = ThemeTag.objects.create(
            finding=finding,
            theme_id=theme_id,
            source=TagSource.PERSON,
            added_by=actor,
            state=TagState.ACCEPTED,
            decided_by=actor,
            decided_at=now,
            reason=reason,
        )
        audit.record_create(actor, tag, partnership=partnership)
    else:
        before = audit.snapshot(tag)
        tag.source, tag.added_by, tag.state = TagSource.PERSON, actor, TagState.ACCEPTED
        tag.decided_by, tag.decided_at, tag.reason = actor, now, reason
        tag.save()
        audit.record_update(actor, tag, before, partnership=partnership)
    _event(tag, TagEventKind.ADDED, actor, reason)
    search_index.index_record(tag.finding)
    return tag


def record_view(actor, obj, what: str = "") -> None:
    """A view of a restricted review's findings, a finding or a report is audited (others are
    not). `what` names what was seen when `obj` is the review itself ("findings")."""
    review = obj if isinstance(obj, Review) else obj.review
    audit.record_view_if_restricted(actor, obj, review, object_repr=f"{obj} {what}".strip())
