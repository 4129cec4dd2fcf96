"""`python -m casereviews.analysis.evaluate`: precision, recall and F1 of the theme engine on the
labelled sets in casereviews/analysis/eval/: the short synthetic phrases (dev.jsonl for tuning,
heldout.jsonl never tuned on) and the longer examples written from real published texts
(real_dev.jsonl for tuning, real_heldout.jsonl never tuned on; see eval/LABELLING.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from casereviews.analysis.tagger import tag_text
from casereviews.analysis.taxonomy import Taxonomy, default_taxonomy, load_taxonomy

SPLITS = ("dev", "heldout", "real_dev", "real_heldout")
# Themes a children-only engine must never give to an adult review or a domestic homicide review
# (eval/LABELLING.md). Used only when the framework does not say so itself (Theme.children_only).
CHILDREN_ONLY = frozenset(
    {
        "neglect",
        "voice-of-child",
        "babies-injury",
        "adolescents",
        "fathers-men",
        "parental-engagement",
        "parental-mental-health",
        "substance-misuse",
    }
)
ADULT_SUBJECTS = ("adult", "domestic-homicide")


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    themes: frozenset[str]
    subject: str | None = None  # child, adult, domestic-homicide or none, when labelled


def load_split(name: str, directory: Path | None = None) -> list[Item]:
    """Items of a split ('dev' or 'heldout') from the packaged eval set (or `directory`)."""
    if directory is not None:
        raw = (directory / f"{name}.jsonl").read_text(encoding="utf-8")
    else:
        ref = resources.files("casereviews.analysis").joinpath("eval").joinpath(f"{name}.jsonl")
        raw = ref.read_text(encoding="utf-8")
    items = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            items.append(
                Item(str(d["id"]), str(d["text"]), frozenset(d["themes"]), d.get("subject"))
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{name}.jsonl line {n}: {exc}") from None
    return items


def _exists(name: str, directory: Path | None = None) -> bool:
    if directory is not None:
        return (directory / f"{name}.jsonl").is_file()
    ref = resources.files("casereviews.analysis").joinpath("eval").joinpath(f"{name}.jsonl")
    return ref.is_file()


def _children_only(tax: Taxonomy) -> set[str]:
    """The framework's children-only themes (by default id), or the labelling guide's list."""
    flagged = {t.default_id for t in tax.themes if getattr(t, "children_only", False)}
    if flagged:
        return flagged
    return {t.id for t in tax.themes if t.default_id in CHILDREN_ONLY}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(items: list[Item], taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """Per-theme and micro/macro precision, recall, F1; plus the items that went wrong."""
    tax = taxonomy or default_taxonomy()
    counts = {t.id: [0, 0, 0] for t in tax.themes}  # tp, fp, fn
    children_only = _children_only(tax)
    errors = []
    subjects = [0, 0]  # right, labelled (only when the engine reports a subject)
    adult_children_themes = 0  # children-only themes given to adult or DHR texts
    for item in items:
        result = tag_text(item.text, tax)
        predicted = set(result.present_ids())
        found = getattr(result, "subject", None)  # engines before subject detection have none
        if item.subject and found is not None:
            subjects[0] += found == item.subject
            subjects[1] += 1
        if item.subject in ADULT_SUBJECTS:
            adult_children_themes += len(predicted & children_only)
        for tid, c in counts.items():
            gold = tid in item.themes
            pred = tid in predicted
            c[0] += gold and pred
            c[1] += pred and not gold
            c[2] += gold and not pred
        if predicted != set(item.themes):
            errors.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "missed": sorted(set(item.themes) - predicted),
                    "extra": sorted(predicted - set(item.themes)),
                    "subject": [item.subject, found],
                }
            )
    themes = {}
    for tid, (tp, fp, fn) in counts.items():
        p, r, f = _prf(tp, fp, fn)
        themes[tid] = {
            "precision": p,
            "recall": r,
            "f1": f,
            "support": tp + fn,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    mp, mr, mf = _prf(tp, fp, fn)
    with_support = [v for v in themes.values() if v["support"]]
    n = len(with_support) or 1
    macro = {
        "precision": sum(v["precision"] for v in with_support) / n,
        "recall": sum(v["recall"] for v in with_support) / n,
        "f1": sum(v["f1"] for v in with_support) / n,
    }
    return {
        "items": len(items),
        "themes": themes,
        "micro": {"precision": mp, "recall": mr, "f1": mf},
        "macro": macro,
        "subject_accuracy": subjects[0] / subjects[1] if subjects[1] else None,
        "children_themes_on_adults": adult_children_themes,
        "adult_items": sum(item.subject in ADULT_SUBJECTS for item in items),
        "errors": errors,
    }


def format_table(name: str, report: dict[str, Any]) -> str:
    lines = [f"{name}: {report['items']} items", ""]
    head = f"{'theme':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}"
    lines += [head, "-" * len(head)]
    for tid, v in report["themes"].items():
        lines.append(
            f"{tid:<24}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}{v['support']:>9}"
        )
    lines.append("-" * len(head))
    for avg in ("micro", "macro"):
        v = report[avg]
        lines.append(
            f"{avg + ' average':<24}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}"
        )
    if report.get("subject_accuracy") is not None:
        lines.append(f"subject right: {report['subject_accuracy']:.3f}")
    if report.get("adult_items"):
        lines.append(
            f"children's themes given to adult or DHR texts: "
            f"{report['children_themes_on_adults']} (in {report['adult_items']} texts)"
        )
    return "\n".join(lines)


def _speed(directory: Path, limit_mb: float, tax: Taxonomy) -> int:
    """Single-process throughput of the whole tag_text pipeline, in MB/s."""
    texts, size = [], 0
    for path in sorted(directory.glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
        size += len(texts[-1].encode("utf-8"))
        if size >= limit_mb * 1e6:
            break
    tag_text("warm up", tax)
    t0 = time.perf_counter()
    for text in texts:
        tag_text(text, tax)
    seconds = time.perf_counter() - t0
    print(
        f"{size / 1e6:.1f} MB in {len(texts)} files: {seconds:.2f} s, "
        f"{size / 1e6 / seconds:.2f} MB/s"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m casereviews.analysis.evaluate", description=__doc__
    )
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--errors", action="store_true", help="list the items that went wrong")
    parser.add_argument("--taxonomy", metavar="FILE", help="evaluate another framework file")
    parser.add_argument("--speed", metavar="DIR", help="instead: time tag_text on DIR/*.txt")
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes to time (--speed)")
    args = parser.parse_args(argv)
    tax = load_taxonomy(args.taxonomy) if args.taxonomy else default_taxonomy()
    if args.speed:
        return _speed(Path(args.speed), args.mb, tax)
    names = [n for n in SPLITS if _exists(n)] if args.split == "all" else [args.split]
    reports = {name: evaluate(load_split(name), tax) for name in names}
    if args.json:
        out = {
            k: {kk: vv for kk, vv in v.items() if args.errors or kk != "errors"}
            for k, v in reports.items()
        }
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    for name, report in reports.items():
        print(format_table(name, report))
        if args.errors:
            for e in report["errors"]:
                print(f"  {e['id']}: missed={e['missed']} extra={e['extra']}\n    {e['text']}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
