"""`python -m bench`: generate the corpus if needed, measure, print a table, write results.json.

All speed figures come from one run and are compared with a baseline measured in the same run
(spaCy's PhraseMatcher for tagging, pypdf for PDF text), so the ratios hold on any machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.annual import bench_annual
from bench.generate import DEFAULT_PARAMS, ensure_corpus
from bench.insights import bench_insights
from bench.library import bench_library
from bench.web import DEFAULT_SCALE, bench_web, table

HERE = Path(__file__).resolve().parent
TARGET_PAGES = 100_000
TARGET_SECONDS = 90


def _texts(root: Path, limit_bytes: int) -> list[str]:
    """The first text files of the corpus up to `limit_bytes` (the same subset for both)."""
    texts, size = [], 0
    for path in sorted((root / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= limit_bytes:
            break
    return texts


def bench_tagging(root: Path, limit_bytes: int, runs: int = 3) -> dict:
    """Single-process throughput: our tag_text (all its work) vs spaCy PhraseMatcher.

    Both are timed in CPU seconds of this process, alternately, `runs` times; the figures
    reported are the medians (other work on the machine moves wall-clock times a lot).
    """
    import spacy
    from spacy.matcher import PhraseMatcher

    from casereviews.analysis import default_taxonomy, tag_text

    texts = _texts(root, limit_bytes)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    taxonomy = default_taxonomy()
    phrases = taxonomy.all_phrases()

    tag_text(texts[0][:20_000], taxonomy=taxonomy)  # warm-up: both build their matchers first
    nlp = spacy.blank("en")
    nlp.max_length = 10**8
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("THEMES", [nlp.make_doc(p) for p in phrases])
    matcher(nlp.make_doc(texts[0][:20_000]))

    ours_runs, spacy_runs = [], []
    found_ours = matches = 0
    for _ in range(max(1, runs)):
        t0 = time.process_time()
        found_ours = 0
        for text in texts:
            found_ours += len(tag_text(text, taxonomy=taxonomy).present())
        ours_runs.append(time.process_time() - t0)

        t0 = time.process_time()
        matches = 0
        for text in texts:
            matches += len(matcher(nlp.make_doc(text)))
        spacy_runs.append(time.process_time() - t0)
    ratios = sorted(s / o for s, o in zip(spacy_runs, ours_runs, strict=True))
    ours, spacy_s = statistics.median(ours_runs), statistics.median(spacy_runs)
    return {
        "mb": round(mb, 1),
        "documents": len(texts),
        "phrases": len(phrases),
        "runs": len(ratios),
        "ours_seconds": round(ours, 2),
        "ours_mb_s": round(mb / ours, 2),
        "ours_themes_present": found_ours,
        "spacy_seconds": round(spacy_s, 2),
        "spacy_mb_s": round(mb / spacy_s, 2),
        "spacy_matches": matches,
        "ratio": round(statistics.median(ratios), 2),
        "ratio_per_run": [round(r, 2) for r in ratios],
    }


def _subset(root: Path, limit_bytes: int) -> Path:
    """A folder of links to the first text files up to `limit_bytes`: what both sides read."""
    # under a dot folder, which `analyse` skips: the whole-corpus run must not read it twice
    folder = root / ".links" / f"subset-{limit_bytes // 1_000_000}mb"
    if folder.exists():
        for link in folder.iterdir():
            link.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for path in sorted((root / "text").glob("*.txt")):
        (folder / path.name).symlink_to(path.resolve())
        size += path.stat().st_size
        if size >= limit_bytes:
            break
    return folder


def _cpu_of_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def bench_analyse_vs_spacy(root: Path, limit_bytes: int, runs: int = 3) -> dict:
    """`casereviews analyse` end to end (a new process: start-up, reading the files, tagging,
    writing the JSON report) against spaCy's PhraseMatcher in this process (blank English,
    attr LOWER, the engine's own phrases; matching only, on texts already read), on the same
    files. Alternately, `runs` times; medians. The headline ratio is on CPU seconds with one
    process each (`--jobs 1`), which the shared machine's load moves least; wall-clock ratios
    for `--jobs 1` and `--jobs 2` (the default on 2 cores) are given too."""
    import spacy
    from spacy.matcher import PhraseMatcher

    from casereviews.analysis import default_taxonomy

    folder = _subset(root, limit_bytes)
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    typographic = sum(1 for t in texts if not t.isascii())
    nlp = spacy.blank("en")
    nlp.max_length = 10**8
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    phrases = default_taxonomy().all_phrases()
    matcher.add("THEMES", [nlp.make_doc(p) for p in phrases])
    matcher(nlp.make_doc(texts[0][:20_000]))
    exe = str(Path(sys.executable).parent / "casereviews")
    out = root / "_out" / "subset.json"

    def ours(jobs: int) -> tuple[float, float]:
        cmd = [exe, "analyse", str(folder), "--jobs", str(jobs), "--format", "json"]
        cpu0, t0 = _cpu_of_children(), time.perf_counter()
        subprocess.run([*cmd, "--out", str(out)], check=True, capture_output=True)  # noqa: S603
        return _cpu_of_children() - cpu0, time.perf_counter() - t0

    ours(1)  # warm the page cache
    cpu1, wall1, wall2, sp_cpu, sp_wall = [], [], [], [], []
    for _ in range(max(1, runs)):
        c, w = ours(1)
        cpu1.append(c)
        wall1.append(w)
        wall2.append(ours(2)[1])
        c0, t0 = time.process_time(), time.perf_counter()
        matches = 0
        for text in texts:
            matches += len(matcher(nlp.make_doc(text)))
        sp_cpu.append(time.process_time() - c0)
        sp_wall.append(time.perf_counter() - t0)
    med = statistics.median
    return {
        "command": f"casereviews analyse {folder} --jobs 1 --format json --out {out}",
        "files": len(texts),
        "typographic_files": typographic,
        "mb": round(mb, 1),
        "phrases": len(phrases),
        "runs": len(cpu1),
        "ours_cpu_seconds": round(med(cpu1), 2),
        "ours_cpu_mb_s": round(mb / med(cpu1), 2),
        "ours_wall_seconds_jobs1": round(med(wall1), 2),
        "ours_wall_seconds_jobs2": round(med(wall2), 2),
        "spacy_cpu_seconds": round(med(sp_cpu), 2),
        "spacy_cpu_mb_s": round(mb / med(sp_cpu), 2),
        "spacy_wall_seconds": round(med(sp_wall), 2),
        "spacy_matches": matches,
        "ratio_cpu": round(med(sp_cpu) / med(cpu1), 2),
        "ratio_cpu_per_run": sorted(round(s / o, 2) for s, o in zip(sp_cpu, cpu1, strict=True)),
        "ratio_wall_jobs1": round(med(sp_wall) / med(wall1), 2),
        "ratio_wall_jobs2": round(med(sp_wall) / med(wall2), 2),
    }


def bench_pdf(root: Path, files: int) -> dict:
    """Single-process PDF text extraction: our reader (pypdfium2) vs pypdf, same files."""
    from pypdf import PdfReader

    from casereviews.analysis.readers import read_document

    paths = sorted((root / "pdf").glob("*.pdf"))[:files]
    read_document(paths[0])
    t0 = time.perf_counter()
    pages = 0
    chars = 0
    for path in paths:
        doc = read_document(path)
        pages += doc.pages
        chars += len(doc.text)
    ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    pypdf_pages = 0
    pypdf_chars = 0
    for path in paths:
        reader = PdfReader(path)
        for page in reader.pages:
            pypdf_chars += len(page.extract_text())
            pypdf_pages += 1
    theirs = time.perf_counter() - t0
    return {
        "files": len(paths),
        "pages": pages,
        "ours_pages_s": round(pages / ours, 1),
        "ours_chars": chars,
        "pypdf_pages_s": round(pypdf_pages / theirs, 1),
        "pypdf_chars": pypdf_chars,
        "ratio": round(theirs / ours, 1),
    }


class _PeakRSS(threading.Thread):
    """Samples the summed resident memory of a process and all its children."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.done.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for proc in procs:
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self.done.wait(self.every)


