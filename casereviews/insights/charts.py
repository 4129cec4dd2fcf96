"""Charts as server-rendered SVG: no chart script. Each chart is drawn beside its data table
(the table is what a screen reader reads: the SVG is role="img" with a title and description).

Colours are GOV.UK's; the national figure is drawn as an outlined bar and a line series carries a
dash pattern and its name at its end, so no reading depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

BLUE = "#1d70b8"
DARK = "#0b0c0c"
GREY = "#b1b4b6"
SERIES = [("#1d70b8", ""), ("#d4351c", "6 3"), ("#00703c", "2 2"), ("#912b88", "8 3 2 3"),
          ("#4c2c92", "1 4")]  # fmt: skip
FONT = 'font-family="GDS Transport, arial, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # a percentage (0-100) or a count
    text: str  # what is written at the end of the bar
    national: float | None = None
    national_text: str = ""


def _svg(width: int, height: int, title: str, desc: str, body: list[str], key: str) -> Markup:
    return Markup(  # noqa: S704 - every text escaped; numbers and our constants otherwise
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{key}-t {key}-d">'
        f'<title id="{key}-t">{escape(title)}</title><desc id="{key}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(bars: list[Bar], *, title: str, desc: str, key: str, scale: float = 100.0) -> Markup:
    """Horizontal bars, one row per label; a second, outlined bar for the national figure."""
    label_w, plot_w, text_w = 400, 400, 130  # 930 wide, as the line chart: one scale
    has_national = any(b.national is not None for b in bars)
    row_h = 40 if has_national else 26
    top = 30 if has_national else 8
    height = top + row_h * len(bars) + 8
    width = label_w + plot_w + text_w
    scale = scale or 1.0
    body: list[str] = []
    if has_national:
        body.append(
            f'<rect x="{label_w}" y="6" width="14" height="12" fill="{BLUE}"/>'
            f'<text x="{label_w + 20}" y="16" font-size="13" {FONT}>This partnership</text>'
            f'<rect x="{label_w + 160}" y="6" width="14" height="12" fill="#fff" '
            f'stroke="{DARK}" stroke-width="1.5"/>'
            f'<text x="{label_w + 180}" y="16" font-size="13" {FONT}>National</text>'
        )
    for i, bar in enumerate(bars):
        y = top + i * row_h
        w = max(0.0, plot_w * bar.value / scale)
        body.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="13" text-anchor="end" {FONT}>'
            f"{escape(bar.label)}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" fill="{BLUE}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="13" {FONT}>'
            f"{escape(bar.text)}</text>"
        )
        if bar.national is not None:
            nw = max(0.0, plot_w * bar.national / scale)
            body.append(
                f'<rect x="{label_w}" y="{y + 21}" width="{nw:.1f}" height="12" fill="#fff" '
                f'stroke="{DARK}" stroke-width="1.5"/>'
                f'<text x="{label_w + nw + 6:.1f}" y="{y + 32}" font-size="12" fill="#505a5f" '
                f"{FONT}>{escape(bar.national_text)}</text>"
            )
    body.append(
        f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{height - 8}" stroke="{DARK}"/>'
    )
    return _svg(width, height, title, desc, body, key)


def line_chart(
    columns: list[str], series: list[tuple[str, list[float | None]]], *, title: str, desc: str,
    key: str,
) -> Markup:  # fmt: skip
    """Percentages (0-100) per column (reporting years), one line per series, named at its end."""
    left, right, top, bottom = 50, 360, 16, 70
    plot_w = 520  # 930 wide in all: the page scales every chart alike
    plot_h = 220
    width, height = left + plot_w + right, top + plot_h + bottom
    peak = max([v for _, vs in series for v in vs if v is not None] + [10.0])
    scale = min(100.0, (int(peak / 10) + 1) * 10.0)

    def x(i: int) -> float:
        return left + (plot_w * i / (len(columns) - 1) if len(columns) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / scale

    body: list[str] = []
    for tick in range(0, int(scale) + 1, max(10, int(scale / 5) // 10 * 10 or 10)):
        body.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
            f'stroke="{GREY}" stroke-width="0.5"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="12" text-anchor="end" '
            f"{FONT}>{tick}%</text>"
        )
    for i, label in enumerate(columns):
        body.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 22}" font-size="13" text-anchor="middle" '
            f"{FONT}>{escape(label)}</text>"
        )
    names: list[tuple[float, str, str]] = []  # (y of the line's end, name, colour)
    for n, (name, values) in enumerate(series):
        colour, dash = SERIES[n % len(SERIES)]
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"'
            f"{dash_attr}/>"
            + "".join(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>' for px, py in points
            )
        )
        names.append((points[-1][1] + 4, name, colour))
    # Each name at its line's end, top to bottom, moved down just enough not to overlap.
    last = -1e9
    for ty, name, colour in sorted(names):
        ty = max(ty, last + 15)
        last = ty
        body.append(
            f'<text x="{left + plot_w + 36}" y="{ty:.1f}" font-size="13" fill="{colour}" '
            f"{FONT}>{escape(name)}</text>"
        )
    return _svg(width, height, title, desc, body, key)
