"""Writes to briefings: each in one transaction, each audited (core.audit).

The anonymisation check runs on every save of a draft and again at publishing, so the list of
warnings always matches the text: a warning whose text is no longer there is resolved "edited".
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.core import audit, search_index
from casereviews.core.concurrency import StaleRecordError, save_versioned

from . import anonymise, redaction, selectors, withdrawal
from .models import (
    TEMPLATES,
    AnonymisationWarning,
    Briefing,
    BriefingKind,
    BriefingStatus,
    WarningRecord,
    WarningState,
)
from .prefill import age_words, prefill

KEY_POINTS_MIN, KEY_POINTS_MAX = 3, 5
NO_FINDINGS = "findings"  # the PublishRefused problem key of a review with no findings
NOT_CONFIRMED = "confirmed"  # ... and of a publisher who did not confirm reading it
NOT_CONFIRMED_MESSAGE = (
    "Confirm that you have read the briefing and it names no child, family member or professional"
)
TITLE_MAX = 200


class PublishRefused(Exception):
    """Publishing was refused: open warnings remain (`open_warnings`, a count), or the text is
    not ready (`problems`, {section key: message})."""

    def __init__(self, open_warnings: int, problems: dict[str, str] | None = None):
        self.open_warnings = open_warnings
        self.problems = problems or {}
        super().__init__(
            f"{open_warnings} anonymisation warnings are not resolved; "
            f"{len(self.problems)} problems with the text"
        )


def section_keys(kind: str) -> list[str]:
    return [key for key, _heading, _hint in TEMPLATES[kind]]


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a list section (key points, questions), bullets stripped."""
    return [line.strip().lstrip("-•*").strip() for line in text.splitlines() if line.strip()]


def key_points_problem(text: str) -> str | None:
    count = len(lines_of(text))
    if KEY_POINTS_MIN <= count <= KEY_POINTS_MAX:
        return None
    return (
        f"Enter three to five key points, one a line (you have entered {count})"
        if count
        else "Enter three to five key points, one a line"
    )


def content_problems(kind: str, title: str, sections: Mapping[str, str]) -> dict[str, str]:
    """{field: message} for a briefing's text that cannot be saved; empty when all is well."""
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = "Enter a title for the briefing"
    elif len(title) > TITLE_MAX:
        problems["title"] = f"The title must be {TITLE_MAX} characters or fewer"
    unknown = set(sections) - set(section_keys(kind))
    if unknown:
        raise ValueError(f"Not a section of this template: {', '.join(sorted(unknown))}")
    if kind == BriefingKind.SEVEN_MINUTE:
        problem = key_points_problem(sections.get("key_points", ""))
        if problem:
            problems["key_points"] = problem
    return problems


def default_title(review, kind: str) -> str:
    return f"{BriefingKind(kind).label.capitalize()}: {review.summary}"[:TITLE_MAX]


@transaction.atomic
def create_briefing(actor, review, kind: str, *, title: str = "", sections=None) -> Briefing:
    """A new draft about `review`, pre-filled from the review unless `sections` are given."""
    if kind not in TEMPLATES:
        raise ValidationError({"kind": "Select the kind of briefing"})
    if sections is None:
        sources = selectors.review_sources(actor, review)
        sections = prefill(
            review,
            sources,
            kind,
            pseudonym=selectors.child_pseudonym(review),
            age=age_words(review),
        )
    sections = {key: sections.get(key, "") for key in section_keys(kind)}
    briefing = Briefing.objects.create(
        partnership=review.partnership,
        review=review,
        kind=kind,
        title=title or default_title(review, kind),
        sections=sections,
        created_by=actor,
    )
    audit.record_create(actor, briefing, redact=redaction.text_redactor(briefing.partnership_id))
    check(actor, briefing)
    search_index.index_record(briefing)
    return briefing


@transaction.atomic
def update_briefing(
    actor, briefing: Briefing, *, title: str, sections: Mapping[str, str], version: int | None
) -> Briefing:
    """Save new text for a draft. Raises ValidationError (field messages) or StaleRecordError;
    either way nothing is saved. Re-runs the anonymisation check."""
    if briefing.status != BriefingStatus.DRAFT:
        raise ValidationError("A published or withdrawn briefing can no longer be changed")
    problems = content_problems(briefing.kind, title, sections)
    if problems:
        raise ValidationError(problems)
    before = audit.snapshot(briefing)
    briefing.title = title.strip()
    briefing.sections = {key: sections.get(key, "") for key in section_keys(briefing.kind)}
    save_versioned(briefing, version)
    audit.record_update(
        actor, briefing, before, redact=redaction.text_redactor(briefing.partnership_id)
    )
    check(actor, briefing)
    search_index.index_record(briefing)
    return briefing


