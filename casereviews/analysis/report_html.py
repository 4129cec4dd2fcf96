"""The corpus report as one self-contained, accessible HTML file.

No scripts, no external assets: inline CSS, an inline SVG bar chart with text labels (and the
same figures in a table), a document x theme overview (each found theme's score, shaded, linked
to its evidence), the co-occurrence table shaded by count, the toxic trio count, and each
document, named by its title, with why each theme scored as it did and its quotations (section
and page). Every string that comes from a document is escaped. The page is written in pieces
(`iter_html`), reading the documents as they come, so a large corpus is never held whole.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from html import escape
from typing import Any

__all__ = ["iter_html", "render_html"]

_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff;margin:0;
line-height:1.5;font-size:1rem}
main{max-width:64rem;margin:0 auto;padding:1rem 1.5rem 3rem}
a{color:#1d70b8}a:visited{color:#4c2c92}a:focus{outline:3px solid #fd0;background:#fd0;
color:#0b0c0c}
h1{font-size:2rem;margin:.5rem 0 1rem}h2{font-size:1.5rem;margin:2rem 0 .75rem;
border-top:2px solid #b1b4b6;padding-top:1rem}h3{font-size:1.2rem;margin:1.5rem 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .25rem}
table{border-collapse:collapse;margin:0 0 1.5rem;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #b1b4b6;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f2f1}td.num,th.num{text-align:right}
.matrix td.num{min-width:2.2rem}.matrix th[scope=col]{writing-mode:vertical-rl;
transform:rotate(180deg);white-space:nowrap;font-weight:normal}
.summary{font-size:1.1rem}.trio{background:#f3f2f1;border-left:6px solid #d4351c;
padding:.75rem 1rem}
blockquote{margin:.25rem 0 .75rem;padding:.25rem .75rem;border-left:4px solid #b1b4b6;
background:#f8f8f8}
.meta{color:#484949;font-size:.9rem}.error{color:#942514;font-weight:bold}
svg text{font-family:Arial,Helvetica,sans-serif;font-size:13px;fill:#0b0c0c}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem}
.s0{background:#fff}.s1{background:#e8f1f8}.s2{background:#c4dbee}.s3{background:#8eb8dc}
.s4{background:#1d70b8;color:#fff}.s5{background:#003078;color:#fff}
.grid td{text-align:center;min-width:2.2rem}.grid td a{color:inherit}
.grid th[scope=col]{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;
font-weight:normal}.legend span{display:inline-block;padding:0 .5rem;border:1px solid #b1b4b6}
.why{margin:.25rem 0 .5rem 1rem;font-size:.9rem;color:#0b0c0c}
"""


def _anchor(prefix: str, key: str) -> str:
    """A stable, safe id for an anchor from any string."""
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:40]
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"


def _chart(prevalence: list[dict[str, Any]], total: int) -> str:
    """A horizontal bar chart in SVG, labelled with the theme names and figures."""
    bar_h, gap, label_w, bar_w = 22, 8, 330, 330
    height = len(prevalence) * (bar_h + gap) + gap
    width = label_w + bar_w + 120
    out = [
        f'<svg role="img" aria-labelledby="chart-title chart-desc" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Prevalence of themes</title>',
        f'<desc id="chart-desc">Bar chart of the number of documents, out of {total}, in which '
        "each theme was found. The same figures are in the table below.</desc>",
    ]
    for i, row in enumerate(prevalence):
        y = gap + i * (bar_h + gap)
        w = round(bar_w * row["percent"] / 100.0, 1)
        out.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(row["name"][:48])}'
            "</text>"
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#1d70b8"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}">{row["documents"]} '
            f"({row['percent']:.1f}%)</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


_SHADES = 5


def _shade(fraction: float) -> str:
    """The class of a cell shaded by `fraction` (0 to 1) in five steps; the figure is always
    written in the cell too, so the shading is never the only way to read it."""
    if fraction <= 0:
        return "s0"
    return f"s{min(_SHADES, 1 + int(fraction * _SHADES - 1e-9))}"


def _legend(what: str, steps: list[str]) -> str:
    spans = "".join(
        f'<span class="s{i + 1}">{e}</span>' for i, e in enumerate(escape(x) for x in steps)
    )
    return f'<p class="legend meta">{escape(what)}: {spans}</p>'