def bench_end_to_end(target: Path, out: Path, jobs: int) -> dict:
    """Run the real `casereviews analyse` on `target` and time it, sampling memory."""
    exe = Path(sys.executable).parent / "casereviews"
    cmd = [
        str(exe),
        "analyse",
        str(target),
        "--jobs",
        str(jobs),
        "--format",
        "json",
        "--out",
        str(out),
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    sampler = _PeakRSS(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"casereviews analyse failed ({proc.returncode}):\n{err.decode()}")
    report = json.loads(out.read_text(encoding="utf-8"))
    summary = report["summary"]
    return {
        "command": " ".join(["casereviews", *cmd[1:]]),
        "documents": summary["analysed"],
        "failed": summary["failed"],
        "pages": summary["pages"],
        "mb": round(summary["chars"] / 1e6, 1),
        "wall_seconds": round(wall, 2),
        "documents_s": round(summary["analysed"] / wall, 1),
        "pages_s": round(summary["pages"] / wall, 1),
        "mb_s": round(summary["chars"] / 1e6 / wall, 2),
        "peak_rss_mb": round(sampler.peak / 1048576),
        "toxic_trio": report["toxic_trio"]["documents"],
    }


def _chronology() -> dict:
    """The chronology's merge, gaps and timeline (needs Django's settings for its imports)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereviews.config.settings")
    import django

    django.setup()
    from bench.chronology import bench_chronology

    return bench_chronology()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--tag-mb", type=float, default=25, help="tagging subset, MB")
    parser.add_argument("--pdf-files", type=int, default=20, help="PDF extraction subset")
    parser.add_argument("--tag-runs", type=int, default=3, help="tagging runs (median)")
    parser.add_argument(
        "--only-tagging",
        action="store_true",
        help="measure only the tagging ratio, print it, write nothing",
    )
    parser.add_argument("--e2e-mb", type=float, default=40, help="end-to-end subset, MB")
    parser.add_argument(
        "--only-e2e",
        action="store_true",
        help="measure only `analyse` end to end against spaCy, print it, write nothing",
    )
    parser.add_argument(
        "--only-chronology",
        action="store_true",
        help="measure only the chronology (5,000 entries, 12 agencies), print it, write nothing",
    )
    parser.add_argument(
        "--only-annual",
        action="store_true",
        help="measure only the annual report of 1,000 reviews and 10,000 actions, print it",
    )
    parser.add_argument(
        "--database-url",
        help="with --only-annual, --only-library or --only-web: an empty PostgreSQL database to "
        "measure in "
        "(default SQLite)",
    )
    parser.add_argument(
        "--only-insights",
        action="store_true",
        help="measure only the analysis across reviews (150 partnerships, 20,000 reviews)",
    )
    parser.add_argument(
        "--only-library",
        action="store_true",
        help="measure only the library's search (1,000 reviews, 50,000 pages of reports)",
    )
    parser.add_argument(
        "--only-web",
        action="store_true",
        help="measure only the main pages and exports at three sizes (a demo-like partnership, "
        "a big one alone, the big one inside the nation) as a business unit and a practitioner, "
        "against the sign-in page; print a table (bench/web.py)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help="with --only-web: the nation's size (1, the default: 20,000 reviews, 200,000 actions, "
        "1,000,000 audit rows)",
    )
    parser.add_argument(
        "--runs", type=int, help="with --only-web: timed runs a page (20 at --scale 1, fewer below)"
    )
    parser.add_argument(
        "--json", type=Path, help="with --only-web: write every figure to this file as JSON"
    )
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    if args.only_chronology:
        print(json.dumps(_chronology(), indent=2))
        return 0
    if args.only_annual:
        print(json.dumps(bench_annual(database_url=args.database_url), indent=2))
        return 0
    if args.only_insights:
        print(json.dumps(bench_insights(), indent=2))
        return 0
    if args.only_web:
        result = bench_web(args.scale, args.runs, database_url=args.database_url or "")
        print(table(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=1) + "\n")
        return 0
    if args.only_library:
        print(json.dumps(bench_library(database_url=args.database_url or ""), indent=2))
        return 0

    t_start = time.perf_counter()
    load_before = os.getloadavg()[0]
    meta = ensure_corpus(args.corpus, DEFAULT_PARAMS, jobs=args.jobs)
    print(
        f"Corpus: {meta['pdf_files']} PDFs ({meta['pdf_pages']} pages), "
        f"{meta['text_files']} text files; {meta['text_chars'] / 1e6:.0f} MB of text",
        flush=True,
    )

    out_dir = args.corpus / "_out"
    out_dir.mkdir(exist_ok=True)
    if args.only_tagging:  # this alone: the end-to-end row is not measured first
        print("Measuring tagging throughput ...", flush=True)
        tagging = bench_tagging(args.corpus, int(args.tag_mb * 1e6), args.tag_runs)
        print(json.dumps(tagging, indent=2))
        return 0
    print("Measuring `analyse` end to end against spaCy ...", flush=True)
    e2e = bench_analyse_vs_spacy(args.corpus, int(args.e2e_mb * 1e6), args.tag_runs)
    if args.only_e2e:
        print(json.dumps(e2e, indent=2))
        return 0
    print("Measuring tagging throughput ...", flush=True)
    tagging = bench_tagging(args.corpus, int(args.tag_mb * 1e6), args.tag_runs)
    print("Measuring PDF text extraction ...", flush=True)
    pdf = bench_pdf(args.corpus, args.pdf_files)
    print("End to end on the whole corpus ...", flush=True)
    whole = bench_end_to_end(args.corpus, out_dir / "all.json", args.jobs)
    print("End to end on half the PDFs, then all of them (memory at two sizes) ...", flush=True)
    half = args.corpus / ".links" / "pdf-half"
    if half.exists():
        for link in half.iterdir():
            link.unlink()
    half.mkdir(parents=True, exist_ok=True)
    pdfs = sorted((args.corpus / "pdf").glob("*.pdf"))
    for path in pdfs[: len(pdfs) // 2]:
        (half / path.name).symlink_to(path.resolve())
    pdf_half = bench_end_to_end(half, out_dir / "pdf-half.json", args.jobs)
    pdf_only = bench_end_to_end(args.corpus / "pdf", out_dir / "pdf.json", args.jobs)
    print("The chronology: 5,000 entries from 12 agencies ...", flush=True)
    chronology = _chronology()
    # Linear in pages: the run's fixed start-up (about 0.3 s) is counted as if it recurred.
    extrapolated = TARGET_PAGES / pdf_only["pages_s"]
    print("Annual report of 1,000 reviews and 10,000 actions ...", flush=True)
    annual = bench_annual()
    print("Analysis across reviews: 150 partnerships, 20,000 reviews ...", flush=True)
    insights = bench_insights()
    print("The library's search: 1,000 reviews with 50,000 pages of reports ...", flush=True)
    library = bench_library()

    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "corpus": meta,
        "analyse_vs_spacy": e2e,
        "tagging": tagging,
        "pdf_extraction": pdf,
        "end_to_end": whole,
        "end_to_end_pdf_half": pdf_half,
        "end_to_end_pdf": pdf_only,
        "chronology": chronology,
        "extrapolated_100k_pdf_pages_seconds": round(extrapolated, 1),
        "annual_report": annual,
        "insights": insights,
        "library_search": library,
        "bench_seconds": round(time.perf_counter() - t_start, 1),
        # Other work on the machine skews the end-to-end figures (not the same-run ratios).
        "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    args.results.write_text(json.dumps(results, indent=2) + "\n")

    rows = [
        (
            f"analyse end to end, MB/s, CPU of 1 process ({e2e['mb']:.0f} MB, "
            f"{e2e['typographic_files']} of {e2e['files']} files not ASCII)",
            f"{e2e['ours_cpu_mb_s']:.2f}",
            f"{e2e['spacy_cpu_mb_s']:.2f} (spaCy PhraseMatcher)",
            f"{e2e['ratio_cpu']:.1f}x",
        ),
        (
            "analyse end to end, wall s, --jobs 1 / --jobs 2",
            f"{e2e['ours_wall_seconds_jobs1']:.2f} / {e2e['ours_wall_seconds_jobs2']:.2f}",
            f"{e2e['spacy_wall_seconds']:.2f} (spaCy)",
            f"{e2e['ratio_wall_jobs1']:.1f}x / {e2e['ratio_wall_jobs2']:.1f}x",
        ),
        (
            f"Tagging, MB/s per core (subset {tagging['mb']:.0f} MB, "
            f"median of {tagging['runs']} runs)",
            f"{tagging['ours_mb_s']:.2f}",
            f"{tagging['spacy_mb_s']:.2f} (spaCy PhraseMatcher)",
            f"{tagging['ratio']:.1f}x",
        ),
        (
            f"PDF text, pages/s per core ({pdf['pages']} pages)",
            f"{pdf['ours_pages_s']:.0f}",
            f"{pdf['pypdf_pages_s']:.0f} (pypdf)",
            f"{pdf['ratio']:.1f}x",
        ),
        ("End to end, whole corpus: documents/s", f"{whole['documents_s']:.1f}", "", ""),
        ("End to end, whole corpus: pages/s", f"{whole['pages_s']:.0f}", "", ""),
        ("End to end, whole corpus: MB/s", f"{whole['mb_s']:.2f}", "", ""),
        (
            f"End to end, whole corpus: wall s ({whole['documents']} docs, {whole['mb']:.0f} MB)",
            f"{whole['wall_seconds']:.1f}",
            "",
            "",
        ),
        ("End to end, whole corpus: peak memory MB", f"{whole['peak_rss_mb']}", "", ""),
        (
            f"End to end, PDFs only: pages/s ({pdf_only['pages']} pages)",
            f"{pdf_only['pages_s']:.0f}",
            "",
            "",
        ),
        (
            f"End to end, PDFs: peak memory MB, {pdf_half['pages']} / {pdf_only['pages']} pages",
            f"{pdf_half['peak_rss_mb']} / {pdf_only['peak_rss_mb']}",
            "",
            "",
        ),
        (
            "Chronology: 5,000 entries, 12 agencies merged + gaps + timeline, s",
            f"{chronology['merge_gaps_timeline_seconds']:.2f}",
            "",
            "",
        ),
        (
            "Chronology: swim-lane SVG of 5,000 entries, s",
            f"{chronology['timeline_seconds']:.3f}",
            f"{chronology['baseline_seconds']:.3f} (ElementTree)",
            f"{chronology['ratio']:.1f}x",
        ),
        (
            f"100,000 PDF pages, extrapolated s (aim < {TARGET_SECONDS})",
            f"{extrapolated:.0f}",
            "",
            "",
        ),
    ]
    rows.append(
        (
            f"Annual report, {annual['reviews']:,} reviews and {annual['actions']:,} actions: s",
            f"{annual['annual_report_json_seconds']:.2f}",
            f"{annual['baseline_seconds']:.2f} (register export, JSON)",
            f"{annual['ratio']:.1f}x",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("Measure", "casereviews", "Baseline", "Ratio")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print()
    print(line)
    print("-" * len(line))
    for row in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) if i in (1, 3) else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print()
    print(f"Command: {whole['command']}  (jobs={args.jobs}, {os.cpu_count()} CPUs)")
    print(
        f"Load average (1 min) before/after: {results['load_average_before_after']}; "
        "other work on the machine lowers the end-to-end figures"
    )
    print(f"Results written to {args.results}; bench took {results['bench_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