def texts_of(briefing: Briefing) -> dict[str, str]:
    """What the check reads: the title and each section, by key."""
    return {
        "title": briefing.title,
        **{k: briefing.sections.get(k, "") for k in section_keys(briefing.kind)},
    }


@transaction.atomic
def check(actor, briefing: Briefing) -> None:
    """Run the anonymisation check on the briefing and bring its warnings in line with it."""
    allowed = [
        *selectors.allowed_names(briefing.partnership_id),
        selectors.child_pseudonym(briefing.review),
    ]
    reconcile_warnings(
        actor,
        AnonymisationWarning,
        {"briefing": briefing},
        texts_of(briefing),
        allowed,
        partnership=briefing.partnership,
    )


@transaction.atomic
def reconcile_warnings(
    actor,
    model: type[WarningRecord],
    owner: Mapping[str, object],
    texts: Mapping[str, str],
    allowed: list[str],
    *,
    partnership,
) -> None:
    """Run the anonymisation check on `texts` ({section key: text}) and bring the stored
    warnings of `owner` (model's foreign key to the checked record: {"briefing": b}) in line.

    A warning still found (same section, kind and text) keeps its state, dismissed included,
    and moves to where the text now is; one no longer found is resolved "edited" and keeps only
    the kind of detail; a new finding is a new open warning. The audit log never keeps the
    matched text (redaction.warning_redactor).
    """
    extra = redaction.extra_first_names()
    found = [
        (section, detail)
        for section, text in texts.items()
        for detail in anonymise.find_personal_details(text or "", allowed, extra)
    ]
    now = timezone.now()
    current = list(
        model.objects.filter(**owner).exclude(state=WarningState.EDITED).order_by("start", "id")
    )
    for warning in current:
        match = next(
            (
                (s, d)
                for s, d in found
                if s == warning.section and d.kind == warning.kind and d.text == warning.matched
            ),
            None,
        )
        if match is None:
            before = audit.snapshot(warning)
            warning.state = WarningState.EDITED
            warning.matched = anonymise.marker(warning.kind)  # the detail itself is not kept
            warning.decided_by = actor if getattr(actor, "is_authenticated", False) else None
            warning.decided_at = now
            warning.save()
            audit.record_update(
                actor,
                warning,
                before,
                partnership=partnership,
                redact=redaction.warning_redactor(warning.kind),
            )
            continue
        found.remove(match)
        _section, detail = match
        if (warning.start, warning.end) != (detail.start, detail.end):
            warning.start, warning.end = detail.start, detail.end
            warning.save(update_fields=["start", "end"])
    for section, detail in found:
        warning = model.objects.create(
            **owner,
            kind=detail.kind,
            section=section,
            matched=detail.text[:300],
            start=detail.start,
            end=detail.end,
        )
        audit.record_create(
            actor,
            warning,
            partnership=partnership,
            redact=redaction.warning_redactor(warning.kind),
        )


@transaction.atomic
def dismiss_warning(actor, warning: AnonymisationWarning, reason: str) -> AnonymisationWarning:
    """Dismiss a briefing's warning as not personal, with the reason (required); only while
    the briefing is a draft."""
    return dismiss(
        actor,
        warning,
        reason,
        partnership=warning.briefing.partnership,
        closed=(
            "The briefing is already published"
            if warning.briefing.status != BriefingStatus.DRAFT
            else ""
        ),
    )


