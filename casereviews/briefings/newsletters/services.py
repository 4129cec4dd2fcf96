"""Writes to newsletter issues and their items: each in one transaction, each audited.

Only a draft issue changes; publishing is final (as for briefings), but a published issue can
be withdrawn, and corrected: a new draft copied from it, whose publishing withdraws it. Before
publishing, the issue's own written text (introduction, updates, events) goes through the
anonymisation check; chosen briefings were checked when they were published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casereviews.briefings import anonymise, redaction, withdrawal
from casereviews.briefings import selectors as briefing_selectors
from casereviews.briefings.models import (
    Briefing,
    BriefingStatus,
    Newsletter,
    NewsletterItem,
    NewsletterItemKind,
    WarningKind,
)
from casereviews.briefings.newsletters import selectors as selectors
from casereviews.core import audit, search_index
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.core.models import AuditAction

EDITABLE_FIELDS = ["title", "issue_date", "introduction"]
TEXT_MAX = 5000
REASON_MAX = 500


def published_message() -> str:
    return "This issue is published and can no longer be changed"


def _require_draft(newsletter: Newsletter) -> None:
    if newsletter.status != BriefingStatus.DRAFT:
        raise ValidationError({"__all__": published_message()})


def newsletter_problems(data: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not (data.get("title") or "").strip():
        problems["title"] = "Enter the title of the issue"
    elif len(data["title"].strip()) > 200:
        problems["title"] = "The title must be 200 characters or fewer"
    if data.get("issue_date") is None:
        problems["issue_date"] = "Enter the issue date"
    if len(data.get("introduction") or "") > TEXT_MAX:
        problems["introduction"] = f"The introduction must be {TEXT_MAX:,} characters or fewer"
    return problems


@transaction.atomic
def create_newsletter(
    actor, *, title: str, issue_date: dt.date, introduction: str = ""
) -> Newsletter:
    data = {"title": title, "issue_date": issue_date, "introduction": introduction}
    if problems := newsletter_problems(data):
        raise ValidationError(problems)
    newsletter = Newsletter.objects.create(
        partnership=actor.partnership,
        title=title.strip(),
        issue_date=issue_date,
        introduction=(introduction or "").strip(),
        created_by=actor,
    )
    audit.record_create(actor, newsletter, redact=_redactor(newsletter))
    search_index.index_record(newsletter)
    return newsletter


@transaction.atomic
def update_newsletter(
    actor, newsletter: Newsletter, data: Mapping[str, Any], version: int | None
) -> Newsletter:
    """Change title, issue date or introduction of a draft. Raises ValidationError or
    StaleRecordError (someone saved it since `version` was read); nothing saved then."""
    _require_draft(newsletter)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    merged = {name: getattr(newsletter, name) for name in EDITABLE_FIELDS} | dict(data)
    if problems := newsletter_problems(merged):
        raise ValidationError(problems)
    before = audit.snapshot(newsletter)
    newsletter.title = merged["title"].strip()
    newsletter.issue_date = merged["issue_date"]
    newsletter.introduction = (merged["introduction"] or "").strip()
    save_versioned(newsletter, version)
    audit.record_update(actor, newsletter, before, redact=_redactor(newsletter))
    search_index.index_record(newsletter)
    return newsletter


def item_problems(kind: str, heading: str, body: str, event_on: dt.date | None) -> dict:
    problems: dict[str, str] = {}
    if not heading.strip():
        problems["heading"] = (
            "Enter the name of the event" if kind == NewsletterItemKind.EVENT else "Enter a heading"
        )
    elif len(heading.strip()) > 200:
        problems["heading"] = "The heading must be 200 characters or fewer"
    if kind == NewsletterItemKind.UPDATE and not body.strip():
        problems["body"] = "Enter the text of the update"
    if len(body) > TEXT_MAX:
        problems["body"] = f"The text must be {TEXT_MAX:,} characters or fewer"
    if kind == NewsletterItemKind.EVENT and event_on is None:
        problems["event_on"] = "Enter the date of the event"
    return problems


def _redactor(newsletter: Newsletter) -> audit.Redactor:
    """The audit log keeps the issue's text without what the anonymisation check finds."""
    return redaction.text_redactor(newsletter.partnership_id)


def _touch(newsletter: Newsletter) -> None:
    """An item changed: the issue's version moves on, so an open edit form notices."""
    save_versioned(newsletter, newsletter.version)


