"""Analyse a corpus of documents in parallel: each document's themes, then the aggregates.

`collect_paths` walks files and folders (sorted, supported extensions only); `analyse_paths`
reads and tags each document in a pool of worker processes, collecting per-file errors while
the others go on; `CorpusResult` holds the documents (in path order) and the prevalence of each
theme, the co-occurrence of themes and the toxic trio count. The output is deterministic: the same
files give the same result whatever the number of processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from casereviews.analysis.readers import SUPPORTED_EXTENSIONS, DocumentError, read_document
from casereviews.analysis.taxonomy import TOXIC_TRIO

__all__ = [
    "CorpusResult",
    "DocumentResult",
    "analyse_corpus",
    "analyse_paths",
    "collect_paths",
    "theme_catalogue",
]


@dataclass
class DocumentResult:
    """One document's outcome: its present themes (with evidence) or the reason it failed."""

    path: str
    kind: str | None = None
    pages: int = 0
    chars: int = 0
    themes: list[dict[str, Any]] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    toxic_trio: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        return {
            "path": self.path,
            "kind": self.kind,
            "pages": self.pages,
            "chars": self.chars,
            "toxic_trio": self.toxic_trio,
            "themes": self.themes,
        }


@dataclass
class CorpusResult:
    """Every document's result in path order, and the corpus aggregates."""

    documents: list[DocumentResult]
    catalogue: list[tuple[str, str]]  # (id, name) in the framework's order

    def __post_init__(self) -> None:
        ids = [tid for tid, _ in self.catalogue]
        index = {tid: i for i, tid in enumerate(ids)}
        matrix = [[0] * len(ids) for _ in ids]
        for doc in self.analysed:
            present = sorted(index[t["id"]] for t in doc.themes if t["id"] in index)
            for a in present:
                row = matrix[a]
                for b in present:
                    row[b] += 1
        self.matrix = matrix

    @property
    def analysed(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.ok]

    @property
    def errors(self) -> list[DocumentResult]:
        return [d for d in self.documents if not d.ok]

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.analysed)

    @property
    def chars(self) -> int:
        return sum(d.chars for d in self.analysed)

    @property
    def toxic_trio(self) -> int:
        return sum(1 for d in self.analysed if d.toxic_trio)

    def percent(self, count: int) -> float:
        n = len(self.analysed)
        return round(100.0 * count / n, 1) if n else 0.0

    def prevalence(self) -> list[dict[str, Any]]:
        """Each theme with the number and % of analysed documents that cover it, most first."""
        rows = [
            {
                "id": tid,
                "name": name,
                "documents": self.matrix[i][i],
                "percent": self.percent(self.matrix[i][i]),
            }
            for i, (tid, name) in enumerate(self.catalogue)
        ]
        order = {tid: i for i, (tid, _) in enumerate(self.catalogue)}
        return sorted(rows, key=lambda r: (-r["documents"], order[r["id"]]))

    def pairs(self) -> list[dict[str, Any]]:
        """Pairs of themes found in the same documents, most frequent first (non-zero only)."""
        ids = [tid for tid, _ in self.catalogue]
        out = [
            {"a": ids[i], "b": ids[j], "documents": self.matrix[i][j]}
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
            if self.matrix[i][j]
        ]
        return sorted(out, key=lambda p: -p["documents"])  # stable: framework order on ties

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": {
                "documents": len(self.documents),
                "analysed": len(self.analysed),
                "failed": len(self.errors),
                "pages": self.pages,
                "chars": self.chars,
            },
            "themes": [{"id": tid, "name": name} for tid, name in self.catalogue],
            "prevalence": self.prevalence(),
            "cooccurrence": {
                "themes": [tid for tid, _ in self.catalogue],
                "matrix": self.matrix,
                "pairs": self.pairs(),
            },
            "toxic_trio": {
                "themes": list(TOXIC_TRIO),
                "documents": self.toxic_trio,
                "percent": self.percent(self.toxic_trio),
            },
            "documents": [d.to_dict() for d in self.analysed],
            "errors": [{"path": d.path, "error": d.error} for d in self.errors],
        }


# --- collecting files ---------------------------------------------------------------------------


def collect_paths(
    inputs: Iterable[str | os.PathLike[str]],
) -> tuple[list[str], list[DocumentResult]]:
    """Files named, and supported files under folders (recursively), sorted and de-duplicated.

    A path that does not exist comes back as an error result, not an exception.
    """
    found: set[str] = set()
    missing: list[DocumentResult] = []
    for item in inputs:
        path = os.fspath(item)
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    if name.startswith((".", "~$")):
                        continue
                    if os.path.splitext(name)[1].lower() in SUPPORTED_EXTENSIONS:
                        found.add(os.path.normpath(os.path.join(root, name)))
        elif os.path.exists(path):
            found.add(os.path.normpath(path))
        else:
            missing.append(DocumentResult(path=path, error=f"{path} does not exist"))
    return sorted(found), missing


