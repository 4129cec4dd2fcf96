"""`casereviews report annual --partnership SLUG --year 2016-17 --format json|docx|pdf
[--out FILE]`: the annual report, produced from the records, as on the page."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casereviews.core import audit
from casereviews.core.reporting_year import ReportingYear, ReportingYearError
from casereviews.reports import selectors
from casereviews.reports.annual import documents


class Command(BaseCommand):
    help = (
        "Produce a report from the records. `annual`: the review sub-group's annual report for "
        "a reporting year (1 April to 31 March) as JSON (every table), Word or PDF. Restricted "
        "reviews are included. Writes an audit entry."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=["annual"], help="which report")
        parser.add_argument("--year", required=True, help="The reporting year, for example 2016-17")
        parser.add_argument("--format", choices=documents.FORMATS, default="json", dest="fmt")
        parser.add_argument("--out", help="Write to this file instead of standard output")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug (needed when more than one partnership exists)",
        )

    def handle(self, *args, what: str, year: str, fmt: str, out: str | None,
               partnership: str | None, **options) -> None:  # fmt: skip
        try:
            chosen = ReportingYear.parse(year)
        except ReportingYearError as exc:
            raise CommandError(f"--year {year}: {exc}") from exc
        target = selectors.partnership_for_export(partnership)
        path = Path(out) if out else None
        if path is not None and not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        if path is None and fmt != "json" and sys.stdout.isatty():
            raise CommandError(f"A {fmt.upper()} file is not for the terminal: add --out FILE.")
        content = documents.produce(
            target, chosen, fmt, audit.command_actor("report annual"), timezone.localdate()
        )
        if path is not None:
            path.write_bytes(content)
            self.stderr.write(f"Wrote the {chosen.label} annual report ({fmt}) to {path}")
        elif fmt == "json":
            self.stdout.write(content.decode(), ending="")
        else:
            sys.stdout.buffer.write(content)
