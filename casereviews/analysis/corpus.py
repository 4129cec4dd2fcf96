"""Analyse a corpus of documents in parallel: each document's themes, then the aggregates.

`collect_paths` walks files and folders (sorted, supported extensions only). Each document is
read and tagged by a worker (a process of a local pool, or a Dask worker: `cluster.py`), which
sends back an `Outcome`: the document's JSON record, already encoded with orjson, and the few
figures the aggregates need. Nothing else is kept per document: `StreamedCorpus` counts the
aggregates as outcomes arrive and appends the records to a spool file on disk, so memory stays
flat however large the corpus; the report is written afterwards by reading the spool back in
path order. The output is deterministic: the same files give the same report whatever the
number of processes or machines.

`CorpusResult` is the same corpus held in memory (a list of `DocumentResult`), for library
callers and tests; the renderers take either.
"""

from __future__ import annotations

import os
import re
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import orjson

from casereviews.analysis.readers import SUPPORTED_EXTENSIONS, DocumentError, read_document
from casereviews.analysis.taxonomy import TOXIC_TRIO

__all__ = [
    "CorpusResult",
    "DocumentResult",
    "Outcome",
    "StreamedCorpus",
    "analyse_corpus",
    "analyse_paths",
    "collect_paths",
    "iter_outcomes",
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
    title: str | None = None
    subject: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def label(self) -> str:
        """What a reader calls the document: its title, else its file name."""
        return self.title or os.path.basename(self.path)

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        out: dict[str, Any] = {
            "path": self.path,
            "title": self.label,
            "kind": self.kind,
            "pages": self.pages,
            "chars": self.chars,
        }
        if self.subject is not None:
            out["subject"] = self.subject
        out["toxic_trio"] = self.toxic_trio
        out["themes"] = self.themes
        return out


class Outcome(NamedTuple):
    """What a worker sends back for one document: small, and the same from any worker."""

    path: str
    ok: bool
    record: bytes  # the document's JSON (DocumentResult.to_dict), encoded by orjson
    scores: bytes  # every theme's score in the framework's order, JSON-encoded
    present: tuple[str, ...]  # ids of the themes found
    pages: int
    chars: int
    toxic_trio: bool


def outcome_of(doc: DocumentResult, ids: Sequence[str]) -> Outcome:
    scores = [round(doc.scores.get(tid, 0.0), 4) for tid in ids] if doc.ok else []
    return Outcome(
        doc.path,
        doc.ok,
        orjson.dumps(doc.to_dict()),
        orjson.dumps(scores),
        tuple(t["id"] for t in doc.themes),
        doc.pages,
        doc.chars,
        doc.toxic_trio,
    )


def document_of(record: bytes, scores: bytes, ids: Sequence[str]) -> DocumentResult:
    d = orjson.loads(record)
    if "error" in d:
        return DocumentResult(path=d["path"], error=d["error"])
    values = orjson.loads(scores)
    return DocumentResult(
        path=d["path"],
        kind=d["kind"],
        pages=d["pages"],
        chars=d["chars"],
        themes=d["themes"],
        scores=dict(zip(ids, values, strict=False)),
        toxic_trio=d["toxic_trio"],
        title=d["title"],
        subject=d.get("subject"),
    )


# --- aggregates ---------------------------------------------------------------------------------


class _Totals:
    """The corpus aggregates, counted one document at a time."""

    def __init__(self, catalogue: list[tuple[str, str]]) -> None:
        self.catalogue = catalogue
        self._ids = [tid for tid, _ in catalogue]
        self._index = {tid: i for i, tid in enumerate(self._ids)}
        self.matrix = [[0] * len(self._ids) for _ in self._ids]
        self.n_documents = self.n_analysed = self.pages = self.chars = self.toxic_trio = 0

    def _count(self, ok: bool, present: Iterable[str], pages: int, chars: int, trio: bool) -> None:
        self.n_documents += 1
        if not ok:
            return
        self.n_analysed += 1
        self.pages += pages
        self.chars += chars
        self.toxic_trio += bool(trio)
        idx = sorted(self._index[t] for t in present if t in self._index)
        for a in idx:
            row = self.matrix[a]
            for b in idx:
                row[b] += 1

    @property
    def n_errors(self) -> int:
        return self.n_documents - self.n_analysed

    def percent(self, count: int) -> float:
        n = self.n_analysed
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
        return sorted(rows, key=lambda r: (-r["documents"], self._index[r["id"]]))

    def pairs(self) -> list[dict[str, Any]]:
        """Pairs of themes found in the same documents, most frequent first (non-zero only)."""
        ids = self._ids
        out = [
            {"a": ids[i], "b": ids[j], "documents": self.matrix[i][j]}
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
            if self.matrix[i][j]
        ]
        return sorted(out, key=lambda p: -p["documents"])  # stable: framework order on ties

    def head(self) -> dict[str, Any]:
        """Everything of the JSON report but the documents and errors."""
        return {
            "summary": {
                "documents": self.n_documents,
                "analysed": self.n_analysed,
                "failed": self.n_errors,
                "pages": self.pages,
                "chars": self.chars,
            },
            "themes": [{"id": tid, "name": name} for tid, name in self.catalogue],
            "prevalence": self.prevalence(),
            "cooccurrence": {
                "themes": list(self._ids),
                "matrix": self.matrix,
                "pairs": self.pairs(),
            },
            "toxic_trio": {
                "themes": list(TOXIC_TRIO),
                "documents": self.toxic_trio,
                "percent": self.percent(self.toxic_trio),
            },
        }

    # what a subclass provides
    @property
    def documents(self) -> Iterable[DocumentResult]:
        raise NotImplementedError

    def records(self, ok: bool) -> Iterator[bytes]:
        """The JSON records of the analysed documents (ok) or of the failures, in path order."""
        raise NotImplementedError

    @property
    def analysed(self) -> Iterator[DocumentResult]:
        return (d for d in self.documents if d.ok)

    @property
    def errors(self) -> Iterator[DocumentResult]:
        return (d for d in self.documents if not d.ok)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.head(),
            "documents": [orjson.loads(r) for r in self.records(True)],
            "errors": [orjson.loads(r) for r in self.records(False)],
        }