def _why(theme: dict[str, Any]) -> str:
    """Why a theme scored as it did, in words, from what the engine gives."""
    e = escape
    why = theme.get("why") or {}
    parts = []
    if why.get("reason"):
        parts.append(e(str(why["reason"])))
    if why.get("indicators"):
        parts.append("indicators: " + e(", ".join(map(str, why["indicators"]))))
    if why.get("sections"):
        parts.append("in " + e(", ".join(map(str, why["sections"]))))
    if "mentions" in why:
        parts.append(f"{int(why['mentions'])} mention(s) counted")
    if why.get("ignored_mentions"):
        parts.append(
            f"{int(why['ignored_mentions'])} not counted (contents, references, boilerplate)"
        )
    if why.get("practice_problems"):
        parts.append(f"{int(why['practice_problems'])} practice problem(s) stated")
    if not parts:
        sections = sorted({str(ev["section"]) for ev in theme["evidence"] if ev.get("section")})
        parts.append(f"{len(theme['evidence'])} quotation(s) below")
        if sections:
            parts.append("in " + e(", ".join(sections)))
    return "; ".join(parts)


def _where(ev: dict[str, Any]) -> str:
    bits = []
    if ev.get("page"):
        bits.append(f"page {int(ev['page'])}")
    if ev.get("section"):
        bits.append(escape(str(ev["section"])))
    bits.append(f"characters {int(ev['start'])}&ndash;{int(ev['end'])}")
    return ", ".join(bits)


def render_html(corpus: Any, title: str = "Learning themes across reviews") -> str:
    """The whole report as a string (UTF-8 HTML5)."""
    return "".join(iter_html(corpus, title))


def iter_html(corpus: Any, title: str = "Learning themes across reviews") -> Iterator[str]:
    """The report in pieces; the documents are read from the corpus as they are written."""
    names = dict(corpus.catalogue)
    ids = [tid for tid, _ in corpus.catalogue]
    n = corpus.n_analysed
    prevalence = corpus.prevalence()
    e = escape
    yield "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{e(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            '<a class="skip" href="#main">Skip to the report</a>',
            '<main id="main">',
            f"<h1>{e(title)}</h1>",
            f'<p class="summary">{n} documents analysed ({corpus.pages} pages); '
            f"{corpus.n_errors} could not be analysed.</p>",
            '<nav aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ul>',
            '<li><a href="#overview">Documents and themes at a glance</a></li>',
            '<li><a href="#prevalence">Prevalence of themes</a></li>',
            '<li><a href="#toxic-trio">Toxic trio</a></li>',
            '<li><a href="#cooccurrence">Themes found together</a></li>',
            '<li><a href="#documents">Documents</a><ul>',
            "",
        ]
    )
    for doc in corpus.analysed:
        yield f'<li><a href="#{_anchor("doc", doc.path)}">{e(doc.label)}</a></li>\n'
    yield "</ul></li>"
    if corpus.n_errors:
        yield '<li><a href="#errors">Files that could not be analysed</a></li>'
    yield "</ul></nav>\n"

    # Overview: document x theme, the score of each theme found, shaded.
    yield "\n".join(
        [
            '<section aria-labelledby="overview"><h2 id="overview">Documents and themes at a '
            "glance</h2>",
            "<p>Each row is a document, each column a theme. A figure is the score of a theme "
            "found in the document (the engine's estimate of the probability that the document "
            "is about it); it links to the evidence. An empty cell: the theme was not found.</p>",
            _legend(
                "Score",
                ["0.5\u20130.6", "0.6\u20130.7", "0.7\u20130.8", "0.8\u20130.9", "0.9\u20131"],
            ),
            '<div style="overflow-x:auto"><table class="grid">',
            "<caption>Themes found in each document, with their scores</caption>",
            '<thead><tr><th scope="col">Document</th>',
            *[f'<th scope="col"><abbr title="{e(names[t])}">{e(t)}</abbr></th>' for t in ids],
            "</tr></thead><tbody>",
            "",
        ]
    )
    for doc in corpus.analysed:
        found = {t["id"]: t for t in doc.themes}
        cells = []
        for tid in ids:
            theme = found.get(tid)
            if theme is None:
                cells.append("<td></td>")
                continue
            score = float(theme["score"])
            link = _anchor("ev", doc.path + "\x00" + tid)
            cells.append(
                f'<td class="{_shade(max(0.01, (score - 0.5) * 2))}"><a href="#{link}" '
                f'title="{e(names.get(tid, tid))}">{score:.2f}</a></td>'
            )
        yield (
            f'<tr><th scope="row"><a href="#{_anchor("doc", doc.path)}">{e(doc.label)}</a></th>'
            f"{''.join(cells)}</tr>\n"
        )
    yield "</tbody></table></div></section>\n"

    # Prevalence: chart and table.
    rows = [
        '<section aria-labelledby="prevalence"><h2 id="prevalence">Prevalence of themes</h2>',
        _chart(prevalence, n),
        "<table><caption>Documents in which each theme was found</caption>",
        '<thead><tr><th scope="col">Theme</th><th scope="col" class="num">Documents</th>'
        '<th scope="col" class="num">Percentage</th></tr></thead><tbody>',
    ]
    for row in prevalence:
        rows.append(
            f'<tr><th scope="row">{e(row["name"])} <span class="meta">({e(row["id"])})</span>'
            f'</th><td class="num">{row["documents"]}</td>'
            f'<td class="num">{row["percent"]:.1f}%</td></tr>'
        )
    rows.append("</tbody></table></section>")

    # Toxic trio.
    trio = corpus.toxic_trio
    rows += [
        '<section aria-labelledby="toxic-trio"><h2 id="toxic-trio">Toxic trio</h2>',
        f'<p class="trio"><strong>{trio}</strong> of {n} documents '
        f"({corpus.percent(trio):.1f}%) cover domestic abuse, parental mental health and "
        "parental substance misuse together.</p></section>",
    ]

    # Co-occurrence matrix, shaded by the share of the analysed documents.
    rows += [
        '<section aria-labelledby="cooccurrence"><h2 id="cooccurrence">Themes found together</h2>',
        "<p>Each cell is the number of documents in which both themes were found; the "
        "diagonal is the number of documents with the theme. The darker the cell, the larger "
        "the share of the documents.</p>",
        _legend(
            "Share of the documents",
            ["up to 20%", "20\u201340%", "40\u201360%", "60\u201380%", "80\u2013100%"],
        ),
        '<div style="overflow-x:auto"><table class="matrix">',
        "<caption>Co-occurrence of themes (number of documents)</caption>",
        "<thead><tr><td></td>",
    ]
    for tid in ids:
        rows.append(f'<th scope="col"><abbr title="{e(names[tid])}">{e(tid)}</abbr></th>')
    rows.append("</tr></thead><tbody>")
    for i, tid in enumerate(ids):
        cells = "".join(
            f'<td class="num {_shade(v / n if n else 0)}">{v}</td>'
            for v in (corpus.matrix[i][j] for j in range(len(ids)))
        )
        rows.append(f'<tr><th scope="row">{e(names[tid])}</th>{cells}</tr>')
    rows.append("</tbody></table></div></section>")
    yield "\n".join(rows) + "\n"

    # Each document.
    yield '<section aria-labelledby="documents"><h2 id="documents">Documents</h2>\n'
    for doc in corpus.analysed:
        yield _document(doc)
    yield "</section>\n"

    if corpus.n_errors:
        yield (
            '<section aria-labelledby="errors"><h2 id="errors">Files that could not be '
            "analysed</h2><ul>"
        )
        for doc in corpus.errors:
            yield f'<li class="error">{e(doc.error or "")}</li>\n'
        yield "</ul></section>"
    yield "\n".join(["</main>", "</body>", "</html>", ""])


