"""The narrative sections of the annual report: written in the product, saved as drafts (each
save audited), with last year's text offered as a start."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from casereviews.core import audit
from casereviews.core.concurrency import StaleRecordError, save_versioned
from casereviews.core.reporting_year import ReportingYear
from casereviews.reports.annual.sections import HEADINGS
from casereviews.reports.models import AnnualNarrative

MAX_CHARS = 20_000


@dataclass
class Draft:
    text: str
    version: int | None  # None: nothing saved for this year yet
    from_last_year: bool


def draft_for(read, year: ReportingYear, section: str) -> Draft:
    """This year's saved text; else last year's, offered as a start (not yet saved)."""
    rows = read(AnnualNarrative.objects.filter(section=section))
    this = rows.filter(reporting_year=year.label).first()
    if this is not None:
        return Draft(this.text, this.version, False)
    last = rows.filter(reporting_year=year.previous.label).first()
    return Draft(last.text if last else "", None, bool(last and last.text))


@transaction.atomic
def save_draft(
    actor, partnership, year: ReportingYear, section: str, text: str, version: int | None
) -> AnnualNarrative:
    """Save the section's text for the year. `version`: the one the writer opened (None when
    there was none); StaleRecordError when somebody saved in between."""
    if section not in HEADINGS:
        raise ValidationError({"section": "Choose one of the report's sections"})
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_CHARS:
        raise ValidationError(
            {"text": f"The section must be {MAX_CHARS:,} characters or fewer; it has {len(text):,}"}
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    row, created = AnnualNarrative.objects.select_for_update().get_or_create(
        partnership=partnership,
        reporting_year=year.label,
        section=section,
        defaults={"text": text, "updated_by": user},
    )
    if created:
        audit.record_create(actor, row, partnership=partnership)
        return row
    if version is None:  # somebody saved the first draft while this writer had it open
        raise StaleRecordError(row, None)
    before = audit.snapshot(row)
    row.text = text
    row.updated_by = user
    save_versioned(row, version)
    audit.record_update(actor, row, before, partnership=partnership)
    return row
