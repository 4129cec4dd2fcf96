"""Newsletter issues -> what the page and the PDF show."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from casereviews.briefings import selectors as briefing_selectors
from casereviews.briefings.models import (
    TEMPLATES,
    Briefing,
    BriefingStatus,
    Newsletter,
    NewsletterItem,
    NewsletterItemKind,
)
from casereviews.briefings.sharing.presenters import briefing_href
from casereviews.core.pdf import render_pdf
from casereviews.core.presenters import format_date

SUMMARY_MAX = 600
WITHDRAWN_HEADING = "This briefing was withdrawn"


def paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines; lines within a paragraph kept as written."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def _shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def briefing_summary(briefing: Briefing) -> dict[str, Any]:
    """The key points of a 7-minute briefing (one a line), else its first section's text."""
    sections = briefing.sections or {}
    points = [p.strip(" -•\t") for p in (sections.get("key_points") or "").splitlines()]
    points = [p for p in points if p]
    if points:
        return {"heading": "Key points", "points": points[:5], "text": ""}
    for key, heading, _hint in TEMPLATES.get(briefing.kind, []):
        text = (sections.get(key) or "").strip()
        if text:
            return {"heading": heading, "points": [], "text": _shorten(text)}
    return {"heading": "", "points": [], "text": ""}


def item_view(item: NewsletterItem) -> dict[str, Any]:
    """One item as the page and the PDF show it (the PDF without its links)."""
    view: dict[str, Any] = {"id": item.pk, "kind": item.kind, "label": item.get_kind_display()}
    if item.briefing is not None and item.briefing.status != BriefingStatus.PUBLISHED:
        view.update(_withdrawn_view(item.briefing))
    elif item.kind == NewsletterItemKind.BRIEFING and item.briefing is not None:
        briefing = item.briefing
        href = briefing_href(briefing)
        view.update(
            heading=briefing.title,
            meta=f"{briefing.get_kind_display()} · {briefing.review.ref}",
            summary=briefing_summary(briefing),
            href=href,
            paragraphs=[],
            editable=False,
        )
    else:
        meta = format_date(item.event_on) if item.kind == NewsletterItemKind.EVENT else ""
        view.update(
            heading=item.heading,
            meta=meta,
            summary=None,
            href=None,
            paragraphs=paragraphs(item.body),
            editable=True,
        )
    return view


def _withdrawn_view(briefing: Briefing) -> dict[str, Any]:
    """A withdrawn briefing's place in an issue: not its title or text (which may be why it was
    withdrawn), but that it was withdrawn, and its corrected version when there is one."""
    current = briefing_selectors.current_version(briefing)
    view: dict[str, Any] = {
        "heading": WITHDRAWN_HEADING,
        "meta": "",
        "summary": None,
        "href": None,
        "paragraphs": [],
        "editable": False,
        "withdrawn": True,
        "replacement": None,
    }
    if current is not None:
        href = briefing_href(current)
        view["replacement"] = {
            "title": current.title,
            "href": href,
            "corrected_on": format_date(current.published_on),
        }
    return view


def items_view(items: list[NewsletterItem]) -> list[dict[str, Any]]:
    views = [item_view(item) for item in items]
    for index, view in enumerate(views):
        view["first"] = index == 0
        view["last"] = index == len(views) - 1
    return views


def status_tag(newsletter: Newsletter) -> dict[str, str]:
    if newsletter.status == BriefingStatus.PUBLISHED:
        return {"text": "Published", "classes": "govuk-tag--green"}
    if newsletter.status == BriefingStatus.WITHDRAWN:
        return {"text": "Withdrawn", "classes": "govuk-tag--red"}
    return {"text": "Draft", "classes": "govuk-tag--grey"}


def list_rows(newsletters: list[Newsletter], *, show_status: bool) -> list[dict[str, Any]]:
    from django.urls import reverse

    return [
        {
            "title": n.title,
            "href": reverse("newsletters:detail", args=[n.pk]),
            "issue_date": format_date(n.issue_date),
            "tag": status_tag(n) if show_status else None,
        }
        for n in newsletters
    ]


def pdf_bytes(newsletter: Newsletter, items: list[NewsletterItem]) -> bytes:
    """The issue as an A4 PDF: masthead, items with headings, page numbers; no links (it is
    read outside the product, whose pages ask for a sign-in)."""
    html = render_to_string(
        "briefings/newsletter_pdf.html",
        {
            "newsletter": newsletter,
            "partnership": newsletter.partnership.name,
            "introduction": paragraphs(newsletter.introduction),
            "items": items_view(items),
            "issue_date": format_date(newsletter.issue_date),
            "corrected_on": corrected_on(newsletter),
        },
    )
    return render_pdf(html)


def corrected_on(newsletter: Newsletter) -> str:
    """ "Corrected on 1 December 2026" for a published correction of an issue, else ""."""
    if newsletter.corrects_id and newsletter.published_on:
        return f"Corrected on {format_date(newsletter.published_on)}"
    return ""


def pdf_filename(newsletter: Newsletter) -> str:
    return f"newsletter-{newsletter.issue_date:%Y-%m-%d}.pdf"
