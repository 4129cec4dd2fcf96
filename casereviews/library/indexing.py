"""Turning records into library entries, and writing them to the index (docs/adr/0038).

`index_record(obj)` is called by the services that write records (through core.search_index);
`rebuild()` writes every entry again. One `_entry_for_*` function per kind says what is
searched (title, body), where the result links to, and the facts the filters use.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction
from django.urls import reverse

from casereviews.actions.models import Action, ActionUpdate, Recommendation
from casereviews.analysis.readers import DocumentError, read_document
from casereviews.audits.joint.models import JointAudit
from casereviews.audits.models import CaseAudit
from casereviews.audits.self_assessment.models import SelfAssessment
from casereviews.briefings.models import Briefing, Newsletter
from casereviews.briefings.services import section_keys
from casereviews.chronology.models import ChronologyEntry
from casereviews.core import files
from casereviews.core.reporting_year import ReportingYear
from casereviews.events.models import Event
from casereviews.learning.models import Finding, ReviewReport, TagState, ThemeTag
from casereviews.library.models import AgeGroup, Kind, SearchEntry
from casereviews.reviews.models import Review

PDF = "application/pdf"
# Characters the engines' highlight marks are made of: never kept in indexed text.
MARK_START, MARK_END = "\x02", "\x03"
# The text kept of one record: about 300 pages. PostgreSQL's tsvector holds at most 1 MB.
MAX_BODY = 1_000_000
_STRIP = str.maketrans({MARK_START: " ", MARK_END: " ", "\x00": " "})


def _clean(text: str | None) -> str:
    return (text or "").translate(_STRIP).strip()


def age_group(review: Review | None) -> str:
    if review is None or review.age_various:
        return ""
    years = review.age_years
    if years is None:
        return AgeGroup.UNDER_1 if (review.age_months or review.age_weeks) is not None else ""
    if years < 1:
        return AgeGroup.UNDER_1
    if years <= 4:
        return AgeGroup.ONE_TO_FOUR
    if years <= 9:
        return AgeGroup.FIVE_TO_NINE
    if years <= 13:
        return AgeGroup.TEN_TO_THIRTEEN
    return AgeGroup.FOURTEEN_PLUS


def _year(day: dt.date | dt.datetime | None) -> int | None:
    if day is None:
        return None
    if isinstance(day, dt.datetime):
        day = day.date()
    return ReportingYear.of(day).first


def _themes(ids: Iterable[str]) -> str:
    ids = sorted(set(ids))
    return f" {' '.join(ids)} " if ids else ""


def _accepted(**on: Any) -> list[str]:
    return list(
        ThemeTag.objects.filter(state=TagState.ACCEPTED, **on).values_list("theme_id", flat=True)
    )


def _review_facts(review: Review | None) -> dict[str, Any]:
    """What an entry hanging off a review takes from it for the filters."""
    if review is None:
        return {"review_type": "", "age_group": "", "reporting_year": None}
    return {
        "review": review,
        "review_type": review.review_type,
        "age_group": age_group(review),
        "reporting_year": _year(review.agreed_on or review.initiated_on),
    }


def _review_themes(review: Review) -> list[str]:
    return _accepted(finding__review=review) + _accepted(report__review=review)


def _entry_for_review(review: Review, **_: Any) -> dict[str, Any]:
    return {
        **_review_facts(review),
        "partnership_id": review.partnership_id,
        "title": f"{review.ref}: {review.summary}",
        "body": "\n".join(
            t for t in (review.summary, review.family_involvement, review.publication_note) if t
        ),
        "theme_ids": _themes(_review_themes(review)),
        "link": reverse("reviews:detail", args=[review.pk]),
        "dated": review.published_on or review.agreed_on,
    }


def _entry_for_finding(finding: Finding, **_: Any) -> dict[str, Any]:
    review = finding.review
    return {
        **_review_facts(review),
        "partnership_id": review.partnership_id,
        "title": f"{review.ref} finding {finding.number}"
        + (f": {finding.title}" if finding.title else ""),
        "body": finding.text,
        "theme_ids": _themes(_accepted(finding=finding)),
        "link": reverse("learning:findings", args=[review.pk]) + f"#finding-{finding.number}",
        "dated": review.published_on or review.agreed_on,
    }


def _entry_for_recommendation(rec: Recommendation, **_: Any) -> dict[str, Any]:
    review = rec.review
    return {
        **_review_facts(review),
        "partnership_id": review.partnership_id,
        "title": f"{review.ref} recommendation {rec.number}",
        "body": rec.text,
        "theme_ids": _themes(_accepted(finding__in=rec.findings.all())),
        "link": reverse("actions:recommendations", args=[review.pk]) + f"#recommendation-{rec.pk}",
        "dated": review.published_on or review.agreed_on,
    }


def report_text(report: ReviewReport) -> str:
    """The report's text, read again from the kept file ('' when it cannot be read)."""
    try:
        return read_document(files.stored_path(report.stored_name)).text
    except (DocumentError, OSError):
        return ""


