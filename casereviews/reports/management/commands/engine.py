"""`casereviews engine report [--partnership SLUG] [--format text|json] [--out FILE]`: per theme,
how often people accepted what the theme engine suggested, and why they rejected it."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.learning import engine_report
from casereviews.reports import selectors


class Command(BaseCommand):
    help = (
        "The theme engine and people's decisions: per theme, how many of its suggestions were "
        "accepted, rejected or are awaiting a decision, the themes people added that it missed, "
        "and the reasons given for rejecting. Writes an audit entry."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=("report",), help="what to show")
        parser.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
        parser.add_argument("--out", help="Write to this file (UTF-8) instead of standard output")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug (needed when more than one partnership exists)",
        )

    def handle(self, *args, what: str, fmt: str, out: str | None, partnership: str | None,
               **options) -> None:  # fmt: skip
        target = selectors.partnership_for_export(partnership)
        if out and not Path(out).parent.exists():
            raise CommandError(f"The folder {Path(out).parent} does not exist.")
        report = engine_report.engine_decisions(target)
        if fmt == "json":
            text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        else:
            text = engine_report.as_text(report, target.name)
        audit.record(
            audit.command_actor("engine report"),
            AuditAction.EXPORT,
            None,
            partnership=target,
            object_repr=f"Theme engine report ({fmt})",
            changes={"report": "engine", "format": fmt, **report["totals"]},
        )
        if out:
            Path(out).write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"Theme engine report of {target.slug} written to {out}.")
        else:
            self.stdout.write(text, ending="")
