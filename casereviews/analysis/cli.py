"""`casereviews tag` and `casereviews analyse`: the theme engine on the command line.

Runs without Django. `main(argv)` takes the subcommand first and returns the exit code:
0 done (for `analyse`: at least one document analysed), 1 nothing could be analysed,
2 usage error or a bad framework file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import orjson

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main` can return the code."""

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casereviews", description="The theme engine.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    tag = sub.add_parser(
        "tag",
        help="tag text read on standard input",
        description="Read text on standard input and print its learning themes as JSON.",
    )
    tag.add_argument("--all", action="store_true", help="list every theme with its score")
    tag.add_argument("--taxonomy", metavar="FILE", help="use another framework of themes")

    an = sub.add_parser(
        "analyse",
        help="analyse documents and folders",
        description="Read documents (PDF, Word .docx, HTML, Markdown, text; folders "
        "recursively), tag each, and report the themes across them.",
    )
    an.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    an.add_argument("--format", choices=("table", "json", "csv", "html"), default="table")
    an.add_argument("--out", metavar="FILE", help="write the report here (default: stdout)")
    an.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: the number of CPUs)",
    )
    an.add_argument("--taxonomy", metavar="FILE", help="use another framework of themes")
    an.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask distributed cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786); the files are sent to its workers, the report is the same",
    )
    an.add_argument(
        "--evidence",
        type=_natural_int,
        default=3,
        metavar="N",
        help="evidence quoted per theme and document (0 = all; default 3)",
    )
    return parser


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _natural_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def main(argv: Sequence[str]) -> int:
    """Run `tag` or `analyse` with `argv` (subcommand first); return the exit code."""
    try:
        args = _parser().parse_args(list(argv))
    except _Exit as stop:
        return stop.code
    try:
        if args.command == "tag":
            return _tag(args)
        return _analyse(args)
    except _FrameworkError as exc:
        sys.stderr.write(f"casereviews: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("casereviews: interrupted\n")
        return 130


class _FrameworkError(Exception):
    pass


def _framework(path: str | None) -> Any:
    from casereviews.analysis import TaxonomyError
    from casereviews.analysis.corpus import load_framework

    if path and not os.path.isfile(path):
        raise _FrameworkError(f"the framework file {path} does not exist")
    try:
        return load_framework(path)
    except TaxonomyError as exc:
        raise _FrameworkError(f"the framework file is not valid: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _FrameworkError(f"the framework file {path} cannot be read: {exc}") from exc


# --- tag ----------------------------------------------------------------------------------------


def _tag(args: argparse.Namespace) -> int:
    from casereviews.analysis import tag_text
    from casereviews.analysis.readers import decode_text

    taxonomy = _framework(args.taxonomy)
    text = decode_text(sys.stdin.buffer.read()).replace("\r\n", "\n")
    result = tag_text(text, taxonomy=taxonomy)
    json.dump(result.to_dict(all_themes=args.all), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


# --- analyse ------------------------------------------------------------------------------------


def _analyse(args: argparse.Namespace) -> int:
    from casereviews.analysis.corpus import collect_paths, stream_corpus

    _framework(args.taxonomy)  # a bad framework file is refused before any work
    found, missing = collect_paths(args.paths)
    if not found and not missing:
        sys.stderr.write("casereviews: no documents found (PDF, .docx, HTML, .md or .txt)\n")
        return 1
    progress = None
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(found), unit="doc", file=sys.stderr, dynamic_ncols=True)
        bar.set_description("Analysing")

        def progress(_outcome: Any) -> None:
            bar.update(1)

    try:
        corpus = stream_corpus(
            [],
            paths=(found, missing),
            jobs=args.jobs,
            taxonomy_path=args.taxonomy,
            max_evidence=args.evidence,
            scheduler=args.scheduler,
            progress=progress,
        )
    except OSError as exc:  # the cluster could not be reached
        sys.stderr.write(f"casereviews: the Dask scheduler {args.scheduler}: {exc}\n")
        return 2
    finally:
        if bar is not None:
            bar.close()

    with corpus:
        chunks = RENDERERS[args.format](corpus)
        if args.out:
            try:
                with open(args.out, "w", encoding="utf-8", newline="") as fh:
                    fh.writelines(chunks)
            except OSError as exc:
                sys.stderr.write(f"casereviews: cannot write {args.out}: {exc.strerror}\n")
                return 2
        else:
            sys.stdout.writelines(chunks)
            sys.stdout.flush()

        if corpus.n_errors:
            sys.stderr.write(
                f"{corpus.n_errors} of {corpus.n_documents} files could not be analysed:\n"
            )
            for doc in corpus.errors:
                sys.stderr.write(f"  {doc.error}\n")
        n = corpus.n_analysed
    if args.out:
        sys.stderr.write(f"{n} documents analysed; report written to {args.out}\n")
    return 0 if n else 1


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def iter_json(corpus: Any) -> Iterator[str]:
    """The JSON report in pieces: the aggregates, then one document per line (each encoded once,
    by orjson, in the worker that analysed it), then the failures."""
    head = orjson.dumps(corpus.head()).decode("utf-8")
    yield head[:-1] + ',\n"documents":['
    sep = "\n"
    for record in corpus.records(True):
        yield sep
        yield record.decode("utf-8")
        sep = ",\n"
    yield '\n],\n"errors":['
    sep = "\n"
    for record in corpus.records(False):
        yield sep
        yield record.decode("utf-8")
        sep = ",\n"
    yield "\n]}\n"


def render_json(corpus: Any) -> str:
    return "".join(iter_json(corpus))


def iter_csv(corpus: Any) -> Iterator[str]:
    """One row per file: status, toxic trio, present themes and a score column per theme."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    ids = [tid for tid, _ in corpus.catalogue]
    header = ["path", "title", "status", "error", "kind", "pages", "toxic_trio", "themes"]
    writer.writerow([*header, *ids])
    for doc in corpus.documents:
        if doc.ok:
            present = ";".join(t["id"] for t in doc.themes)
            scores = [round(doc.scores.get(tid, 0.0), 4) for tid in ids]
            row = [
                doc.path,
                doc.label,
                "ok",
                "",
                doc.kind,
                doc.pages,
                int(doc.toxic_trio),
                present,
                *scores,
            ]
        else:
            row = [doc.path, "", "error", doc.error, "", "", "", "", *([""] * len(ids))]
        writer.writerow([_safe_cell(v) for v in row])
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def render_csv(corpus: Any) -> str:
    return "".join(iter_csv(corpus))


def _fmt_table(rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:  # noqa: B006
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


_MAX_TABLE_TITLE = 60


def iter_table(corpus: Any, top_pairs: int = 15) -> Iterator[str]:
    """A plain-text report for a terminal (the documents one line each, as they come)."""
    names = dict(corpus.catalogue)
    n = corpus.n_analysed
    yield (
        f"{n} documents analysed ({corpus.pages} pages, {corpus.chars / 1e6:.1f} "
        f"million characters); {corpus.n_errors} could not be analysed.\n\n"
    )
    if n:
        yield "Documents\n"
        for doc in corpus.analysed:
            themes = ", ".join(t["id"] for t in doc.themes) or "(none)"
            title = doc.label
            if len(title) > _MAX_TABLE_TITLE:
                title = title[: _MAX_TABLE_TITLE - 1] + "\u2026"
            yield f"  {title}\n    {doc.path}  ({doc.kind}, {doc.pages} p.): {themes}\n"
        yield "\n"
    lines = ["Prevalence of themes"]
    rows = [["Theme", "Name", "Documents", "%"]]
    for row in corpus.prevalence():
        rows.append([row["id"], row["name"], str(row["documents"]), f"{row['percent']:.1f}"])
    lines += _fmt_table(rows, right={2, 3})
    lines.append("")
    trio = corpus.toxic_trio
    lines.append(
        f"Toxic trio (domestic abuse, parental mental health and substance misuse "
        f"together): {trio} documents ({corpus.percent(trio):.1f}%)"
    )
    lines.append("")
    pairs = corpus.pairs()[:top_pairs]
    if pairs:
        lines.append("Themes found together (most frequent pairs)")
        rows = [["Theme", "With", "Documents"]]
        for pair in pairs:
            rows.append([names[pair["a"]], names[pair["b"]], str(pair["documents"])])
        lines += _fmt_table(rows, right={2})
        lines.append("")
    yield "\n".join(lines) + "\n"
    if corpus.n_errors:
        yield "Could not be analysed\n"
        for doc in corpus.errors:
            yield f"  {doc.error}\n"
        yield "\n"


def render_table(corpus: Any, top_pairs: int = 15) -> str:
    return "".join(iter_table(corpus, top_pairs))


def _iter_html(corpus: Any) -> Iterator[str]:
    from casereviews.analysis.report_html import iter_html

    return iter_html(corpus)


RENDERERS: dict[str, Callable[[Any], Iterator[str]]] = {
    "json": iter_json,
    "csv": iter_csv,
    "table": iter_table,
    "html": _iter_html,
}
