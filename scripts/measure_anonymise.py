"""Measure the anonymisation check: recall on planted details, false warnings on real prose.

    .venv/bin/python scripts/measure_anonymise.py [FOLDER_OF_TXT ...] [--show]

Prints recall by kind on tests/briefings/planted_details.tsv (a planted detail counts as found
when a finding of the same kind overlaps it), then warnings per 1,000 words on the theme
engine's development and held-out examples (casereviews/analysis/eval/*.jsonl) and on every .txt
file in each folder given (published, already anonymised reviews: nearly every warning there is
a false one). --show lists each warning with its context, to read and judge.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereviews.briefings.anonymise import find_personal_details, in_context  # noqa: E402

PLANTED = ROOT / "tests" / "briefings" / "planted_details.tsv"
EVAL = ROOT / "casereviews" / "analysis" / "eval"


def planted() -> list[tuple[str, str, str]]:
    """(kind, detail, sentence) for each planted detail."""
    rows = []
    for line in PLANTED.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, detail, sentence = line.split("\t")
            rows.append((kind, detail, sentence))
    return rows


def is_found(kind: str, detail: str, sentence: str) -> bool:
    start = sentence.index(detail)
    end = start + len(detail)
    return any(
        d.kind == kind and d.start < end and start < d.end for d in find_personal_details(sentence)
    )


def recall_by_kind() -> dict[str, tuple[int, int]]:
    """{kind: (found, planted)}, and "all"."""
    totals: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for kind, detail, sentence in planted():
        totals[kind] += 1
        found[kind] += is_found(kind, detail, sentence)
    result = {kind: (found[kind], totals[kind]) for kind in sorted(totals)}
    result["all"] = (sum(found.values()), sum(totals.values()))
    return result


def eval_texts() -> list[str]:
    """The texts of the engine's synthetic examples (dev and held-out), written anonymised.
    The real-writing sets (real_*.jsonl) are left out: they imitate published texts, staff
    names and places included, and `real_items.jsonl` keeps addresses, not text."""
    rows = (
        json.loads(line)
        for path in (EVAL / "dev.jsonl", EVAL / "heldout.jsonl")
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    )
    return [row["text"] for row in rows if "text" in row]


def warnings_in(texts: list[str], show: bool = False) -> tuple[int, int]:
    """(warnings, words) over `texts`."""
    warnings = words = 0
    for text in texts:
        words += len(text.split())
        for d in find_personal_details(text):
            warnings += 1
            if show:
                before, matched, after = in_context(text, d.start, d.end, 40)
                print(f"    {d.kind:14} {before}[{matched}]{after}")
    return warnings, words


def report(name: str, texts: list[str], show: bool) -> None:
    warnings, words = warnings_in(texts, show)
    rate = 1000 * warnings / words if words else 0.0
    print(f"{name}: {warnings} warnings in {words:,} words = {rate:.2f} per 1,000 words")


def main(argv: list[str]) -> None:
    show = "--show" in argv
    folders = [Path(a) for a in argv if a != "--show"]
    print("Recall on planted details (found / planted):")
    for kind, (hit, total) in recall_by_kind().items():
        print(f"  {kind:14} {hit:3} / {total:3}  {100 * hit / total:5.1f}%")
    report("Theme engine examples (eval/*.jsonl)", eval_texts(), show)
    for folder in folders:
        files = sorted(folder.glob("*.txt"))
        report(f"{folder} ({len(files)} files)", [f.read_text("utf-8") for f in files], show)


if __name__ == "__main__":
    main(sys.argv[1:])
