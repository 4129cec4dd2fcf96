"""The corpus report as one self-contained, accessible HTML file.

No scripts, no external assets: inline CSS, an inline SVG bar chart with text labels (and the
same figures in a table), the co-occurrence table, the toxic trio count, and each document's
themes with their evidence quoted. Every string that comes from a document is escaped.
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from typing import Any

__all__ = ["render_html"]

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


def render_html(corpus: Any, title: str = "Learning themes across reviews") -> str:
    """The whole report as a string (UTF-8 HTML5)."""
    names = dict(corpus.catalogue)
    ids = [tid for tid, _ in corpus.catalogue]
    analysed = corpus.analysed
    n = len(analysed)
    prevalence = corpus.prevalence()
    e = escape
    parts: list[str] = [
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
        f"{len(corpus.errors)} could not be analysed.</p>",
        '<nav aria-labelledby="toc-title"><h2 id="toc-title">Contents</h2><ul>',
        '<li><a href="#prevalence">Prevalence of themes</a></li>',
        '<li><a href="#toxic-trio">Toxic trio</a></li>',
        '<li><a href="#cooccurrence">Themes found together</a></li>',
        '<li><a href="#documents">Documents</a><ul>',
    ]
    for doc in analysed:
        parts.append(f'<li><a href="#{_anchor("doc", doc.path)}">{e(doc.path)}</a></li>')
    parts.append("</ul></li>")
    if corpus.errors:
        parts.append('<li><a href="#errors">Files that could not be analysed</a></li>')
    parts.append("</ul></nav>")

    # Prevalence: chart and table.
    parts += [
        '<section aria-labelledby="prevalence"><h2 id="prevalence">Prevalence of themes</h2>',
        _chart(prevalence, n),
        "<table><caption>Documents in which each theme was found</caption>",
        '<thead><tr><th scope="col">Theme</th><th scope="col" class="num">Documents</th>'
        '<th scope="col" class="num">Percentage</th></tr></thead><tbody>',
    ]
    for row in prevalence:
        parts.append(
            f'<tr><th scope="row">{e(row["name"])} <span class="meta">({e(row["id"])})</span>'
            f'</th><td class="num">{row["documents"]}</td>'
            f'<td class="num">{row["percent"]:.1f}%</td></tr>'
        )
    parts.append("</tbody></table></section>")

    # Toxic trio.
    trio = corpus.toxic_trio
    parts += [
        '<section aria-labelledby="toxic-trio"><h2 id="toxic-trio">Toxic trio</h2>',
        f'<p class="trio"><strong>{trio}</strong> of {n} documents '
        f"({corpus.percent(trio):.1f}%) cover domestic abuse, parental mental health and "
        "parental substance misuse together.</p></section>",
    ]

    # Co-occurrence matrix.
    parts += [
        '<section aria-labelledby="cooccurrence"><h2 id="cooccurrence">Themes found together</h2>',
        "<p>Each cell is the number of documents in which both themes were found; the "
        "diagonal is the number of documents with the theme.</p>",
        '<div style="overflow-x:auto"><table class="matrix">',
        "<caption>Co-occurrence of themes (number of documents)</caption>",
        "<thead><tr><td></td>",
    ]
    for tid in ids:
        parts.append(f'<th scope="col"><abbr title="{e(names[tid])}">{e(tid)}</abbr></th>')
    parts.append("</tr></thead><tbody>")
    for i, tid in enumerate(ids):
        cells = "".join(f'<td class="num">{corpus.matrix[i][j]}</td>' for j in range(len(ids)))
        parts.append(f'<tr><th scope="row">{e(names[tid])}</th>{cells}</tr>')
    parts.append("</tbody></table></div></section>")

    # Each document.
    parts.append('<section aria-labelledby="documents"><h2 id="documents">Documents</h2>')
    for doc in analysed:
        anchor = _anchor("doc", doc.path)
        parts.append(f'<article aria-labelledby="{anchor}"><h3 id="{anchor}">{e(doc.path)}</h3>')
        trio_note = "; toxic trio present" if doc.toxic_trio else ""
        parts.append(
            f'<p class="meta">{e(doc.kind or "")}, {doc.pages} page(s), '
            f"{len(doc.themes)} theme(s){trio_note}.</p>"
        )
        if not doc.themes:
            parts.append("<p>No themes found.</p></article>")
            continue
        parts.append("<ul>")
        for theme in doc.themes:
            tanchor = _anchor("ev", doc.path + "\x00" + theme["id"])
            parts.append(
                f'<li><a href="#{tanchor}">{e(theme["name"])}</a> '
                f'<span class="meta">score {float(theme["score"]):.2f}, '
                f"{len(theme['evidence'])} quotation(s)</span></li>"
            )
        parts.append("</ul>")
        for theme in doc.themes:
            tanchor = _anchor("ev", doc.path + "\x00" + theme["id"])
            parts.append(f'<h4 id="{tanchor}">{e(theme["name"])}: evidence</h4>')
            for ev in theme["evidence"]:
                where = f"characters {ev['start']}&ndash;{ev['end']}"
                if ev.get("section"):
                    where = f"{e(str(ev['section']))}, {where}"
                parts.append(
                    f'<blockquote><p>{e(ev["text"])}</p></blockquote><p class="meta">{where}</p>'
                )
        parts.append(
            f'<p><a href="#{anchor}">Back to the start of this document</a> · '
            '<a href="#toc-title">Contents</a></p></article>'
        )
    parts.append("</section>")

    if corpus.errors:
        parts += [
            '<section aria-labelledby="errors"><h2 id="errors">Files that could not be '
            "analysed</h2><ul>",
            *[f'<li class="error">{e(doc.error or "")}</li>' for doc in corpus.errors],
            "</ul></section>",
        ]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)