# --- the work done for each document ------------------------------------------------------------

_TAXONOMY: Any = None
_MAX_EVIDENCE = 0


def load_framework(taxonomy_path: str | None) -> Any:
    """The default framework, or the one in `taxonomy_path` (raises TaxonomyError)."""
    from casereviews.analysis import default_taxonomy, load_taxonomy

    return load_taxonomy(taxonomy_path) if taxonomy_path else default_taxonomy()


def _init_worker(taxonomy_path: str | None, max_evidence: int) -> None:
    global _TAXONOMY, _MAX_EVIDENCE
    _TAXONOMY = load_framework(taxonomy_path)
    _MAX_EVIDENCE = max_evidence


def analyse_document(path: str, taxonomy: Any = None, max_evidence: int = 0) -> DocumentResult:
    """Read and tag one document; never raises for a bad file."""
    from casereviews.analysis import tag_text

    try:
        doc = read_document(path)
    except DocumentError as exc:
        return DocumentResult(path=path, error=str(exc))
    except Exception as exc:  # a reader bug must not stop a corpus run
        reason = f"{path} could not be read ({type(exc).__name__}: {exc})"
        return DocumentResult(path=path, error=reason)
    try:
        result = tag_text(doc.text, taxonomy=taxonomy, max_evidence=max_evidence)
        tagged = result.to_dict(all_themes=False)
    except Exception as exc:
        return DocumentResult(
            path=path,
            kind=doc.kind,
            pages=doc.pages,
            error=f"{path} could not be analysed ({type(exc).__name__}: {exc})",
        )
    themes = tagged["themes"]
    return DocumentResult(
        path=path,
        kind=doc.kind,
        pages=doc.pages,
        chars=len(doc.text),
        themes=themes,
        scores={t.id: t.score for t in result.themes},
        toxic_trio=bool(tagged.get("toxic_trio", getattr(result, "toxic_trio", False))),
    )


def _work(path: str) -> DocumentResult:
    return analyse_document(path, _TAXONOMY, _MAX_EVIDENCE)


def theme_catalogue(taxonomy: Any) -> list[tuple[str, str]]:
    """(id, name) of every theme of a framework, in the framework's own order."""
    themes = getattr(taxonomy, "themes", None)
    if themes:
        return [(t.id, t.name) for t in themes]
    from casereviews.analysis import tag_text

    return sorted((t.id, t.name) for t in tag_text("", taxonomy=taxonomy).themes)


def _chunksize(n: int, jobs: int) -> int:
    return max(1, min(16, n // (jobs * 8)))


def analyse_paths(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    taxonomy_path: str | None = None,
    max_evidence: int = 0,
    progress: Callable[[DocumentResult], None] | None = None,
) -> list[DocumentResult]:
    """Analyse `paths` with `jobs` processes; results in the order of `paths`."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(paths) <= 1:
        taxonomy = load_framework(taxonomy_path)
        results = []
        for path in paths:
            res = analyse_document(path, taxonomy, max_evidence)
            results.append(res)
            if progress:
                progress(res)
        return results

    # Largest files first so that no worker is left with a big one at the end.
    def size(p: str) -> int:
        try:
            return os.stat(p).st_size
        except OSError:
            return 0

    order = sorted(range(len(paths)), key=lambda i: (-size(paths[i]), i))
    by_path: dict[str, DocumentResult] = {}
    jobs = min(jobs, len(paths))
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(taxonomy_path, max_evidence)) as pool:
        for res in pool.imap_unordered(
            _work, [paths[i] for i in order], chunksize=_chunksize(len(paths), jobs)
        ):
            by_path[res.path] = res
            if progress:
                progress(res)
    return [by_path[p] for p in paths]


def analyse_corpus(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    taxonomy_path: str | None = None,
    max_evidence: int = 0,
    progress: Callable[[DocumentResult], None] | None = None,
) -> CorpusResult:
    """Collect, analyse and aggregate in one call (raises TaxonomyError for a bad framework)."""
    catalogue = theme_catalogue(load_framework(taxonomy_path))
    paths, missing = collect_paths(inputs)
    results = analyse_paths(
        paths,
        jobs=jobs,
        taxonomy_path=taxonomy_path,
        max_evidence=max_evidence,
        progress=progress,
    )
    documents = sorted(results + missing, key=lambda d: d.path)
    return CorpusResult(documents=documents, catalogue=catalogue)
