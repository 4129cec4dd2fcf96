"""The chronology's speed (issue 14): 5,000 entries from 12 agencies merged, read for gaps, and
drawn as the swim-lane SVG, against a named baseline measured in the same run.

The baseline is the standard library's way of writing the same picture: the same marks built
as an xml.etree.ElementTree and serialised (no merge, no gaps). The ratio is baseline time over
our time for the picture alone; the whole (merge + gaps + picture) is reported in seconds.
The entries are plain objects shaped like ChronologyEntry (the database's part, an ordered
select, is measured by the tests' own queries, not here). Fixed seed, fictional text.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
import xml.etree.ElementTree as ET
from types import SimpleNamespace

WORDS = [
    "home",
    "visit",
    "school",
    "health",
    "police",
    "neglect",
    "bruise",
    "hungry",
    "mother",
    "partner",
    "referral",
    "assessment",
    "strategy",
    "discussion",
    "attendance",
    "appointment",
    "missed",
    "welfare",
    "check",
    "burn",
]


def make_entries(count: int = 5000, agencies: int = 12, seed: int = 14):
    rng = random.Random(seed)
    lanes = [SimpleNamespace(pk=n + 1, name=f"Agency {n + 1}", short_name=f"A{n + 1}")
             for n in range(agencies)]  # fmt: skip
    start = dt.date(2015, 1, 1)
    per_agency: dict[int, list] = {a.pk: [] for a in lanes}
    for pk in range(1, count + 1):
        agency = lanes[pk % agencies]
        day = start + dt.timedelta(days=rng.randrange(0, 730))
        kind = rng.random()
        latest = day
        if kind < 0.1:
            day, latest = day.replace(day=1), day.replace(day=28)
        per_agency[agency.pk].append(
            SimpleNamespace(
                pk=pk,
                agency_id=agency.pk,
                agency=agency,
                when=f"{day:%d/%m/%Y}",
                starts_on=day,
                latest_on=latest,
                time=None,
                event=" ".join(rng.choice(WORDS) for _ in range(12)),
                known=" ".join(rng.choice(WORDS) for _ in range(8)),
                shared_with=rng.choice(["", "A1", "Agency 3"]),
                shared=rng.choice(["", "shared", "not_shared", "late"]),
                shared_on=None,
                significant=rng.random() < 0.05,
                child_seen=rng.random() < 0.3,
            )
        )
    return lanes, per_agency


def _ours(lanes, per_agency, scope):
    from casereviews.chronology import gaps, timeline

    merged = sorted(
        (e for rows in per_agency.values() for e in rows),
        key=lambda e: (e.starts_on, e.time or dt.time(0), e.agency.name, e.pk),
    )
    found = gaps.find_gaps(merged, lanes, *scope)
    silences = [g for g in found if g.kind == "silence"]
    return merged, found, timeline.svg(merged, lanes, *scope, silences)


def _baseline_svg(entries, lanes, scope) -> bytes:
    first, last = scope
    span = (last - first).days or 1
    lane = {a.pk: i for i, a in enumerate(lanes)}
    root = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", viewBox="0 0 960 400")
    for a in lanes:
        ET.SubElement(root, "text", x="4", y=str(34 + 30 * lane[a.pk])).text = a.name
    for e in entries:
        x = 170 + 774 * (e.starts_on - first).days / span
        mark = ET.SubElement(
            root, "circle", cx=f"{x:.1f}", cy=str(49 + 30 * lane[e.agency_id]), r="4"
        )
        ET.SubElement(mark, "title").text = f"{e.when}: {e.event[:80]}"
    return ET.tostring(root)


def bench_chronology(count: int = 5000, agencies: int = 12, runs: int = 5) -> dict:
    from casereviews.chronology import timeline

    lanes, per_agency = make_entries(count, agencies)
    scope = (dt.date(2015, 1, 1), dt.date(2016, 12, 31))
    whole, pictures, baselines = [], [], []
    merged, found, svg = _ours(lanes, per_agency, scope)  # warm-up
    for _ in range(runs):
        t0 = time.perf_counter()
        merged, found, svg = _ours(lanes, per_agency, scope)
        whole.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        timeline.svg(merged, lanes, *scope, [g for g in found if g.kind == "silence"])
        pictures.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        _baseline_svg(merged, lanes, scope)
        baselines.append(time.perf_counter() - t0)
    picture, baseline = statistics.median(pictures), statistics.median(baselines)
    return {
        "entries": count,
        "agencies": agencies,
        "runs": runs,
        "gaps": len(found),
        "svg_kb": round(len(svg) / 1024),
        "merge_gaps_timeline_seconds": round(statistics.median(whole), 3),
        "timeline_seconds": round(picture, 3),
        "baseline": "xml.etree.ElementTree: the same marks built and serialised",
        "baseline_seconds": round(baseline, 3),
        "ratio": round(baseline / picture, 2),
    }
