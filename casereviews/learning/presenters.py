"""Findings, reports and tags -> what the templates show.

The finding's text is shown with the engine's evidence marked. Every piece of the text is
escaped before the <mark> elements are put around it, so nothing a person typed becomes markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from markupsafe import Markup, escape

from casereviews.accounts.roles import Permission
from casereviews.core.files import human_size
from casereviews.core.presenters import format_datetime
from casereviews.learning import selectors, themes
from casereviews.learning.models import (
    Finding,
    ReviewReport,
    TagEvent,
    TagEventKind,
    TagSource,
    TagState,
    ThemeTag,
)
from casereviews.reviews import learning_panel

HIGHLIGHTED = (TagState.SUGGESTED, TagState.ACCEPTED)


def person(user) -> str:
    if user is None:
        return "someone no longer listed"
    return user.get_full_name() or user.username


def merge_spans(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, clipped to the text, in order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(length, end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def highlight(text: str, spans: list[tuple[int, int]]) -> Markup:
    """`text`, escaped, with each span inside <mark>."""
    parts: list[str] = []
    pos = 0
    for start, end in merge_spans(spans, len(text)):
        parts.append(str(escape(text[pos:start])))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    parts.append(str(escape(text[pos:])))
    return Markup("".join(parts))  # noqa: S704 - every piece escaped above


def phrase_span(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """Where the engine's phrase lies within its evidence sentence text[start:end].

    The words that fired are what a reader needs marked: when every sentence of a finding is
    evidence for some theme, marking whole sentences marks everything and says nothing. The
    phrase is the framework's own (lower case, a trailing * for a stem), matched word by word
    across any spacing or punctuation; where it cannot be found the whole sentence is marked.
    """
    words = [w for w in re.split(r"\W+", phrase.rstrip("*")) if w]
    if not words:
        return start, end
    stem = r"\w*" if phrase.endswith("*") else ""
    pattern = r"\b" + r"\W+".join(map(re.escape, words)) + stem + r"\b"
    found = re.compile(pattern, re.IGNORECASE).search(text, start, end)
    return (found.start(), found.end()) if found else (start, end)


def evidence_spans(text: str, tags: list[ThemeTag]) -> list[tuple[int, int]]:
    """Where the words that led the engine to the finding's live tags lie in its `text`."""
    return [
        phrase_span(text, int(e["start"]), int(e["end"]), str(e.get("phrase") or ""))
        for t in tags
        if t.source == TagSource.ENGINE and t.state in HIGHLIGHTED
        for e in t.evidence
        if "start" in e and "end" in e
    ]


