"""Briefing -> what the page, the PDF and the Word file show: one content model for all three.

A section's text is plain text the author typed: blank lines separate paragraphs, lines starting
"- " (or "•", "*") are list items. Key points and questions are lists, one item a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.urls import reverse

from casereviews.core.presenters import format_date, format_datetime
from casereviews.reviews import learning_panel

from . import anonymise
from .models import (
    TEMPLATES,
    AnonymisationWarning,
    Briefing,
    BriefingKind,
    BriefingStatus,
    WarningRecord,
)
from .services import lines_of

LIST_SECTIONS = {"key_points", "reflective_questions", "questions"}
NUMBERED_SECTIONS = {"key_points"}
BULLET = re.compile(r"^\s*[-•*]\s+")


@dataclass
class Block:
    kind: str  # "paragraph", "bullets" or "numbered"
    text: str = ""
    items: list[str] = field(default_factory=list)


@dataclass
class Section:
    key: str
    heading: str
    hint: str
    blocks: list[Block]

    @property
    def empty(self) -> bool:
        return not self.blocks


@dataclass
class BriefingDocument:
    """Everything the three renderings show, in order."""

    partnership: str
    kind: str
    kind_label: str
    title: str
    ref: str
    draft: bool  # not for circulation: a draft, or a withdrawn version
    published_on: str
    sections: list[Section]
    withdrawn: bool = False
    first_published_on: str = ""  # set on a corrected version: when the first was published

    @property
    def draft_mark(self) -> str:
        return "WITHDRAWN" if self.withdrawn else "DRAFT"

    @property
    def corrected_line(self) -> str:
        """ "Corrected on 1 December 2026" on a published correction, else ""."""
        return f"Corrected on {self.published_on}" if self.first_published_on else ""

    @property
    def published_line(self) -> str:
        if self.first_published_on:
            return f"First published {self.first_published_on} · {self.corrected_line}"
        return f"Published {self.published_on}"

    @property
    def status_line(self) -> str:
        if self.draft:
            return f"{self.ref} · {self.draft_mark}: not for circulation"
        return f"{self.ref} · {self.published_line}"


def blocks_of(text: str, as_list: str | None = None) -> list[Block]:
    """Paragraphs and lists of a section's text. `as_list`: every line is an item."""
    if as_list:
        items = lines_of(text)
        return [Block(as_list, items=items)] if items else []
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("paragraph", text=" ".join(paragraph)))
            paragraph.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif BULLET.match(line):
            flush()
            item = BULLET.sub("", line).strip()
            if blocks and blocks[-1].kind == "bullets":  # blank lines between items: one list
                blocks[-1].items.append(item)
            else:
                blocks.append(Block("bullets", items=[item]))
        else:
            paragraph.append(stripped)
    flush()
    return blocks


def document_of(briefing: Briefing, first_published_on=None) -> BriefingDocument:
    """`first_published_on`: the date the first version was published, for a correction."""
    sections = []
    for key, heading, hint in TEMPLATES[briefing.kind]:
        text = briefing.sections.get(key, "") or ""
        as_list = None
        if key in LIST_SECTIONS:
            as_list = "numbered" if key in NUMBERED_SECTIONS else "bullets"
        sections.append(Section(key, heading, hint, blocks_of(text, as_list)))
    return BriefingDocument(
        partnership=briefing.partnership.name,
        kind=briefing.kind,
        kind_label=briefing.get_kind_display(),
        title=briefing.title,
        ref=briefing.review.ref,
        draft=briefing.status != BriefingStatus.PUBLISHED,
        published_on=format_date(briefing.published_on, ""),
        sections=sections,
        withdrawn=briefing.status == BriefingStatus.WITHDRAWN,
        first_published_on=format_date(first_published_on, "")
        if briefing.corrects_id and first_published_on
        else "",
    )


def file_name(briefing: Briefing, extension: str) -> str:
    """For example Northshire-7-minute-briefing-Ref053.pdf (drafts end -DRAFT)."""
    first_word = (briefing.partnership.name.split() or ["Partnership"])[0]
    place = re.sub(r"[^A-Za-z0-9]+", "", first_word) or "Partnership"
    kind = "6-step-briefing" if briefing.kind == BriefingKind.SIX_STEP else "7-minute-briefing"
    ref = re.sub(r"[^A-Za-z0-9]+", "", briefing.review.ref)
    draft = {BriefingStatus.DRAFT: "-DRAFT", BriefingStatus.WITHDRAWN: "-WITHDRAWN"}.get(
        briefing.status, ""
    )
    return f"{place}-{kind}-{ref}{draft}.{extension}"