# A passage of a report without pages (Word, text): a few paragraphs, about a printed page.
PASSAGE_CHARS = 3_000


def _pieces(paragraph: str) -> list[str]:
    """A paragraph longer than a passage, cut at spaces into passage-sized pieces."""
    pieces = []
    while len(paragraph) > PASSAGE_CHARS:
        cut = paragraph.rfind(" ", 0, PASSAGE_CHARS)
        cut = cut if cut > 0 else PASSAGE_CHARS
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut:].lstrip()
    return [*pieces, paragraph] if paragraph else pieces


def report_parts(text: str, *, one_page: bool = False) -> list[tuple[int, bool, str]]:
    """(number, is a page, text) of each part of a report: its pages when the text has page
    breaks (a PDF's, analysis.readers.PAGE_BREAK) or is a one-page PDF, else passages of whole
    paragraphs of about PASSAGE_CHARS characters. Blank pages are left out, keeping the
    numbers of the others."""
    if "\f" in text or one_page:
        pages = [page.strip() for page in text.split("\f")]
        return [(n, True, page) for n, page in enumerate(pages, 1) if page]
    passages: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in re.split(r"\n\s*\n", text):
        for piece in _pieces(paragraph.strip()):
            if current and size + len(piece) > PASSAGE_CHARS:
                passages.append("\n\n".join(current))
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 2
    if current:
        passages.append("\n\n".join(current))
    return [(n, False, passage) for n, passage in enumerate(passages, 1)]


def _kept_report_parts(report: ReviewReport) -> list[tuple[int, bool, str]]:
    """The pages already indexed (a theme decided on the report), else read from the file."""
    kept = list(
        SearchEntry.objects.filter(kind=Kind.REPORT, record_id=report.pk)
        .order_by("part")
        .values_list("part", "part_is_page", "body")
    )
    pages = [part for part in kept if part[0] > 0]
    if pages:
        return pages
    # An entry of the whole report only (indexed before reports had pages), or none: split it.
    return _report_parts(report, kept[0][2] if kept else report_text(report))


def _report_parts(report: ReviewReport, text: str) -> list[tuple[int, bool, str]]:
    return report_parts(text, one_page=report.content_type == PDF and report.pages == 1)


def _entry_for_report(
    report: ReviewReport, text: str | None = None, **_: Any
) -> list[dict[str, Any]]:
    """The whole report (part 0: what is matched, counted and ranked), then one entry per page
    (or passage) of its text, each linking to its own page: searched only within the reports
    a results page shows (library.search)."""
    review = report.review
    parts = _kept_report_parts(report) if text is None else _report_parts(report, text)
    common = {
        **_review_facts(review),
        "partnership_id": review.partnership_id,
        "title": f"{review.ref} report: {report.original_name}",
        "theme_ids": _themes(_accepted(report=report)),
        "dated": report.uploaded_at.date() if report.uploaded_at else None,
    }
    link = reverse("library:report_text", args=[report.pk])
    whole = {**common, "body": "\n\n".join(body for _, _, body in parts), "link": link}
    return [whole] + [
        {**common, "part": n, "part_is_page": is_page, "body": body, "link": f"{link}?part={n}"}
        for n, is_page, body in parts
    ]


def _entry_for_briefing(briefing: Briefing, **_: Any) -> dict[str, Any]:
    review = briefing.review
    sections = briefing.sections or {}
    # In the template's order, not the stored mapping's: PostgreSQL's jsonb gives the keys back
    # in its own order, so a rebuild would write another text than the service did.
    keys = section_keys(briefing.kind)
    keys += sorted(k for k in sections if k not in keys)
    return {
        **_review_facts(review),
        "partnership_id": briefing.partnership_id,
        "title": briefing.title,
        "body": "\n".join(str(sections[k]) for k in keys if sections.get(k)),
        "theme_ids": _themes(_review_themes(review)),
        "link": reverse("briefings:detail", args=[briefing.pk]),
        "reporting_year": _year(briefing.published_on) or _review_facts(review)["reporting_year"],
        "dated": briefing.published_on,
    }