@transaction.atomic
def add_item(
    actor,
    newsletter: Newsletter,
    *,
    kind: str,
    briefing: Briefing | None = None,
    heading: str = "",
    body: str = "",
    event_on: dt.date | None = None,
) -> NewsletterItem:
    """Add a chosen published briefing, an update or an event at the end of the issue."""
    _require_draft(newsletter)
    if kind == NewsletterItemKind.BRIEFING:
        if (
            briefing is None
            or briefing.partnership_id != newsletter.partnership_id
            or briefing.status != BriefingStatus.PUBLISHED
        ):
            raise ValidationError({"briefing": "Choose a published briefing"})
        if NewsletterItem.objects.filter(newsletter=newsletter, briefing=briefing).exists():
            raise ValidationError({"briefing": "This briefing is already in the issue"})
        heading, body, event_on = "", "", None
    elif kind in (NewsletterItemKind.UPDATE, NewsletterItemKind.EVENT):
        heading, body = (heading or "").strip(), (body or "").strip()
        if problems := item_problems(kind, heading, body, event_on):
            raise ValidationError(problems)
        briefing = None
        if kind == NewsletterItemKind.UPDATE:
            event_on = None
    else:
        raise ValidationError({"kind": "Choose a briefing, an update or an event"})
    item = NewsletterItem.objects.create(
        newsletter=newsletter,
        kind=kind,
        briefing=briefing,
        heading=heading,
        body=body,
        event_on=event_on,
        position=selectors.next_position(newsletter),
    )
    audit.record_create(
        actor, item, partnership=newsletter.partnership, redact=_redactor(newsletter)
    )
    _touch(newsletter)
    search_index.index_record(newsletter)
    return item


@transaction.atomic
def update_item(
    actor,
    newsletter: Newsletter,
    item: NewsletterItem,
    *,
    heading: str,
    body: str,
    event_on: dt.date | None = None,
) -> NewsletterItem:
    """Change the words of an update or event (a chosen briefing has no words of its own)."""
    _require_draft(newsletter)
    if item.kind == NewsletterItemKind.BRIEFING:
        raise ValidationError({"__all__": "A briefing's text is changed on the briefing itself"})
    heading, body = (heading or "").strip(), (body or "").strip()
    if problems := item_problems(item.kind, heading, body, event_on):
        raise ValidationError(problems)
    before = audit.snapshot(item)
    item.heading, item.body = heading, body
    item.event_on = event_on if item.kind == NewsletterItemKind.EVENT else None
    item.save()
    audit.record_update(
        actor, item, before, partnership=newsletter.partnership, redact=_redactor(newsletter)
    )
    _touch(newsletter)
    search_index.index_record(newsletter)
    return item


@transaction.atomic
def move_item(actor, newsletter: Newsletter, item: NewsletterItem, direction: str) -> bool:
    """Swap the item with its neighbour above ("up") or below ("down"); False at an end."""
    _require_draft(newsletter)
    items = selectors.items_of(newsletter)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, each in enumerate(items):
        if each.position != position:
            NewsletterItem.objects.filter(pk=each.pk).update(position=position)
    audit.record(
        actor,
        AuditAction.UPDATE,
        item,
        partnership=newsletter.partnership,
        changes={"position": [index, target]},
        object_repr=_redactor(newsletter)("__str__", str(item)),
    )
    _touch(newsletter)
    return True


@transaction.atomic
def remove_item(actor, newsletter: Newsletter, item: NewsletterItem) -> None:
    _require_draft(newsletter)
    audit.record_delete(
        actor, item, partnership=newsletter.partnership, redact=_redactor(newsletter)
    )
    item.delete()
    for position, each in enumerate(selectors.items_of(newsletter)):
        if each.position != position:
            NewsletterItem.objects.filter(pk=each.pk).update(position=position)
    _touch(newsletter)
    search_index.index_record(newsletter)


@dataclass(frozen=True)
class TextFinding:
    """Something in the issue's own text that looks like a personal detail."""

    where: str  # "Introduction", "Update: Action plan progress", ...
    kind: str  # the anonymisation check's kind, e.g. "postcode"
    kind_label: str
    matched: str
    start: int
    end: int


def written_texts(newsletter: Newsletter) -> list[tuple[str, str]]:
    """(where, text) for every text the issue itself says: introduction, updates, events."""
    texts = [("Title", newsletter.title), ("Introduction", newsletter.introduction)]
    for item in selectors.items_of(newsletter):
        if item.kind == NewsletterItemKind.BRIEFING:
            continue
        where = f"{item.get_kind_display()}: {item.heading}"
        texts += [(f"{where} (heading)", item.heading), (where, item.body)]
    return [(where, text) for where, text in texts if text]


