"""A published review's record in the national case review repository's layout (F7, ADR 0040).

The repository lists each review as "Year - Area - Child", an incident summary, the background,
the key issues and learning, the recommendations, the review model and keywords. Until the
business unit saves its own text, every part is filled from the review: the register (year of
publication, the partnership as the area, the summary, type and methodology), the chronology's
pseudonym, the learning app (findings and accepted themes) and the action plan
(recommendations). The anonymisation check the briefings use reads every part before it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from docx import Document

from casereviews.actions.models import Recommendation
from casereviews.briefings import anonymise
from casereviews.briefings.redaction import extra_first_names, text_redactor
from casereviews.briefings.selectors import allowed_names
from casereviews.briefings.services import dismiss, reconcile_warnings
from casereviews.chronology.models import Chronology
from casereviews.core import audit
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.core.word import A4_LONG, A4_SHORT, clean, to_bytes
from casereviews.learning.models import Finding, TagState, ThemeTag
from casereviews.learning.themes import theme_name
from casereviews.reports.models import RepositorySummary, RepositoryWarning

# (field, heading) in the repository's order; "child" is part of the title line.
PARTS: list[tuple[str, str]] = [
    ("incident", "Incident summary"),
    ("background", "Background"),
    ("learning", "Key issues / Learning"),
    ("recommendations", "Recommendations"),
    ("methodology", "Model"),
    ("keywords", "Keywords"),
]
FIELDS = ["child", *(name for name, _ in PARTS)]
HEADINGS = {"child": "Child", **dict(PARTS)}
MAX_CHARS = 20_000


@dataclass
class Record:
    year: str
    area: str
    child: str
    incident: str
    background: str
    learning: str
    recommendations: str
    methodology: str
    keywords: str
    version: int | None  # None: nothing saved yet, all filled from the review
    saved: RepositorySummary | None

    @property
    def title(self) -> str:
        return " - ".join(p for p in (self.year, self.area, self.child or "Child") if p)

    def parts(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) of each part after the title."""
        return [(name, heading, getattr(self, name)) for name, heading in PARTS]


def _age(review) -> str:
    if review.age_various:
        return "children of various ages"
    for value, unit in (
        (review.age_years, "year"),
        (review.age_months, "month"),
        (review.age_weeks, "week"),
    ):
        if value:
            return f"{value}-{unit}-old"
    return ""


def filled_from_review(review) -> dict[str, str]:
    """Every part as the review's records give it (what a first save starts from)."""
    chronology = Chronology.objects.filter(review=review).only("child").first()
    who = " ".join(
        p for p in (_age(review), review.get_gender_display().lower() if review.gender else "") if p
    )
    incident = review.summary.strip().rstrip(".") + "."
    if who:
        incident += f" The child: {who}."
    dates = [
        f"{label} {getattr(review, field):%-d %B %Y}"
        for field, label in (("initiated_on", "initiated"), ("published_on", "published"))
        if getattr(review, field)
    ]
    background = f"{review.get_review_type_display()} ({review.ref})"
    background += (", " + "; ".join(dates) + ".") if dates else "."
    findings = Finding.objects.filter(review=review).order_by("number")
    learning = "\n\n".join(
        f"{f.title.strip()}: {f.text.strip()}" if f.title.strip() else f.text.strip()
        for f in findings
    )
    recommendations = "\n\n".join(
        f"{r.number}. {r.text.strip()}"
        for r in Recommendation.objects.filter(review=review).order_by("number")
    )
    accepted = ThemeTag.objects.filter(state=TagState.ACCEPTED).filter(
        Q(finding__review=review) | Q(report__review=review)
    )
    seen: dict[str, None] = {}
    for theme_id in accepted.order_by("id").values_list("theme_id", flat=True):
        seen.setdefault(theme_name(theme_id), None)
    return {
        "child": chronology.child if chronology else "",
        "incident": incident,
        "background": background,
        "learning": learning,
        "recommendations": recommendations,
        "methodology": review.get_methodology_display() if review.methodology else "",
        "keywords": "; ".join(seen),
    }


def record_of(review) -> Record:
    """The record: the business unit's saved text, else the review's own (call after
    authorising the review)."""
    saved = RepositorySummary.objects.filter(review=review).first()
    values = (
        {name: getattr(saved, name) for name in FIELDS}
        if saved is not None
        else filled_from_review(review)
    )
    return Record(
        year=str(review.published_on.year) if review.published_on else "",
        area=review.partnership.name,
        version=saved.version if saved else None,
        saved=saved,
        **values,
    )


@dataclass
class Warning:
    field: str
    heading: str
    kind: str
    before: str
    matched: str
    after: str


def _allowed(partnership_id: int, child: str) -> list[str]:
    """Names the check lets pass: the partnership's and agencies', and the pseudonym."""
    return [*allowed_names(partnership_id), *([child] if child else [])]


