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
from docx import Document

from casereviews.actions.models import Recommendation
from casereviews.briefings import anonymise
from casereviews.briefings.selectors import allowed_names
from casereviews.chronology.models import Chronology
from casereviews.core import audit
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.core.word import A4_LONG, A4_SHORT, clean, to_bytes
from casereviews.learning.models import Finding, TagState, ThemeTag
from casereviews.learning.themes import theme_name
from casereviews.reports.models import RepositorySummary

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


def warnings_of(record: Record, partnership_id: int) -> list[Warning]:
    """What the anonymisation check finds in each part (the pseudonym is allowed)."""
    allowed = [*allowed_names(partnership_id), *([record.child] if record.child else [])]
    headings = {"child": "Child", **dict(PARTS)}
    found = []
    for name in FIELDS:
        text = getattr(record, name) or ""
        for detail in anonymise.find_personal_details(text, allowed):
            before, matched, after = anonymise.in_context(text, detail.start, detail.end)
            found.append(
                Warning(
                    name,
                    headings[name],
                    anonymise.KIND_WORDS.get(detail.kind, detail.kind),
                    before,
                    matched,
                    after,
                )
            )
    return found


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
    if created:
        audit.record_create(actor, row, partnership=partnership)
        return row
    if version is None:
        raise StaleRecordError(row, None)
    before = audit.snapshot(row)
    for name, text in clean_values.items():
        setattr(row, name, text)
    row.updated_by = user
    save_versioned(row, version)
    audit.record_update(actor, row, before, partnership=partnership)
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
    headings = {"child": "Child", **dict(PARTS)}
    return [
        Change(name, headings[name], getattr(record, name), fresh[name])
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
