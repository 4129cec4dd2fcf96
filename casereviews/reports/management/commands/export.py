"""`casereviews export reviews|referrals --format json|csv [--out FILE] [--partnership SLUG]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casereviews.audits import exports as audit_exports
from casereviews.audits.quality import exports as quality_exports
from casereviews.core import audit
from casereviews.reports import exports, selectors


class Command(BaseCommand):
    help = (
        "Export a partnership's register (reviews) or referrals as JSON or CSV, to standard "
        "output or a file. Restricted reviews are included and flagged. Writes an audit entry."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "what", choices=(*exports.KINDS, "quality", "audits"), help="what to export"
        )
        parser.add_argument("--format", choices=exports.FORMATS, default="json", dest="fmt")
        parser.add_argument("--out", help="Write to this file (UTF-8) instead of standard output")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug (needed when more than one partnership exists)",
        )

    def handle(self, *args, what: str, fmt: str, out: str | None, partnership: str | None,
               **options) -> None:  # fmt: skip
        target = selectors.partnership_for_export(partnership)
        if out:
            path = Path(out)
            if not path.parent.exists():
                raise CommandError(f"The folder {path.parent} does not exist.")
        actor = audit.command_actor("export")
        if what == "quality":
            text = quality_exports.export(fmt, target, actor)
        elif what == "audits":
            text = audit_exports.export(fmt, target, actor)
        else:
            text = exports.export(what, fmt, target, actor)
        if out:
            Path(out).write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"Exported {what} of {target.slug} as {fmt.upper()} to {out}.")
        else:
            self.stdout.write(text, ending="")