def text_findings(newsletter: Newsletter) -> list[TextFinding]:
    """What the anonymisation check finds in the issue's own text. The partnership's and its
    agencies' names are never personal details."""
    allowed = briefing_selectors.allowed_names(newsletter.partnership_id)
    extra = redaction.extra_first_names()
    found = []
    for where, text in written_texts(newsletter):
        for detail in anonymise.find_personal_details(text, allowed, extra):
            found.append(
                TextFinding(
                    where=where,
                    kind=detail.kind,
                    kind_label=WarningKind(detail.kind).label,
                    matched=detail.text,
                    start=detail.start,
                    end=detail.end,
                )
            )
    return found


@transaction.atomic
def publish(actor, newsletter: Newsletter, *, checked: bool = False, reason: str = "") -> None:
    """Publish a draft to the whole partnership. Refused while its own text has findings of
    the anonymisation check, unless a person ticks that they are not personal details and says
    why (kept in the audit log with where each finding was and its kind, not its text)."""
    _require_draft(newsletter)
    if not selectors.items_of(newsletter):
        raise ValidationError(
            {"__all__": "Add at least one briefing, update or event before publishing"}
        )
    findings = text_findings(newsletter)
    reason = (reason or "").strip()
    if findings and not checked:
        raise ValidationError(
            {
                "checked": "Edit the text to remove the personal details listed, or confirm "
                "they are not personal details"
            }
        )
    if findings and not reason:
        raise ValidationError({"reason": "Say why these are not personal details"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer"})
    before = audit.snapshot(newsletter)
    newsletter.status = BriefingStatus.PUBLISHED
    newsletter.published_on = timezone.localdate()
    save_versioned(newsletter, newsletter.version)
    changes = audit.diff(before, audit.snapshot(newsletter))
    changes.pop("version", None)
    redact = _redactor(newsletter)
    if findings:
        changes["anonymisation_checked"] = [
            None,
            {
                "reason": reason,
                "findings": [
                    f"{redact('__str__', f.where)}: {f.kind_label} "
                    f"(characters {f.start} to {f.end})"
                    for f in findings
                ],
            },
        ]
    changes = {k: [redact(k, old), redact(k, new)] for k, (old, new) in changes.items()}
    audit.record(
        actor,
        AuditAction.UPDATE,
        newsletter,
        changes=changes,
        object_repr=redact("__str__", str(newsletter)),
    )
    previous = newsletter.corrects
    if previous is not None and previous.status == BriefingStatus.PUBLISHED:
        withdrawal.withdraw(actor, previous, withdrawal.REPLACED, redact=redact)


@transaction.atomic
def withdraw(actor, newsletter: Newsletter, reason: str, version: int | None) -> Newsletter:
    """Take a published issue back: only the business unit sees it then. Audited."""
    if version is not None and version != newsletter.version:
        raise StaleRecordError(newsletter, version)
    return withdrawal.withdraw(actor, newsletter, reason, redact=_redactor(newsletter))


@transaction.atomic
def start_correction(actor, newsletter: Newsletter) -> Newsletter:
    """A new draft copied from a published or withdrawn issue (its text and its items, each
    briefing at its current version; a briefing withdrawn with no correction is left out)."""
    if newsletter.status == BriefingStatus.DRAFT:
        raise ValidationError({"__all__": "A draft is changed by editing it"})
    if newsletter.corrections.exists():
        raise ValidationError(
            {"__all__": "A corrected version of this issue has already been started"}
        )
    correction = Newsletter.objects.create(
        partnership=newsletter.partnership,
        title=newsletter.title,
        issue_date=newsletter.issue_date,
        introduction=newsletter.introduction,
        created_by=actor,
        corrects=newsletter,
    )
    redact = _redactor(correction)
    audit.record_create(actor, correction, redact=redact)
    position = 0
    for item in selectors.items_of(newsletter):
        briefing = item.briefing
        if briefing is not None:
            briefing = briefing_selectors.current_version(briefing)
            if briefing is None:
                continue
        copy = NewsletterItem.objects.create(
            newsletter=correction,
            kind=item.kind,
            briefing=briefing,
            heading=item.heading,
            body=item.body,
            event_on=item.event_on,
            position=position,
        )
        position += 1
        audit.record_create(actor, copy, partnership=correction.partnership, redact=redact)
    search_index.index_record(correction)
    return correction