def _entry_for_newsletter(newsletter: Newsletter, **_: Any) -> dict[str, Any]:
    items = newsletter.items.select_related("briefing").order_by("position", "id")
    parts = [newsletter.introduction]
    for item in items:
        parts += [item.heading, item.body, item.briefing.title if item.briefing else ""]
    return {
        **_review_facts(None),
        "partnership_id": newsletter.partnership_id,
        "title": newsletter.title,
        "body": "\n".join(p for p in parts if p),
        "theme_ids": "",
        "link": reverse("newsletters:detail", args=[newsletter.pk]),
        "reporting_year": _year(newsletter.issue_date),
        "dated": newsletter.issue_date,
    }


def _entry_for_action(action: Action, **_: Any) -> dict[str, Any]:
    rec = action.recommendation
    review = rec.review if rec else None
    facts = _review_facts(review)
    return {
        **facts,
        "partnership_id": action.partnership_id,
        "title": f"Action: {action.description[:120]}",
        "body": "\n".join(t for t in (action.description, action.success_measure) if t),
        "theme_ids": _themes(_accepted(finding__in=rec.findings.all()) if rec else []),
        "link": reverse("actions:detail", args=[action.pk]),
        "reporting_year": facts["reporting_year"] or _year(action.due_on),
        "dated": action.due_on,
    }


def _entry_for_update(update: ActionUpdate, **_: Any) -> dict[str, Any] | None:
    if not update.text:
        return None
    action = update.action
    entry = _entry_for_action(action)
    return {
        **entry,
        "title": f"{update.get_kind_display()} on: {action.description[:100]}",
        "body": update.text,
        "link": entry["link"],
        "dated": update.written_on,
    }


def _entry_without_review(
    partnership_id: int, title: str, parts: list, link: str, reporting_year, dated
) -> dict[str, Any]:
    """An entry for a record that belongs to no review (a case audit, a joint audit, a
    self-assessment): its texts joined, no themes."""
    return {
        **_review_facts(None),
        "partnership_id": partnership_id,
        "title": title,
        "body": "\n".join(p for p in parts if p),
        "theme_ids": "",
        "link": link,
        "reporting_year": reporting_year,
        "dated": dated,
    }


def _entry_for_audit(audit: CaseAudit, **_: Any) -> dict[str, Any]:
    parts = [audit.team, audit.sign_off_note]
    for answer in audit.answers.all():
        parts += [answer.seen, answer.next_action, answer.training_need]
    return _entry_without_review(
        audit.partnership_id,
        f"Case audit {audit.case_reference} ({audit.get_purpose_display()})",
        parts,
        reverse("audits:detail", args=[audit.pk]),
        _year(audit.audit_date),
        audit.audit_date,
    )


def _entry_for_joint(joint: JointAudit, **_: Any) -> dict[str, Any]:
    parts = []
    for discussion in joint.discussions.select_related("theme").order_by("theme__number"):
        parts += [discussion.agreements, discussion.disagreements, discussion.agreed_actions]
    return _entry_without_review(
        joint.partnership_id,
        f"Multi-agency case audit {joint.case_reference} ({joint.child})",
        parts,
        reverse("audits:joint:detail", args=[joint.pk]),
        _year(joint.meeting_date),
        joint.meeting_date,
    )


def _entry_for_self_assessment(assessment: SelfAssessment, **_: Any) -> dict[str, Any]:
    parts = [assessment.reopen_reason]
    for answer in assessment.answers.all():
        parts += [answer.evidence, answer.action]
    who = (
        f"{assessment.agency.name}, {assessment.team}"
        if assessment.team
        else assessment.agency.name
    )
    stamped = assessment.completed_at or assessment.created_at
    return _entry_without_review(
        assessment.partnership_id,
        f"Self-assessment {assessment.period}: {who}",
        parts,
        reverse("audits:self_assessment:detail", args=[assessment.pk]),
        int(assessment.period[:4]) if assessment.period[:4].isdigit() else None,
        stamped.date() if stamped else None,
    )