class CorpusResult(_Totals):
    """Every document's result in memory, in path order, and the corpus aggregates."""

    def __init__(self, documents: list[DocumentResult], catalogue: list[tuple[str, str]]) -> None:
        super().__init__(catalogue)
        self._documents = sorted(documents, key=lambda d: d.path)
        for d in self._documents:
            self._count(d.ok, (t["id"] for t in d.themes), d.pages, d.chars, d.toxic_trio)

    @property
    def documents(self) -> list[DocumentResult]:
        return self._documents

    @property
    def analysed(self) -> list[DocumentResult]:  # type: ignore[override]
        return [d for d in self._documents if d.ok]

    @property
    def errors(self) -> list[DocumentResult]:  # type: ignore[override]
        return [d for d in self._documents if not d.ok]

    def records(self, ok: bool) -> Iterator[bytes]:
        return (orjson.dumps(d.to_dict()) for d in self._documents if d.ok is ok)


class StreamedCorpus(_Totals):
    """A corpus counted as its documents arrive, their records spooled to a temporary file.

    In memory per document: its path and where its record lies in the spool (about 150 bytes),
    so 100,000 documents take about 15 MB, whatever their size or number of themes.
    """

    def __init__(self, catalogue: list[tuple[str, str]]) -> None:
        super().__init__(catalogue)
        self._spool = tempfile.TemporaryFile(prefix="casereviews-spool-")  # noqa: SIM115
        self._end = 0
        self._where: list[tuple[str, int, int, int, bool]] = []
        self._sorted = True

    def add(self, o: Outcome) -> None:
        self._count(o.ok, o.present, o.pages, o.chars, o.toxic_trio)
        self._spool.seek(self._end)
        self._spool.write(o.record)
        self._spool.write(o.scores)
        self._where.append((o.path, self._end, len(o.record), len(o.scores), o.ok))
        self._end += len(o.record) + len(o.scores)
        self._sorted = False

    def _in_order(self) -> list[tuple[str, int, int, int, bool]]:
        if not self._sorted:
            self._where.sort()
            self._sorted = True
        return self._where

    def _read(self, offset: int, n: int) -> bytes:
        self._spool.seek(offset)
        return self._spool.read(n)

    @property
    def documents(self) -> Iterator[DocumentResult]:
        for _, off, nrec, nsc, _ok in self._in_order():
            blob = self._read(off, nrec + nsc)
            yield document_of(blob[:nrec], blob[nrec:], self._ids)

    def records(self, ok: bool) -> Iterator[bytes]:
        for _, off, nrec, _, is_ok in self._in_order():
            if is_ok is ok:
                yield self._read(off, nrec)

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> StreamedCorpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
_IDS: list[str] = []
_MAX_EVIDENCE = 0


