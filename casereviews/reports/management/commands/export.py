"""`casereviews export reviews|referrals|quality|self-assessments --format json|csv [--out FILE]
[--partnership SLUG]`."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError

from casereviews.audits import exports as audit_exports
from casereviews.audits.quality import exports as quality_exports
from casereviews.audits.self_assessment import exports as self_assessment_exports
from casereviews.chronology import exports as chronology_exports
from casereviews.core import audit
from casereviews.reports import exports, selectors


def _self_assessments(fmt: str, partnership, actor) -> str:
    """One record per question answered, with last time's rating and the change."""
    data = self_assessment_exports.export_records(partnership, fmt, actor)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return exports.to_csv(data, self_assessment_exports.COLUMNS)


# Exports of the apps above the register: kind -> (format, partnership, actor) -> text.
OTHER_KINDS: dict[str, Callable[..., str]] = {
    "quality": quality_exports.export,
    "audits": audit_exports.export,
    "self-assessments": _self_assessments,
}
# Exports of one review: kind -> (format, partnership, actor, review Ref) -> text.
REVIEW_KINDS: dict[str, Callable[..., str]] = {"chronology": chronology_exports.export}


class _Unended:
    """Standard output for a writer that writes pieces of lines (Django's wrapper would end
    each piece with a newline)."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Export a partnership's register (reviews), referrals, review quality ratings or "
        "self-assessments as JSON or CSV, to standard output or a file. Restricted reviews are "
        "included and flagged. Writes an audit entry."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "what", choices=(*exports.KINDS, *OTHER_KINDS, *REVIEW_KINDS), help="what to export"
        )
        parser.add_argument("--format", choices=exports.FORMATS, default="json", dest="fmt")
        parser.add_argument("--out", help="Write to this file (UTF-8) instead of standard output")
        parser.add_argument("--review", help="The review's Ref (for a chronology)")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug (needed when more than one partnership exists)",
        )

    def handle(self, *args, what: str, fmt: str, out: str | None, partnership: str | None,
               review: str | None = None, **options) -> None:  # fmt: skip
        target = selectors.partnership_for_export(partnership)
        if out:
            path = Path(out)
            if not path.parent.exists():
                raise CommandError(f"The folder {path.parent} does not exist.")
        actor = audit.command_actor("export")
        writer: Callable[[TextIO], object]
        if what in exports.KINDS:  # written as read, in bounded memory
            writer = partial(exports.write, what, fmt, target, actor)
        else:
            if what in REVIEW_KINDS:
                text = REVIEW_KINDS[what](fmt, target, actor, review)
            else:
                text = OTHER_KINDS[what](fmt, target, actor)
            writer = partial(_write_text, text)
        if not out:
            writer(_Unended(self.stdout))
            return
        path = Path(out)
        try:
            with path.open("w", encoding="utf-8", newline="") as stream:
                writer(stream)
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written file left behind
            raise
        self.stderr.write(f"Exported {what} of {target.slug} as {fmt.upper()} to {out}.")


def _write_text(text: str, stream: TextIO) -> None:
    stream.write(text)
