"""The HTML report: self-contained, accessible structure, and everything from documents escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from casereviews.analysis.corpus import CorpusResult, DocumentResult
from casereviews.analysis.report_html import render_html

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"
CATALOGUE = [
    ("domestic-abuse", "Domestic abuse"),
    ("parental-mental-health", "Parental mental health and learning disability"),
    ("substance-misuse", "Parental substance misuse"),
    ("fathers-men", "Fathers and <male> carers"),
]


def _theme(tid: str, name: str, text: str) -> dict:
    return {
        "id": tid,
        "name": name,
        "score": 0.9,
        "evidence": [{"text": text, "start": 0, "end": len(text), "section": "Findings"}],
    }


def _corpus() -> CorpusResult:
    docs = [
        DocumentResult(
            path=f"reviews/{HOSTILE}.txt",
            kind="text",
            pages=1,
            chars=100,
            toxic_trio=True,
            themes=[
                _theme("domestic-abuse", "Domestic abuse", f"Abuse {HOSTILE} & more"),
                _theme("parental-mental-health", CATALOGUE[1][1], "Depression."),
                _theme("substance-misuse", CATALOGUE[2][1], "Alcohol."),
            ],
        ),
        DocumentResult(
            path="reviews/b.pdf",
            kind="pdf",
            pages=12,
            chars=50,
            themes=[_theme("fathers-men", CATALOGUE[3][1], 'The father "was" absent')],
        ),
        DocumentResult(
            path="reviews/c.pdf", error=f"reviews/c.pdf is password-protected {HOSTILE}"
        ),
    ]
    return CorpusResult(documents=docs, catalogue=CATALOGUE)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def _parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def test_hostile_strings_are_escaped():
    html = render_html(_corpus())
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "Abuse &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Fathers and &lt;male&gt; carers" in html
    assert "&quot;was&quot;" in html
    tags = {t for t, _ in _parse(html).tags}
    assert "script" not in tags and "img" not in tags


def test_structure_is_accessible_and_self_contained():
    html = render_html(_corpus())
    c = _parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "en-GB"}) in c.tags
    assert sum(1 for t, _ in c.tags if t == "h1") == 1
    assert sum(1 for t, _ in c.tags if t == "caption") >= 2
    scopes = {a.get("scope") for t, a in c.tags if t == "th"}
    assert {"col", "row"} <= scopes
    svg = [a for t, a in c.tags if t == "svg"]
    assert svg and svg[0].get("role") == "img"
    # No external assets: no stylesheet links, scripts or remote sources.
    assert not [t for t, a in c.tags if t in ("link", "script", "iframe")]
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html


def test_every_link_has_a_target_and_ids_are_unique():
    c = _parse(render_html(_corpus()))
    assert len(c.ids) == len(set(c.ids))
    internal = [h[1:] for h in c.hrefs if h.startswith("#")]
    assert internal and set(internal) <= set(c.ids)
    assert all(h.startswith("#") for h in c.hrefs)


def test_contents_link_to_each_document_and_theme_to_its_evidence():
    html = render_html(_corpus())
    c = _parse(html)
    doc_headings = [a["id"] for t, a in c.tags if t == "h3"]
    assert len(doc_headings) == 2  # the two analysed documents, not the failed one
    assert {f"#{i}" for i in doc_headings} <= set(c.hrefs)
    evidence_headings = [a["id"] for t, a in c.tags if t == "h4"]
    assert len(evidence_headings) == 4
    assert {f"#{i}" for i in evidence_headings} <= set(c.hrefs)


def test_figures_prevalence_cooccurrence_toxic_trio_and_errors():
    corpus = _corpus()
    html = render_html(corpus)
    assert "2 documents analysed (13 pages); 1 could not be analysed." in html
    assert "<strong>1</strong> of 2 documents (50.0%)" in html
    assert "password-protected" in html
    # Co-occurrence diagonal and one pair.
    assert corpus.matrix[0][0] == 1 and corpus.matrix[0][1] == 1 and corpus.matrix[0][3] == 0
    assert corpus.prevalence()[0] == {
        "id": "domestic-abuse",
        "name": "Domestic abuse",
        "documents": 1,
        "percent": 50.0,
    }


def test_empty_corpus_renders():
    html = render_html(CorpusResult(documents=[], catalogue=CATALOGUE))
    assert "0 documents analysed" in html


def _titled_corpus() -> CorpusResult:
    theme = _theme("domestic-abuse", "Domestic abuse", "Coercive control was not recognised.")
    theme["evidence"][0]["page"] = 3
    theme["why"] = {
        "indicators": ["coercive control", "domestic abuse"],
        "sections": ["Findings"],
        "mentions": 4,
        "ignored_mentions": 1,
        "practice_problems": 2,
    }
    docs = [
        DocumentResult(
            path="reviews/2024/csp-child-a-final.pdf",
            title="Child Safeguarding Practice Review: Child A",
            kind="pdf",
            pages=20,
            chars=900,
            themes=[theme],
            toxic_trio=False,
        ),
        DocumentResult(path="reviews/b.txt", kind="text", pages=1, chars=10, themes=[]),
    ]
    return CorpusResult(documents=docs, catalogue=CATALOGUE)


def test_documents_are_named_by_their_title_not_their_path():
    c = _parse(html := render_html(_titled_corpus()))
    assert ">Child Safeguarding Practice Review: Child A</h3>" in html
    assert ">b.txt</h3>" in html  # no title: the file name
    assert ">Child Safeguarding Practice Review: Child A</a></li>" in html  # in the contents
    assert len(c.ids) == len(set(c.ids))


def test_overview_grid_gives_each_documents_scores_linked_to_the_evidence():
    html = render_html(_titled_corpus())
    grid = html[html.index('<table class="grid">') : html.index("</table>", html.index("grid"))]
    rows = grid.split("<tr>")[2:]
    assert len(rows) == 2  # one row per analysed document
    assert "Child Safeguarding Practice Review: Child A" in rows[0]
    assert ">0.90</a></td>" in rows[0] and 'class="s4"' in rows[0]
    assert rows[1].count("<td></td>") == len(CATALOGUE)  # nothing found: empty cells
    c = _parse(html)
    linked = [h[1:] for h in c.hrefs if h.startswith("#ev-")]
    assert linked and set(linked) <= set(c.ids)


def test_quotations_give_their_page_and_section_and_why_the_score():
    html = render_html(_titled_corpus())
    assert "page 3, Findings, characters 0&ndash;36" in html
    assert (
        "Why: indicators: coercive control, domestic abuse; in Findings; 4 mention(s) counted"
        in html
    )
    assert "1 not counted (contents, references, boilerplate)" in html
    assert "2 practice problem(s) stated" in html


def test_cooccurrence_cells_are_shaded_by_their_share_of_the_documents():
    html = render_html(_corpus())
    matrix = html[html.index('<table class="matrix">') :]
    assert '<td class="num s3">1</td>' in matrix  # 1 of 2 documents: 50%
    assert '<td class="num s0">0</td>' in matrix
    assert "Share of the documents" in html  # the legend says what the shades mean