def warnings_of(record: Record, partnership_id: int) -> list[Warning]:
    """What the anonymisation check finds in each part of a record not yet saved (nothing is
    stored until then; a saved record's warnings are stored: `stored_warnings`)."""
    allowed = _allowed(partnership_id, record.child)
    found = []
    for name in FIELDS:
        text = getattr(record, name) or ""
        for detail in anonymise.find_personal_details(text, allowed, extra_first_names()):
            before, matched, after = anonymise.in_context(text, detail.start, detail.end)
            found.append(
                Warning(
                    name,
                    HEADINGS[name],
                    anonymise.KIND_WORDS.get(detail.kind, detail.kind),
                    before,
                    matched,
                    after,
                )
            )
    return found


def check(actor, summary: RepositorySummary) -> None:
    """Store what the anonymisation check finds in the saved text, reconciled with the warnings
    already stored (a dismissed one stays dismissed while its text is still there), as a
    briefing's are."""
    reconcile_warnings(
        actor,
        RepositoryWarning,
        {"summary": summary},
        {name: getattr(summary, name) for name in FIELDS},
        _allowed(summary.review.partnership_id, summary.child),
        partnership=summary.review.partnership,
    )


def stored_warnings(summary: RepositorySummary) -> list[RepositoryWarning]:
    return list(summary.warnings.select_related("decided_by").order_by("section", "start", "id"))


def get_warning(summary: RepositorySummary, warning_id: int | None) -> RepositoryWarning:
    """One of this summary's warnings, else 404 (another summary's is never reached)."""
    try:
        return summary.warnings.get(pk=warning_id)
    except RepositoryWarning.DoesNotExist as exc:
        raise Http404("No such warning") from exc


def dismiss_warning(actor, warning: RepositoryWarning, reason: str) -> RepositoryWarning:
    """Dismiss a warning as not a personal detail, with the reason (required), audited without
    the matched text."""
    return dismiss(actor, warning, reason, partnership=warning.summary.review.partnership)


@transaction.atomic
def save(actor, review, values: dict[str, str], version: int | None) -> RepositorySummary:
    """Save the business unit's text of the record. `version`: the one the writer opened (None
    when nothing was saved); StaleRecordError when somebody saved in between."""
    clean_values = {}
    problems = {}
    for name in FIELDS:
        text = (values.get(name) or "").replace("\r\n", "\n").strip()
        limit = RepositorySummary._meta.get_field(name).max_length or MAX_CHARS
        if len(text) > limit:
            problems[name] = f"This must be {limit:,} characters or fewer; it has {len(text):,}"
        clean_values[name] = text
    if problems:
        raise ValidationError(problems)
    user = actor if getattr(actor, "is_authenticated", False) else None
    row, created = RepositorySummary.objects.select_for_update().get_or_create(
        review=review, defaults={**clean_values, "updated_by": user}
    )
    partnership = review.partnership
    # The log keeps each version with every detail the check finds replaced by its kind.
    redact = text_redactor(partnership.pk, {*FIELDS, "__str__"}, [clean_values["child"]])
    if created:
        audit.record_create(actor, row, partnership=partnership, redact=redact)
        check(actor, row)
        return row
    if version is None:
        raise StaleRecordError(row, None)
    before = audit.snapshot(row)
    for name, text in clean_values.items():
        setattr(row, name, text)
    row.updated_by = user
    save_versioned(row, version)
    audit.record_update(actor, row, before, partnership=partnership, redact=redact)
    check(actor, row)
    return row


@dataclass
class Change:
    field: str
    heading: str
    now: str
    from_review: str


def refill_changes(review) -> list[Change]:
    """The parts a refill from the review would change: the saved text beside the review's."""
    record = record_of(review)
    fresh = filled_from_review(review)
    return [
        Change(name, HEADINGS[name], getattr(record, name), fresh[name])
        for name in FIELDS
        if (getattr(record, name) or "") != fresh[name]
    ]


def refill(actor, review, version: int | None) -> RepositorySummary:
    """Replace the saved text with what the review's records now give (the findings,
    recommendations and themes edited since): saved as any edit is, versioned and audited.
    StaleRecordError when somebody saved since `version` was read."""
    return save(actor, review, filled_from_review(review), version)


def as_text(record: Record) -> str:
    """Plain text for submitting to the repository: the title line, then each part."""
    lines = [record.title, ""]
    for _name, heading, text in record.parts():
        lines += [heading, text or "(none)", ""]
    return "\n".join(lines).rstrip() + "\n"


def as_docx(record: Record) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    document.add_heading(clean(record.title), level=1)
    for _name, heading, text in record.parts():
        document.add_heading(heading, level=2)
        for paragraph in (text or "(none)").split("\n\n"):
            document.add_paragraph(clean(paragraph.strip()))
    return to_bytes(document)