def list_row(briefing: Briefing, href: str) -> dict[str, str]:
    """A row of a table of briefings: title (a link), kind, Ref, date."""
    return {
        "href": href,
        "title": briefing.title,
        "kind": briefing.get_kind_display(),
        "ref": briefing.review.ref,
        "date": _list_date(briefing),
    }


def _list_date(briefing: Briefing) -> str:
    if briefing.status == BriefingStatus.WITHDRAWN:
        return f"Withdrawn {format_date(briefing.withdrawn_on)}"
    if briefing.published_on:
        corrected = "Corrected on " if briefing.corrects_id else ""
        return f"{corrected}{format_date(briefing.published_on)}"
    return f"Draft, last saved {format_date(briefing.updated_at)}"


@dataclass
class VersionView:
    """One version of a corrected briefing, as the business unit's history shows it."""

    href: str
    label: str
    status: str
    detail: str
    current: bool


def version_views(versions: list[Briefing], shown: Briefing) -> list[VersionView]:
    views = []
    for number, version in enumerate(versions, start=1):
        if version.status == BriefingStatus.WITHDRAWN:
            who = f" by {version.withdrawn_by}" if version.withdrawn_by else ""
            detail = (
                f"Published {format_date(version.published_on)}; withdrawn "
                f"{format_date(version.withdrawn_on)}{who}. Reason: {version.withdrawal_reason}"
            )
        elif version.status == BriefingStatus.PUBLISHED:
            detail = f"Published {format_date(version.published_on)}"
        else:
            detail = f"Draft, last saved {format_date(version.updated_at)}"
        views.append(
            VersionView(
                href=reverse("briefings:detail", args=[version.pk]),
                label=f"Version {number}",
                status=version.get_status_display(),
                detail=detail,
                current=version.pk == shown.pk,
            )
        )
    return views


@dataclass
class WarningView:
    id: int
    kind: str
    section_key: str
    section: str
    before: str
    matched: str
    after: str
    state: str
    state_label: str
    reason: str
    decided: str


def section_heading(kind: str, key: str) -> str:
    if key == "title":
        return "Title"
    for section_key, heading, _hint in TEMPLATES[kind]:
        if section_key == key:
            return heading
    return key


def warning_views(briefing: Briefing, warnings: list[AnonymisationWarning]) -> list[WarningView]:
    return views_of_warnings(
        {"title": briefing.title, **briefing.sections},
        lambda key: section_heading(briefing.kind, key),
        warnings,
    )


def views_of_warnings(
    texts: Mapping[str, str], heading: Callable[[str], str], warnings: Sequence[WarningRecord]
) -> list[WarningView]:
    """Any checked record's stored warnings as shown: where each was found (`texts`, {section
    key: text}; `heading`, a section key's heading), in context while still in the text."""
    views = []
    for w in warnings:
        text = texts.get(w.section, "") or ""
        if w.state != "edited" and text[w.start : w.end] == w.matched:
            before, matched, after = anonymise.in_context(text, w.start, w.end)
        else:
            before, matched, after = "", w.matched, ""
        decided = ""
        if w.decided_at:
            who = f" by {w.decided_by}" if w.decided_by else ""
            decided = f"{format_datetime(w.decided_at)}{who}"
        views.append(
            WarningView(
                id=w.pk,
                kind=w.get_kind_display(),
                section_key=w.section,
                section=heading(w.section),
                before=before,
                matched=matched,
                after=after,
                state=w.state,
                state_label=w.get_state_display(),
                reason=w.reason,
                decided=decided,
            )
        )
    return views


def review_row(review, user) -> dict:
    """The review page's "Briefings" row (reviews.learning_panel)."""
    briefings = review.briefings.all()
    total = briefings.count()
    published = briefings.filter(status=BriefingStatus.PUBLISHED).count()
    return learning_panel.linked_row(
        "Briefings",
        f"{learning_panel.count(total, 'briefing', 'briefings')}, {published} published",
        reverse("briefings:for_review", args=[review.pk]),
        f"briefings of {review.ref}",
    )
