"""`casereviews export_self_assessments --partnership SLUG --format json|csv [--out FILE]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casereviews.audits.self_assessment import exports as self_assessment
from casereviews.core import audit
from casereviews.reports import exports, selectors


class Command(BaseCommand):
    help = (
        "Export a partnership's self-assessments against practice issues as JSON or CSV: one "
        "record per question, with last time's rating and the change. Writes an audit entry."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=exports.FORMATS, default="json", dest="fmt")
        parser.add_argument("--out", help="Write to this file (UTF-8) instead of standard output")
        parser.add_argument("--partnership", help="The partnership's slug")

    def handle(self, *args, fmt: str, out: str | None, partnership: str | None, **options) -> None:
        target = selectors.partnership_for_export(partnership)
        if out and not Path(out).parent.exists():
            raise CommandError(f"The folder {Path(out).parent} does not exist.")
        actor = audit.command_actor("export_self_assessments")
        data = self_assessment.export_records(target, fmt, actor)
        if fmt == "json":
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = exports.to_csv(data, self_assessment.COLUMNS)
        if out:
            Path(out).write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"Exported {len(data)} answers of {target.slug} as {fmt.upper()}.")
        else:
            self.stdout.write(text, ending="")