def _entry_for_chronology_entry(entry: ChronologyEntry, **_: Any) -> dict[str, Any]:
    """Named, as the panel reads it: only the panel finds it (selectors.entries_in_reach)."""
    review = entry.chronology.review
    return {
        **_review_facts(review),
        "partnership_id": review.partnership_id,
        "title": f"{review.ref} chronology: {entry.when}, {entry.agency.name}",
        "body": "\n".join(
            t for t in (entry.event, entry.known, entry.done, entry.people, entry.source) if t
        ),
        "theme_ids": "",
        "link": reverse("chronology:integrated", args=[entry.chronology_id]),
        "dated": entry.starts_on,
    }


def _entry_for_event(event: Event, **_: Any) -> dict[str, Any]:
    return {
        **_review_facts(None),
        "partnership_id": event.partnership_id,
        "title": event.title,
        "body": "\n".join(t for t in (event.description, event.audience) if t),
        "theme_ids": _themes(event.themes or []),
        "link": reverse("events:detail", args=[event.pk]),
        "reporting_year": _year(event.starts_at),
        "dated": event.starts_at.date(),
    }


# A builder gives the values of the record's entry, or a list of them (a report's parts), or
# None when the record has nothing to search.
Values = dict[str, Any] | list[dict[str, Any]] | None

BUILDERS: dict[type, tuple[str, Callable[..., Values]]] = {
    Review: (Kind.REVIEW, _entry_for_review),
    Finding: (Kind.FINDING, _entry_for_finding),
    Recommendation: (Kind.RECOMMENDATION, _entry_for_recommendation),
    ReviewReport: (Kind.REPORT, _entry_for_report),
    Briefing: (Kind.BRIEFING, _entry_for_briefing),
    Newsletter: (Kind.NEWSLETTER, _entry_for_newsletter),
    Action: (Kind.ACTION, _entry_for_action),
    ActionUpdate: (Kind.EVIDENCE, _entry_for_update),
    CaseAudit: (Kind.CASE_AUDIT, _entry_for_audit),
    JointAudit: (Kind.JOINT_AUDIT, _entry_for_joint),
    SelfAssessment: (Kind.SELF_ASSESSMENT, _entry_for_self_assessment),
    ChronologyEntry: (Kind.CHRONOLOGY_ENTRY, _entry_for_chronology_entry),
    Event: (Kind.EVENT, _entry_for_event),
}


# --- The engines' own structures ------------------------------------------------------------

FTS_TABLE = "library_searchentry_fts"
# A report's pages (entries with a part): their own table, matched with the report's token in
# the `record` column, so that the ranked table holds whole records only (migration 0002).
PAGES_FTS_TABLE = "library_searchpage_fts"


def record_token(record_id: int) -> str:
    return f"r{record_id}"


def _fts_write(entry_id: int, title: str, body: str) -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL keeps its tsvector column itself (a generated column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry_id])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [entry_id, title, body],
        )


def _fts_delete(entry_ids: list[int]) -> None:
    if connection.vendor != "sqlite" or not entry_ids:
        return
    with connection.cursor() as cursor:
        for table in (FTS_TABLE, PAGES_FTS_TABLE):
            cursor.executemany(
                f"DELETE FROM {table} WHERE rowid = %s",  # noqa: S608
                [(entry_id,) for entry_id in entry_ids],
            )


# --- Writing entries --------------------------------------------------------------------------


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    return {
        **values,
        "title": _clean(values["title"])[:300],
        "body": _clean(values["body"])[:MAX_BODY],
    }


def _write(kind: str, record_id: int, values: Values) -> None:
    if values is None or values == []:
        _remove(kind, record_id)
        return
    if isinstance(values, list):
        _write_parts(kind, record_id, values)
        return
    values = _cleaned(values)
    entry, _ = SearchEntry.objects.update_or_create(
        kind=kind, record_id=record_id, part=0, defaults=values
    )
    _fts_write(entry.pk, entry.title, entry.body)


