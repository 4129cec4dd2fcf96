"""`casereviews insights load-national <folder-or-json> [--name NAME] [--jobs N]`: load a
national corpus of published reports (a folder the theme engine analyses now, or the JSON report
of `casereviews analyse --format json`); each partnership then sees its theme prevalence beside it.
Only per-theme document counts are kept (docs/adr/0039)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casereviews.core import audit
from casereviews.insights.services import CorpusError, load_national


class Command(BaseCommand):
    help = (
        "Load a national corpus: a folder of published reports (analysed by the theme engine) "
        "or the JSON output of `casereviews analyse --format json`. The newest corpus loaded "
        "is the one every partnership sees beside its own figures."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=("load-national",))
        parser.add_argument("source", help="A folder of reports, or an analyse JSON report")
        parser.add_argument("--name", help="What the pages call it (default: the folder's name)")
        parser.add_argument("--jobs", type=int, default=1, help="Processes for a folder")

    def handle(self, *args, what: str, source: str, name: str | None, jobs: int,
               **options) -> None:  # fmt: skip
        path = Path(source)
        label = name or (path.name if path.is_dir() else path.stem) or "National corpus"
        try:
            corpus = load_national(
                path, name=label, actor=audit.command_actor("insights load-national"), jobs=jobs
            )
        except CorpusError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Loaded {corpus.name}: {corpus.documents} documents analysed"
            f"{f', {corpus.failed} could not be read' if corpus.failed else ''}; "
            f"{corpus.themes.count()} themes counted, the toxic trio in {corpus.toxic_trio}."
        )
