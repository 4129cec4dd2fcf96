"""Generate (or reuse) the benchmark corpus under bench/corpus/.

PDFs are written directly (a minimal, valid PDF 1.4: Helvetica text pages, Flate-compressed
content streams, a proper cross-reference table), which is far faster than a layout library and
gives PDFium the same work as a simple text report. Text files carry the rest of the volume.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.prose import document

GENERATOR_VERSION = 4
LINE_CHARS = 100
LINES_PER_PAGE = 62

DEFAULT_PARAMS = {
    "version": GENERATOR_VERSION,
    "seed": 20260,
    "pdf_files": 404,
    "pages_per_pdf": 50,
    "text_files": 320,
    "text_file_chars": 400_000,
}


def wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    """Greedy line wrap at spaces (fast: per line, not per word)."""
    lines: list[str] = []
    for para in text.split("\n"):
        while len(para) > width:
            cut = para.rfind(" ", 0, width + 1)
            if cut <= 0:
                cut = width
            lines.append(para[:cut])
            para = para[cut:].lstrip(" ")
        lines.append(para)
    return lines


def pdf_from_lines(lines: list[str], lines_per_page: int = LINES_PER_PAGE) -> tuple[bytes, int]:
    """A PDF with `lines_per_page` lines of 9pt Helvetica per A4 page; returns (bytes, pages)."""
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    n = len(pages)
    # Objects: 1 catalog, 2 pages, 3 font, then per page: content (4+2i), page (5+2i).
    objs: list[bytes] = [
        b"",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for i, page in enumerate(pages):
        body = "\n".join(
            "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for ln in page
        )
        content = zlib.compress(
            ("BT /F1 9 Tf 12.4 TL 40 800 Td\n" + body + "\nET").encode("cp1252", "replace"), 6
        )
        cid, pid = 4 + 2 * i, 5 + 2 * i
        objs.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content
            + b"\nendstream"
        )
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % cid
        )
        kids.append(pid)
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = (
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % n
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out), n


def typographic(text: str, seed: int) -> str:
    """Half of the documents with typographic apostrophes, as published reports have them: text
    that is not pure ASCII takes the engine's other folding path."""
    return text.replace("'", "\u2019") if seed % 2 else text


def _make_pdf(args: tuple[Path, int, int]) -> tuple[int, int]:
    path, seed, pages = args
    rng = random.Random(seed)
    target = pages * LINES_PER_PAGE
    lines = wrap(typographic(document(rng, pages * LINES_PER_PAGE * LINE_CHARS), seed))
    lines = lines[:target]
    while len(lines) < target:
        lines += wrap(document(rng, LINES_PER_PAGE * LINE_CHARS * 4))[: target - len(lines)]
    data, n = pdf_from_lines(lines)
    path.write_bytes(data)
    return n, sum(len(ln) + 1 for ln in lines)


def _make_text(args: tuple[Path, int, int]) -> tuple[int, int]:
    path, seed, chars = args
    text = typographic(document(random.Random(seed), chars), seed)
    path.write_text(text, encoding="utf-8")
    return 0, len(text)


def ensure_corpus(root: Path, params: dict | None = None, jobs: int = 2, log=print) -> dict:  # noqa: ANN001
    """Generate the corpus unless `root/params.json` shows it was made with the same params."""
    params = dict(params or DEFAULT_PARAMS)
    meta = root / "params.json"
    if meta.exists():
        try:
            saved = json.loads(meta.read_text())
        except ValueError:
            saved = {}
        if saved.get("params") == params:
            log(
                f"Reusing the corpus in {root} ({saved['pdf_pages']} PDF pages, "
                f"{saved['text_chars'] / 1e6:.0f} MB of text)"
            )
            return saved
    if root.exists():
        shutil.rmtree(root)
    (root / "pdf").mkdir(parents=True)
    (root / "text").mkdir(parents=True)
    seed = params["seed"]
    pdf_jobs = [
        (root / "pdf" / f"review-{i:05d}.pdf", seed * 100_003 + i, params["pages_per_pdf"])
        for i in range(params["pdf_files"])
    ]
    text_jobs = [
        (root / "text" / f"review-{i:05d}.txt", seed * 200_003 + i, params["text_file_chars"])
        for i in range(params["text_files"])
    ]
    log(f"Generating the benchmark corpus in {root} ...")
    with ProcessPoolExecutor(jobs) as pool:
        pdf_stats = list(pool.map(_make_pdf, pdf_jobs, chunksize=8))
        text_stats = list(pool.map(_make_text, text_jobs, chunksize=8))
    saved = {
        "params": params,
        "pdf_files": len(pdf_jobs),
        "pdf_pages": sum(p for p, _ in pdf_stats),
        "pdf_chars": sum(c for _, c in pdf_stats),
        "text_files": len(text_jobs),
        "text_file_chars": sum(c for _, c in text_stats),
    }
    saved["text_chars"] = saved["pdf_chars"] + saved["text_file_chars"]
    meta.write_text(json.dumps(saved, indent=1))
    return saved


if __name__ == "__main__":  # pragma: no cover
    print(ensure_corpus(Path(os.environ.get("BENCH_CORPUS", "bench/corpus"))))