def _document(doc: Any) -> str:
    e = escape
    anchor = _anchor("doc", doc.path)
    parts = [f'<article aria-labelledby="{anchor}"><h3 id="{anchor}">{e(doc.label)}</h3>']
    trio_note = "; toxic trio present" if doc.toxic_trio else ""
    subject = f"; about {e(str(doc.subject))}" if getattr(doc, "subject", None) else ""
    parts.append(
        f'<p class="meta">{e(doc.path)}: {e(doc.kind or "")}, {doc.pages} page(s), '
        f"{len(doc.themes)} theme(s){subject}{trio_note}.</p>"
    )
    if not doc.themes:
        parts.append("<p>No themes found.</p></article>\n")
        return "\n".join(parts)
    parts.append("<ul>")
    for theme in doc.themes:
        tanchor = _anchor("ev", doc.path + "\x00" + theme["id"])
        parts.append(
            f'<li><a href="#{tanchor}">{e(theme["name"])}</a> '
            f'<span class="meta">score {float(theme["score"]):.2f}, '
            f"{len(theme['evidence'])} quotation(s)</span>"
            f'<p class="why">Why: {_why(theme)}.</p></li>'
        )
    parts.append("</ul>")
    for theme in doc.themes:
        tanchor = _anchor("ev", doc.path + "\x00" + theme["id"])
        parts.append(f'<h4 id="{tanchor}">{e(theme["name"])}: evidence</h4>')
        for ev in theme["evidence"]:
            parts.append(
                f'<blockquote><p>{e(ev["text"])}</p></blockquote><p class="meta">{_where(ev)}</p>'
            )
    parts.append(
        f'<p><a href="#{anchor}">Back to the start of this document</a> · '
        '<a href="#toc-title">Contents</a></p></article>\n'
    )
    return "\n".join(parts)