def quotes(evidence: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Evidence as quotes: line breaks of the PDF or the form folded into spaces."""
    return [
        {"text": " ".join(str(e.get("text", "")).split()), "section": e.get("section") or ""}
        for e in evidence or []
    ]


def _evidence(tag: ThemeTag) -> list[dict[str, str]]:
    return quotes(tag.evidence)


def origin(tag: ThemeTag) -> str:
    if tag.source == TagSource.PERSON:
        return f"Added by {person(tag.added_by)}"
    return f"Suggested by the theme engine (score {themes.score_percent(tag.score)})"


def decision(tag: ThemeTag) -> str:
    """'Accepted by Sam Tester on 1 October 2026 at 10:00', or '' while undecided."""
    if tag.state == TagState.SUGGESTED:
        return ""
    if tag.state == TagState.WITHDRAWN:
        return f"Withdrawn by the theme engine on {format_datetime(tag.decided_at)}"
    verb = tag.get_state_display()
    return f"{verb} by {person(tag.decided_by)} on {format_datetime(tag.decided_at)}"


@dataclass
class TagView:
    id: int
    theme_id: str
    name: str
    state: str
    origin: str
    decision: str
    reason: str
    evidence: list[dict[str, str]]
    found_now: bool  # the engine's evidence still lies in the text


def tag_view(tag: ThemeTag) -> TagView:
    return TagView(
        id=tag.pk,
        theme_id=tag.theme_id,
        name=themes.theme_name(tag.theme_id),
        state=tag.state,
        origin=origin(tag),
        decision=decision(tag),
        reason=tag.reason,
        evidence=_evidence(tag),
        found_now=tag.source == TagSource.PERSON or bool(tag.evidence),
    )


@dataclass
class TagGroups:
    accepted: list[TagView] = field(default_factory=list)
    suggested: list[TagView] = field(default_factory=list)
    rejected: list[TagView] = field(default_factory=list)
    withdrawn: list[TagView] = field(default_factory=list)


def group_tags(tags: list[ThemeTag]) -> TagGroups:
    groups = TagGroups()
    for tag in sorted(tags, key=lambda t: (-(t.score or 0), themes.theme_name(t.theme_id))):
        getattr(groups, tag.state).append(tag_view(tag))
    return groups


@dataclass
class FindingView:
    finding: Finding
    heading: str
    text: Markup
    tags: TagGroups
    taken: set[str]  # themes accepted or awaiting decision: not offered in "add a theme"


def finding_heading(finding: Finding) -> str:
    title = f": {finding.title}" if finding.title else ""
    return f"Finding {finding.number}{title}"


def finding_view(finding: Finding) -> FindingView:
    tags = list(finding.tags.all())
    return FindingView(
        finding=finding,
        heading=finding_heading(finding),
        text=highlight(finding.text, evidence_spans(finding.text, tags)),
        tags=group_tags(tags),
        taken={t.theme_id for t in tags if t.state in HIGHLIGHTED},
    )


def add_theme_items(taken: set[str]) -> list[dict[str, Any]]:
    """govukSelect items of the themes a finding does not have yet."""
    return [{"value": "", "text": "Choose a theme"}] + [
        {"value": theme_id, "text": name}
        for theme_id, name in themes.theme_choices()
        if theme_id not in taken
    ]


EVENT_WORDS = {
    TagEventKind.SUGGESTED: "Suggested by the theme engine",
    TagEventKind.ADDED: "Added",
    TagEventKind.ACCEPTED: "Accepted",
    TagEventKind.REJECTED: "Rejected",
    TagEventKind.REOPENED: "Reopened for a new decision",
    TagEventKind.WITHDRAWN: "Withdrawn by the theme engine",
}


def history_row(event: TagEvent) -> dict[str, Any]:
    engine = event.kind in (TagEventKind.SUGGESTED, TagEventKind.WITHDRAWN)
    what = EVENT_WORDS.get(event.kind, event.get_kind_display())
    if event.kind == TagEventKind.SUGGESTED and event.score is not None:
        what += f" (score {themes.score_percent(event.score)})"
    return {
        "at": format_datetime(event.at),
        "theme": themes.theme_name(event.tag.theme_id),
        "what": what,
        "who": "The theme engine" if engine else person(event.actor),
        "reason": event.reason,
        "evidence": quotes(event.evidence),
        "kind": event.kind,
    }


def report_summary_rows(report: ReviewReport) -> list[dict[str, str]]:
    pages = f", {report.pages} page{'s' if report.pages != 1 else ''}" if report.pages else ""
    return [
        {"key": "File", "value": report.original_name},
        {"key": "Size", "value": f"{human_size(report.size)}{pages}"},
        {
            "key": "Uploaded",
            "value": f"{format_datetime(report.uploaded_at)} by {person(report.uploaded_by)}",
        },
    ]


def review_row(review, user) -> dict[str, Any] | None:
    """The review page's "Findings and themes" row (reviews.learning_panel), for those who may
    see the findings."""
    if not user.has_perm(Permission.VIEW_FINDINGS, review):
        return None
    counts = selectors.learning_counts(review)
    return learning_panel.linked_row(
        "Findings and themes",
        f"{learning_panel.count(counts['findings'], 'finding', 'findings')}, "
        f"{learning_panel.count(counts['themes'], 'theme', 'themes')} accepted",
        reverse("learning:findings", args=[review.pk]),
        f"findings and themes of {review.ref}",
    )