def load_framework(taxonomy_path: str | None) -> Any:
    """The default framework, or the one in `taxonomy_path` (raises TaxonomyError)."""
    from casereviews.analysis import default_taxonomy, load_taxonomy

    return load_taxonomy(taxonomy_path) if taxonomy_path else default_taxonomy()


_LOADED: tuple[str | None, int] | None = None


def _init_worker(taxonomy_path: str | None, max_evidence: int) -> None:
    """Load the framework, and compile it for the scan, once per process (a forked worker
    inherits the parent's)."""
    global _TAXONOMY, _IDS, _MAX_EVIDENCE, _LOADED
    if (taxonomy_path, max_evidence) == _LOADED:
        return
    from casereviews.analysis.tagger import matcher_for

    _TAXONOMY = load_framework(taxonomy_path)
    matcher_for(_TAXONOMY)
    _IDS = [tid for tid, _ in theme_catalogue(_TAXONOMY)]
    _MAX_EVIDENCE = max_evidence
    _LOADED = (taxonomy_path, max_evidence)


_TITLE_LINES = 30
_TITLE_TRIES = 4  # non-empty lines looked at
_MAX_TITLE = 160
_NOT_A_TITLE = re.compile(r"^(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?$|^contents$|^official", re.I)


def document_title(text: str) -> str | None:
    """The document's title as a reader sees it: among its first few lines and before its first
    sentence, the first that reads as a title (three words or more, not a page number or a
    marking such as OFFICIAL), or None: then the report names the document by its file name."""
    lines = 0
    for raw in text[:8000].split("\n", _TITLE_LINES)[:_TITLE_LINES]:
        line = " ".join(raw.split())
        if not line:
            continue
        lines += 1
        if lines > _TITLE_TRIES:
            break
        if line.endswith((".", ",", ";")):
            break  # the body has begun: a title comes before it
        if (
            len(line.split()) < 3
            or len(line) > _MAX_TITLE
            or sum(c.isalpha() for c in line) < 8
            or _NOT_A_TITLE.match(line)
        ):
            continue
        return line
    return None


def _add_pages(text: str, themes: list[dict[str, Any]]) -> None:
    """Give each quotation of a PDF its page (the readers join pages with a form feed), unless
    the engine already did."""
    todo = [ev for t in themes for ev in t["evidence"] if ev.get("page") is None]
    if not todo:
        return
    breaks = [m.start() for m in re.finditer("\f", text)]
    for ev in todo:
        ev["page"] = bisect_right(breaks, ev["start"]) + 1


def analyse_document(
    path: str, taxonomy: Any = None, max_evidence: int = 0, *, name: str | None = None
) -> DocumentResult:
    """Read and tag one document; never raises for a bad file. `name` is the path reported
    (a cluster worker reads a local copy of the file under another path)."""
    from casereviews.analysis.tagger import tag_document

    shown = name or path
    try:
        doc = read_document(path)
    except DocumentError as exc:
        return DocumentResult(path=shown, error=f"{shown} {exc.reason}")
    except Exception as exc:  # a reader bug must not stop a corpus run
        detail = str(exc).replace(path, shown)
        return DocumentResult(
            path=shown, error=f"{shown} could not be read ({type(exc).__name__}: {detail})"
        )
    try:
        result = tag_document(doc, taxonomy, max_evidence=max_evidence)
        tagged = result.to_dict(all_themes=False)
    except Exception as exc:
        detail = str(exc).replace(path, shown)
        return DocumentResult(
            path=shown,
            kind=doc.kind,
            pages=doc.pages,
            error=f"{shown} could not be analysed ({type(exc).__name__}: {detail})",
        )
    themes = tagged["themes"]
    if doc.kind == "pdf":
        _add_pages(doc.text, themes)
    return DocumentResult(
        path=shown,
        kind=doc.kind,
        pages=doc.pages,
        chars=len(doc.text),
        themes=themes,
        scores={t.id: t.score for t in result.themes},
        toxic_trio=bool(tagged.get("toxic_trio", getattr(result, "toxic_trio", False))),
        title=getattr(doc, "title", None) or document_title(doc.text),
        subject=tagged.get("subject"),
    )