@transaction.atomic
def dismiss(actor, warning: WarningRecord, reason: str, *, partnership, closed: str = ""):
    """Dismiss any checked record's open warning as not personal, with the reason (required),
    audited without the matched text. `closed`: why the record no longer takes decisions
    (refused with that message), or empty."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why this is not a personal detail"})
    if len(reason) > 500:
        raise ValidationError({"reason": "The reason must be 500 characters or fewer"})
    if closed:
        raise ValidationError(closed)
    if warning.state != WarningState.OPEN:
        raise ValidationError("This warning has already been resolved")
    before = audit.snapshot(warning)
    warning.state = WarningState.DISMISSED
    warning.reason = reason
    warning.decided_by = actor
    warning.decided_at = timezone.now()
    warning.save()
    audit.record_update(
        actor,
        warning,
        before,
        partnership=partnership,
        redact=redaction.warning_redactor(warning.kind),
    )
    return warning


def publish(actor, briefing: Briefing, version: int | None, *, confirmed: bool = True) -> Briefing:
    """Publish a draft: the check runs again first, and any open warning refuses it.
    `confirmed`: the publisher ticked that they read it and it names nobody (the page asks;
    left unticked, it is one more problem, reported with the others).

    Raises PublishRefused (open warnings, empty sections, too few key points, a review with no
    findings), StaleRecordError (someone saved it since the publisher looked), or
    ValidationError (already published or withdrawn). Publishing a correction withdraws the
    version it corrects ("Replaced by a corrected version"), in the same transaction.
    """
    if briefing.status != BriefingStatus.DRAFT:
        raise ValidationError("This briefing is already published")
    if version is not None and version != briefing.version:
        raise StaleRecordError(briefing, version)
    problems = content_problems(briefing.kind, briefing.title, briefing.sections)
    if not selectors.review_has_findings(briefing.review):
        problems[NO_FINDINGS] = (
            f"{briefing.review.ref} has no findings yet: a briefing shares what a review found, "
            "so record its findings before publishing"
        )
    for key, heading, _hint in TEMPLATES[briefing.kind]:
        if not (briefing.sections.get(key) or "").strip():
            problems.setdefault(key, f"Write the “{heading}” section before publishing")
    if not confirmed:
        problems[NOT_CONFIRMED] = NOT_CONFIRMED_MESSAGE
    check(actor, briefing)  # its own transaction: new warnings stay even when refused
    with transaction.atomic():
        open_count = selectors.open_warnings_count(briefing)
        if open_count or problems:
            raise PublishRefused(open_count, problems)
        before = audit.snapshot(briefing)
        briefing.status = BriefingStatus.PUBLISHED
        briefing.published_on = timezone.localdate()
        briefing.published_by = actor
        save_versioned(briefing, briefing.version)
        audit.record_update(
            actor, briefing, before, redact=redaction.text_redactor(briefing.partnership_id)
        )
        previous = briefing.corrects
        if previous is not None and previous.status == BriefingStatus.PUBLISHED:
            withdrawal.withdraw(
                actor,
                previous,
                withdrawal.REPLACED,
                redact=redaction.text_redactor(briefing.partnership_id),
            )
    search_index.index_record(briefing)
    return briefing


@transaction.atomic
def withdraw(actor, briefing: Briefing, reason: str, version: int | None) -> Briefing:
    """Take a published briefing back: practitioners no longer see it anywhere; nothing is
    deleted (its text, warnings, dissemination records and history stay). Audited."""
    if version is not None and version != briefing.version:
        raise StaleRecordError(briefing, version)
    return withdrawal.withdraw(
        actor, briefing, reason, redact=redaction.text_redactor(briefing.partnership_id)
    )


@transaction.atomic
def start_correction(actor, briefing: Briefing) -> Briefing:
    """A new draft copied from a published or withdrawn briefing, linked to it (`corrects`).

    It is edited, checked and published like any draft; publishing it withdraws `briefing`.
    Raises ValidationError when `briefing` is a draft or already has a newer version (a draft
    correction, or a published one: correct the newest instead).
    """
    if briefing.status == BriefingStatus.DRAFT:
        raise ValidationError("A draft is changed by editing it, not by correcting it")
    newer = selectors.newer_version(briefing)
    if newer is not None:
        raise ValidationError(
            "A corrected version of this briefing has already been started"
            if newer.status == BriefingStatus.DRAFT
            else "This briefing has already been replaced: correct the newest version"
        )
    correction = Briefing.objects.create(
        partnership=briefing.partnership,
        review=briefing.review,
        kind=briefing.kind,
        title=briefing.title,
        sections=dict(briefing.sections),
        created_by=actor,
        corrects=briefing,
    )
    audit.record_create(
        actor, correction, redact=redaction.text_redactor(correction.partnership_id)
    )
    check(actor, correction)
    search_index.index_record(correction)
    return correction


def record_briefing_view(actor, briefing: Briefing) -> None:
    """Every view of a restricted review's briefing (page or document) is audited."""
    if briefing.review.restricted:
        redact = redaction.text_redactor(briefing.partnership_id)
        audit.record_view_if_restricted(
            actor, briefing, briefing.review, object_repr=redact("__str__", str(briefing))
        )
