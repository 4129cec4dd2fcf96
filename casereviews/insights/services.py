"""Loading a national corpus: the theme engine's JSON report, or a folder it analyses here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from casereviews.analysis.corpus import stream_corpus
from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.insights.models import NationalCorpus, NationalThemeCount
from casereviews.learning.themes import is_theme


class CorpusError(ValueError):
    """A corpus that cannot be loaded; the message says why."""


def summary_of_json(path: Path) -> dict[str, Any]:
    """The aggregates of a `casereviews analyse --format json` report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"{path} is not a JSON report of `casereviews analyse`: {exc}") from exc
    try:
        return {
            "documents": int(data["summary"]["analysed"]),
            "failed": int(data["summary"].get("failed", 0)),
            "prevalence": {p["id"]: int(p["documents"]) for p in data["prevalence"]},
            "toxic_trio": int(data["toxic_trio"]["documents"]),
            "pairs": list(data.get("cooccurrence", {}).get("pairs", [])),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise CorpusError(
            f"{path} lacks the summary, prevalence or toxic_trio of `casereviews analyse "
            f"--format json` ({exc})"
        ) from exc


def summary_of_folder(path: Path, jobs: int | None = 1) -> dict[str, Any]:
    """Analyse a folder of published reports with the theme engine, keeping only the counts."""
    with stream_corpus([path], jobs=jobs) as corpus:
        head = corpus.head()
    return {
        "documents": head["summary"]["analysed"],
        "failed": head["summary"]["failed"],
        "prevalence": {p["id"]: p["documents"] for p in head["prevalence"]},
        "toxic_trio": head["toxic_trio"]["documents"],
        "pairs": head["cooccurrence"]["pairs"],
    }


def load_national(source: str | Path, *, name: str, actor, jobs: int | None = 1) -> NationalCorpus:
    """Store a national corpus's per-theme document counts; the newest loaded is shown."""
    path = Path(source)
    if path.is_dir():
        summary = summary_of_folder(path, jobs=jobs)
    elif path.is_file():
        summary = summary_of_json(path)
    else:
        raise CorpusError(f"{path} is neither a folder nor a file")
    if not summary["documents"]:
        raise CorpusError(f"No document of {path} could be analysed: nothing loaded")
    with transaction.atomic():
        corpus = NationalCorpus.objects.create(
            name=name,
            source=str(path)[:500],
            documents=summary["documents"],
            failed=summary["failed"],
            toxic_trio=summary["toxic_trio"],
            pairs=[p for p in summary["pairs"] if is_theme(p["a"]) and is_theme(p["b"])],
        )
        NationalThemeCount.objects.bulk_create(
            NationalThemeCount(corpus=corpus, theme_id=theme_id, documents=n)
            for theme_id, n in summary["prevalence"].items()
            if is_theme(theme_id)
        )
        audit.record(
            actor,
            AuditAction.CREATE,
            corpus,
            object_repr=f"National corpus: {corpus}",
            changes={"source": corpus.source, "documents": corpus.documents},
        )
    return corpus
