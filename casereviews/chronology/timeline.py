"""The swim-lane timeline: one lane per agency, drawn on the server as SVG (docs/adr/0033).

Each entry is a mark in its agency's lane at its date: a dot for an exact day, a hollow bar
over the days an uncertain date may mean, a diamond for a significant event, red for
information recorded as not shared. Silences (no agency saw the child) are shaded across every
lane. The same facts are in a table beside the picture (`lane_table`), for screen readers and
for anyone who prefers numbers. No JavaScript; no inline styles (the page's CSP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from casereviews.core.presenters import format_date

WIDTH, LEFT, RIGHT, TOP, LANE = 960, 170, 16, 34, 30
BLUE, RED, GREY, BLACK, SHADE = "#1d70b8", "#d4351c", "#505a5f", "#0b0c0c", "#f3f2f1"


def _x(day: dt.date, first: dt.date, span: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _short(agency) -> str:
    return agency.short_name or agency.name


def svg(
    entries: Sequence,
    agencies: Sequence,
    scope_from: dt.date,
    scope_to: dt.date,
    silences: Sequence = (),
    title: str = "Timeline",
) -> str:
    """The picture as SVG markup (every text escaped)."""
    first = min([scope_from, *(e.starts_on for e in entries)]) if entries else scope_from
    last = max([scope_to, *(e.latest_on for e in entries)]) if entries else scope_to
    span = max((last - first).days, 1)
    lanes = {a.pk: index for index, a in enumerate(agencies)}
    height = TOP + LANE * max(len(agencies), 1) + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="timeline-title timeline-desc" '
        f'class="app-timeline" focusable="false">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">One lane per agency from {format_date(first)} to '
        f"{format_date(last)}; {len(entries)} entries. The table beside the picture gives "
        "the same facts.</desc>",
    ]
    bottom = TOP + LANE * len(agencies)
    for gap in silences:
        x1, x2 = _x(gap.starts_on, first, span), _x(gap.ends_on, first, span)
        out.append(
            f'<rect x="{x1:.1f}" y="{TOP}" width="{max(x2 - x1, 1):.1f}" '
            f'height="{bottom - TOP}" fill="{SHADE}" stroke="{GREY}" stroke-dasharray="2 3">'
            f"<title>{escape(gap.title)}</title></rect>"
        )
    for year in range(first.year, last.year + 2):
        day = dt.date(year, 1, 1)
        if not first <= day <= last:
            continue
        x = _x(day, first, span)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="{GREY}" '
            'stroke-width="0.5"/>'
            f'<text x="{x + 3:.1f}" y="{TOP - 10}" font-size="12" fill="{BLACK}">{year}</text>'
        )
    for agency in agencies:
        y = TOP + LANE * lanes[agency.pk] + LANE / 2
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GREY}" stroke-width="0.5"/>'
            f'<text x="4" y="{y + 4:.1f}" font-size="13" fill="{BLACK}">'
            f"{escape(_short(agency)[:22])}</text>"
        )
    for entry in entries:
        lane = lanes.get(entry.agency_id)
        if lane is None:
            continue
        y = TOP + LANE * lane + LANE / 2
        colour = RED if entry.shared == "not_shared" else BLUE
        label = escape(f"{entry.when}: {entry.event[:80]}")
        x1 = _x(entry.starts_on, first, span)
        if entry.starts_on != entry.latest_on:
            x2 = _x(entry.latest_on, first, span)
            out.append(
                f'<rect x="{x1:.1f}" y="{y - 5:.1f}" width="{max(x2 - x1, 2):.1f}" height="10" '
                f'fill="none" stroke="{colour}" stroke-dasharray="3 2"><title>{label} '
                "(uncertain)</title></rect>"
            )
        elif entry.significant:
            out.append(
                f'<path d="M{x1:.1f} {y - 8:.1f}l7 8l-7 8l-7 -8z" fill="{colour}" '
                f'stroke="{BLACK}"><title>{label} (significant)</title></path>'
            )
        else:
            out.append(
                f'<circle cx="{x1:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"<title>{label}</title></circle>"
            )
    out.append("</svg>")
    return "".join(out)


def lane_table(entries: Sequence, agencies: Sequence) -> list[list[dict]]:
    """Rows for govukTable: per agency, its entries, first and last dates, significant events,
    uncertain dates and information not shared."""
    rows = []
    for agency in agencies:
        own = [e for e in entries if e.agency_id == agency.pk]
        first = min((e.starts_on for e in own), default=None)
        last = max((e.latest_on for e in own), default=None)
        rows.append(
            [
                {"text": agency.name},
                {"text": str(len(own)), "format": "numeric"},
                {"text": format_date(first, "None")},
                {"text": format_date(last, "None")},
                {"text": str(sum(e.significant for e in own)), "format": "numeric"},
                {
                    "text": str(sum(e.starts_on != e.latest_on for e in own)),
                    "format": "numeric",
                },
                {"text": str(sum(e.shared == "not_shared" for e in own)), "format": "numeric"},
            ]
        )
    return rows