def _work(path: str) -> Outcome:
    return outcome_of(analyse_document(path, _TAXONOMY, _MAX_EVIDENCE), _IDS)


def theme_catalogue(taxonomy: Any) -> list[tuple[str, str]]:
    """(id, name) of every theme of a framework, in the framework's own order."""
    themes = getattr(taxonomy, "themes", None)
    if themes:
        return [(t.id, t.name) for t in themes]
    from casereviews.analysis import tag_text

    return sorted((t.id, t.name) for t in tag_text("", taxonomy=taxonomy).themes)


def _chunksize(n: int, jobs: int) -> int:
    return max(1, min(16, n // (jobs * 8)))


def _size(p: str) -> int:
    try:
        return os.stat(p).st_size
    except OSError:
        return 0


def iter_outcomes(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    taxonomy_path: str | None = None,
    max_evidence: int = 0,
    scheduler: str | None = None,
) -> Iterator[Outcome]:
    """Analyse `paths` and yield each document's outcome as it is done (in no set order):
    in this process (`jobs` 1), in a pool of `jobs` processes, or on the Dask cluster whose
    scheduler is at `scheduler`."""
    if scheduler:
        from casereviews.analysis.cluster import iter_outcomes_on_cluster

        yield from iter_outcomes_on_cluster(
            paths, scheduler, taxonomy_path=taxonomy_path, max_evidence=max_evidence
        )
        return
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(paths) <= 1:
        _init_worker(taxonomy_path, max_evidence)
        for path in paths:
            yield _work(path)
        return
    # Largest files first so that no worker is left with a big one at the end.
    order = sorted(range(len(paths)), key=lambda i: (-_size(paths[i]), i))
    jobs = min(jobs, len(paths))
    _init_worker(taxonomy_path, max_evidence)  # compiled once, here, before the fork
    import multiprocessing  # here: a run in one process does without it (start-up time)

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(taxonomy_path, max_evidence)) as pool:
        yield from pool.imap_unordered(
            _work, [paths[i] for i in order], chunksize=_chunksize(len(paths), jobs)
        )


def stream_corpus(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    taxonomy_path: str | None = None,
    max_evidence: int = 0,
    scheduler: str | None = None,
    progress: Callable[[Outcome], None] | None = None,
    paths: tuple[list[str], list[DocumentResult]] | None = None,
) -> StreamedCorpus:
    """Collect, analyse and count, spooling each document's record: the corpus of `analyse`.
    Close it when done (it is a context manager). Raises TaxonomyError for a bad framework."""
    catalogue = theme_catalogue(load_framework(taxonomy_path))
    found, missing = paths if paths is not None else collect_paths(inputs)
    ids = [tid for tid, _ in catalogue]
    corpus = StreamedCorpus(catalogue)
    try:
        for doc in missing:
            corpus.add(outcome_of(doc, ids))
        for outcome in iter_outcomes(
            found,
            jobs=jobs,
            taxonomy_path=taxonomy_path,
            max_evidence=max_evidence,
            scheduler=scheduler,
        ):
            corpus.add(outcome)
            if progress:
                progress(outcome)
    except BaseException:
        corpus.close()
        raise
    return corpus


def analyse_paths(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    taxonomy_path: str | None = None,
    max_evidence: int = 0,
    progress: Callable[[DocumentResult], None] | None = None,
) -> list[DocumentResult]:
    """Analyse `paths` with `jobs` processes; results in the order of `paths` (in memory)."""
    ids = [tid for tid, _ in theme_catalogue(load_framework(taxonomy_path))]
    by_path: dict[str, DocumentResult] = {}
    for o in iter_outcomes(
        paths, jobs=jobs, taxonomy_path=taxonomy_path, max_evidence=max_evidence
    ):
        res = by_path[o.path] = document_of(o.record, o.scores, ids)
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
    """Collect, analyse and aggregate in one call, in memory (raises TaxonomyError for a bad
    framework). For a large corpus, `stream_corpus` keeps memory flat."""
    catalogue = theme_catalogue(load_framework(taxonomy_path))
    paths, missing = collect_paths(inputs)
    results = analyse_paths(
        paths,
        jobs=jobs,
        taxonomy_path=taxonomy_path,
        max_evidence=max_evidence,
        progress=progress,
    )
    return CorpusResult(documents=results + missing, catalogue=catalogue)