def _write_parts(kind: str, record_id: int, parts: list[dict[str, Any]]) -> None:
    """A record of many entries (a whole report, then its pages) is written again whole: its
    old entries go, the new ones are inserted together."""
    _remove(kind, record_id)
    entries = SearchEntry.objects.bulk_create(
        [SearchEntry(kind=kind, record_id=record_id, **_cleaned(part)) for part in parts]
    )
    if connection.vendor == "sqlite":
        token = record_token(record_id)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                [(e.pk, e.title, e.body) for e in entries if not e.part],
            )
            cursor.executemany(
                f"INSERT INTO {PAGES_FTS_TABLE} (rowid, record, body) "  # noqa: S608
                "VALUES (%s, %s, %s)",
                [(e.pk, token, e.body) for e in entries if e.part],
            )


def _remove(kind: str, record_id: int) -> None:
    entries = SearchEntry.objects.filter(kind=kind, record_id=record_id)
    _fts_delete(list(entries.values_list("pk", flat=True)))
    entries.delete()


@transaction.atomic
def index_record(obj: Any, **extra: Any) -> None:
    """Write the entry of one record. A finding's or report's accepted themes are also those of
    its review and the review's briefings (and a finding's, of its recommendations and their
    actions), so those entries are written again with them."""
    kind, build = BUILDERS[type(obj)]
    _write(kind, obj.pk, build(obj, **extra))
    if isinstance(obj, (Finding, ReviewReport)):
        for related in _sharing_themes(obj):
            related_kind, related_build = BUILDERS[type(related)]
            _write(related_kind, related.pk, related_build(related))


def _sharing_themes(obj: Finding | ReviewReport) -> list[Any]:
    review = obj.review
    related: list[Any] = [review, *Briefing.objects.filter(review=review)]
    if isinstance(obj, Finding):
        recommendations = list(obj.recommendations.select_related("review"))
        related += recommendations
        related += Action.objects.filter(recommendation__in=recommendations)
    return related


@transaction.atomic
def remove_record(obj: Any) -> None:
    kind, _ = BUILDERS[type(obj)]
    _remove(kind, obj.pk)


# Where each kind of record says which partnership it belongs to (a rebuild of one partnership).
PARTNERSHIP_OF: dict[type, str] = {
    Review: "partnership",
    Finding: "review__partnership",
    Recommendation: "review__partnership",
    ReviewReport: "review__partnership",
    Briefing: "partnership",
    Newsletter: "partnership",
    Action: "partnership",
    ActionUpdate: "action__partnership",
    CaseAudit: "partnership",
    JointAudit: "partnership",
    SelfAssessment: "partnership",
    ChronologyEntry: "chronology__review__partnership",
    Event: "partnership",
}


def _records(model: type, partnership_id: int | None = None) -> Iterable[Any]:
    queryset = model._default_manager.all()
    if partnership_id is not None:
        queryset = queryset.filter(**{PARTNERSHIP_OF[model]: partnership_id})
    related = {
        Finding: ["review"],
        Recommendation: ["review"],
        ReviewReport: ["review"],
        Briefing: ["review"],
        Action: ["recommendation__review"],
        ActionUpdate: ["action__recommendation__review"],
        SelfAssessment: ["agency"],
        ChronologyEntry: ["chronology__review", "agency"],
    }.get(model)
    if related:
        queryset = queryset.select_related(*related)
    return queryset.order_by("pk").iterator(chunk_size=500)


def _clear(partnership_id: int | None) -> None:
    entries = SearchEntry.objects.all()
    if partnership_id is not None:
        entries = entries.filter(partnership_id=partnership_id)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in (FTS_TABLE, PAGES_FTS_TABLE):
                if partnership_id is None:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                else:
                    cursor.execute(
                        f"DELETE FROM {table} WHERE rowid IN "  # noqa: S608
                        f"(SELECT id FROM {SearchEntry._meta.db_table} "
                        "WHERE partnership_id = %s)",
                        [partnership_id],
                    )
    entries.delete()


def rebuild(
    progress: Callable[[str, int], None] | None = None, *, partnership_id: int | None = None
) -> dict[str, int]:
    """Write every entry again, in one transaction: {kind: entries written}. With
    `partnership_id`, only that partnership's entries (the others are left as they are)."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        _clear(partnership_id)
        for model, (kind, build) in BUILDERS.items():
            written = 0
            for obj in _records(model, partnership_id):
                values = build(obj)
                if values is not None:
                    _write(kind, obj.pk, values)
                    written += 1
            counts[kind] = written
            if progress is not None:
                progress(kind, written)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: with stale ones it may read every entry of the
            # partnership (a report's pages too) rather than the full-text index.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    return counts
