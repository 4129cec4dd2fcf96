"""`python -m bench.weasy`: the 100,000-PDF-page figure, measured on typeset PDFs.

The main benchmark's PDFs are written by hand (one Helvetica text stream a page), which gives
PDFium less work than a published report. Here the corpus text is typeset by WeasyPrint (a
project dependency) as a report is: A4, a serif body face, headings as h2 (so the PDF has an
outline), justified paragraphs (no hyphenation, as most reports), page numbers in the footer. Then
`casereviews analyse DIR --jobs N --format json --out FILE` runs in a new process, the same path
a user's PDFs take (pypdfium2 text and outline, tagging, the JSON report), and its wall-clock
and CPU seconds (of the child processes, from getrusage) are measured. The start-up of a run
(a folder of one line of text) is measured too, so the extrapolation to 100,000 pages counts
it once:

    seconds(100,000) = start-up + 100,000 x (run - start-up) / pages

Wall-clock is what the target is about but moves with the machine's load (printed beside it);
CPU seconds / 2 is what two otherwise idle cores would take if both were kept busy.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_PAGES = 100_000
CSS = """
@page { size: A4; margin: 2.2cm 2cm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: serif; font-size: 11pt; line-height: 1.35; text-align: justify; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 1.2em; }
"""
_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?[A-Z][^.!?]{0,70}$")


def to_html(text: str, title: str) -> str:
    """Paragraphs as <p>, short lines without a full stop as <h2>, the first line as <h1>."""
    parts = [f"<html lang='en'><head><title>{html.escape(title)}</title></head><body>"]
    first = True
    for block in text.split("\n"):
        block = block.strip()
        if not block:
            continue
        esc = html.escape(block)
        if first:
            parts.append(f"<h1>{esc}</h1>")
            first = False
        elif len(block) < 80 and _HEADING.match(block):
            parts.append(f"<h2>{esc}</h2>")
        else:
            parts.append(f"<p>{esc}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def make_pdfs(corpus: Path, out: Path, files: int, chars: int) -> int:
    """`files` PDFs of about `chars` characters of corpus text each; returns the pages made."""
    from weasyprint import CSS as WCSS
    from weasyprint import HTML

    out.mkdir(parents=True, exist_ok=True)
    style = WCSS(string=CSS)
    sources = sorted((corpus / "text").glob("*.txt"))
    pages = 0
    for i in range(files):
        target = out / f"typeset-{i:04d}.pdf"
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        # start at a paragraph, end at one: each file is a report of its own
        cut = text.rfind("\n\n", 0, chars)
        body = text[: cut if cut > 0 else chars]
        doc = HTML(string=to_html(body, f"Review {i}")).render(stylesheets=[style])
        doc.write_pdf(target)
        pages += len(doc.pages)
    return pages


def _cpu_of_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_analyse(folder: Path, jobs: int, out: Path) -> tuple[float, float, dict]:
    exe = str(Path(sys.executable).parent / "casereviews")
    cmd = [exe, "analyse", str(folder), "--jobs", str(jobs), "--format", "json", "--out", str(out)]
    cpu0, t0 = _cpu_of_children(), time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)  # noqa: S603
    wall, cpu = time.perf_counter() - t0, _cpu_of_children() - cpu0
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"] if out.exists() else {}
    return wall, cpu, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weasy", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--files", type=int, default=40, help="PDFs to typeset")
    parser.add_argument("--chars", type=int, default=100_000, help="characters of text per PDF")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    folder = args.corpus / "typeset"
    stamp = folder / "params.json"
    params = {"files": args.files, "chars": args.chars, "css": CSS}
    saved = json.loads(stamp.read_text()) if stamp.exists() else {}
    if saved.get("params") != params:
        print(f"Typesetting {args.files} PDFs with WeasyPrint into {folder} ...", flush=True)
        for old in folder.glob("*.pdf"):
            old.unlink()
        t0 = time.perf_counter()
        pages = make_pdfs(args.corpus, folder, args.files, args.chars)
        print(f"  {pages} pages in {time.perf_counter() - t0:.0f} s", flush=True)
        saved = {"params": params, "pages": pages}
        stamp.write_text(json.dumps(saved))
    # the start-up of a run: one line of text (analyse refuses an empty folder)
    empty = args.corpus / ".links" / "startup"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "one.txt").write_text("The review found that records were not shared.\n")
    out_dir = args.corpus / "_out"
    out_dir.mkdir(exist_ok=True)

    run_analyse(folder, args.jobs, out_dir / "typeset.json")  # warm the page cache
    rows = []
    for _ in range(max(1, args.runs)):
        s_wall, s_cpu, _ = run_analyse(empty, args.jobs, out_dir / "empty.json")
        wall, cpu, summary = run_analyse(folder, args.jobs, out_dir / "typeset.json")
        rows.append((wall, cpu, s_wall, s_cpu, summary))
    rows.sort(key=lambda r: r[0])
    wall, cpu, s_wall, s_cpu, summary = rows[len(rows) // 2]  # the median run by wall-clock
    pages = summary["pages"]
    per_page_wall = (wall - s_wall) / pages
    per_page_cpu = (cpu - s_cpu) / pages
    result = {
        "command": (
            f"casereviews analyse {folder} --jobs {args.jobs} --format json "
            f"--out {out_dir / 'typeset.json'}"
        ),
        "pdfs": summary["analysed"],
        "failed": summary["failed"],
        "pages": pages,
        "chars": summary["chars"],
        "runs": len(rows),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "startup_wall_seconds": round(s_wall, 2),
        "startup_cpu_seconds": round(s_cpu, 2),
        "pages_per_second_wall": round(pages / (wall - s_wall), 1),
        "pages_per_cpu_second": round(pages / (cpu - s_cpu), 1),
        "extrapolated_100k_pages_wall_seconds": round(s_wall + TARGET_PAGES * per_page_wall, 1),
        "extrapolated_100k_pages_two_idle_cores_seconds": round(
            s_cpu + TARGET_PAGES * per_page_cpu / 2, 1
        ),
        "wall_seconds_per_run": [round(r[0], 2) for r in rows],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
