"""Tag a text with the themes of a framework: calibrated scores, presence and evidence.

The work per document is one pass of the C scan (`_scan.c`: phrases, negation near cues,
clusters, strengths), which hands back per theme its clusters. `coverage` weighs each cluster by
where it stands (section, sentence or fragment, boilerplate) and turns a theme's features into
a calibrated probability that the text is *about* the theme, not only mentions it. `subject`
says whom the text is about; children's themes are not given to adult reviews or domestic
homicide reviews. Sentences are located only for the clusters quoted as evidence.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from casereviews.analysis.coverage import (
    BODY,
    FINDING_MARKERS,
    KIND_WEIGHT,
    LEARNING,
    MARKERS,
    PROCESS_MARKERS,
    Context,
    Features,
    HitContext,
    default_model,
    features_of,
    finding_starts,
)
from casereviews.analysis.matcher import Matcher, scan_engine
from casereviews.analysis.paraphrase import apply_rules, rules_of
from casereviews.analysis.segment import Section, SentenceLocator, find_sections, is_quotable
from casereviews.analysis.subject import ADULT, DHR, PERSON_VERBS, about_an_adult, detect_subject
from casereviews.analysis.taxonomy import TOXIC_TRIO, Taxonomy, default_taxonomy
from casereviews.analysis.textnorm import python_scan_asked

PRESENCE_THRESHOLD = 0.5  # the default; the shipped model says its own (data/coverage.json)
RATE = 0.8  # score_of: the old mention score, 1 - exp(-RATE * strength), kept for callers
MAX_EVIDENCE = 5
DHR_DOMESTIC_ABUSE = 0.9
DHR_PEOPLE = frozenset({"victim", "victims", "perpetrator", "perpetrators"})
_FAILED = re.compile(
    r"\b(?:not|no|never|nobody|none|without|fail\w*|lack\w*|missed|poor\w*|insufficient|"
    r"inadequate|unaware|overlooked|delay\w*|didn't|wasn't|weren't)\b"
)
SAMPLE = 64  # clusters per theme judged in context; more are sampled evenly
PAGE_BREAK = "\f"  # the readers join a PDF's pages with a form feed
_PAGE_BREAKS = re.compile(PAGE_BREAK)


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int
    section: str | None
    phrase: str  # the framework phrase that fired (the strongest in this sentence)
    page: int | None = None  # 1-based page of a PDF (None for other documents)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": self.section,
            "page": self.page,
        }


@dataclass(frozen=True)
class Why:
    """Why a theme scored as it did: the indicators that counted, where they stand, how many
    hits stated a practice problem, and what did not count."""

    indicators: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    mentions: int = 0  # clusters of hits that count
    ignored: int = 0  # clusters in contents, references, boilerplate
    problems: int = 0
    reason: str = ""  # set when the theme was ruled out whatever its hits

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "indicators": list(self.indicators[:8]),
            "sections": list(self.sections[:5]),
            "mentions": self.mentions,
            "ignored_mentions": self.ignored,
            "practice_problems": self.problems,
        }
        if self.reason:
            d["reason"] = self.reason
        return d


@dataclass(frozen=True)
class ThemeResult:
    id: str
    name: str
    score: float
    present: bool
    evidence: list[Evidence] = field(default_factory=list)
    maps_to: str | None = None  # the default-framework theme this counts as
    why: Why = field(default_factory=Why)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "score": round(self.score, 4),
            "why": self.why.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class TagResult:
    themes: list[ThemeResult]  # all themes, score descending then id
    toxic_trio: bool
    subject: str = "none"  # child, adult, domestic-homicide or none (subject.py)

    def present(self) -> list[ThemeResult]:
        return [t for t in self.themes if t.present]

    def present_ids(self) -> list[str]:
        return [t.id for t in self.themes if t.present]

    def get(self, theme_id: str) -> ThemeResult:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def to_dict(self, all_themes: bool = False) -> dict[str, Any]:
        chosen = self.themes if all_themes else self.present()
        return {
            "subject": self.subject,
            "themes": [t.to_dict() for t in chosen],
            "toxic_trio": self.toxic_trio,
        }


def matcher_for(taxonomy: Taxonomy) -> Matcher:
    """The compiled automaton of a framework, built once per scan engine and cached on it."""
    engine = scan_engine()
    key = f"matcher:{engine.__module__}"
    m = taxonomy._cache.get(key)
    if m is None:
        m = taxonomy._cache[key] = Matcher(taxonomy, engine, MARKERS)
    return m


def score_of(strength: float) -> float:
    """The mention score of a total strength (before coverage was judged)."""
    return 1.0 - math.exp(-RATE * strength)


_MISS, _START, _FIRST_END, _END, _BEST, _PHRASE = range(6)  # a Cluster's fields


def _children_only(taxonomy: Taxonomy) -> list[bool]:
    key = "children_only"
    cached = taxonomy._cache.get(key)
    if cached is None:
        defaults = {t.id: t.children_only for t in default_taxonomy().themes}
        cached = taxonomy._cache[key] = [
            t.children_only or defaults.get(t.maps_to or "", False) for t in taxonomy.themes
        ]
    return cached


def _weak_phrases(taxonomy: Taxonomy) -> list[frozenset[str]]:
    cached = taxonomy._cache.get("weak")
    if cached is None:
        cached = taxonomy._cache["weak"] = [frozenset(t.weak) for t in taxonomy.themes]
    return cached


def _in_finding(ctx: Context, findings: list[int], h: HitContext) -> HitContext:
    """A hit outside a learning section whose sentence opens with a stated finding or lesson
    ("The review found that ...", "Learning: ...") counts as if it stood in a findings section."""
    if h.weight <= 0 or h.kind != BODY or h.fragment:
        return h
    a, _ = ctx.sentence_bounds(h.start, h.first_end)
    k = bisect_right(findings, h.start) - 1
    if k < 0 or findings[k] < a - 2:
        return h
    return h._replace(weight=h.strength * KIND_WEIGHT[LEARNING], kind=LEARNING)


def _clause(text: str, at: int) -> str:
    """The clause around `at`: from the last ". ", "; " or line break before it to the next."""
    a = max(text.rfind(". ", 0, at), text.rfind("; ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = (text.find(". ", at), text.find("; ", at), text.find("\n", at))
    return text[a : min([x for x in ends if x >= 0] or [len(text)])]


def names_it(counting: list[HitContext], weak: frozenset[str], text: str = "") -> bool:
    """Whether one of the theme's strong phrases (not only its weak words) counts where a lesson
    stands or in a sentence that says what failed (ADR 0051): naming it in a sentence about what
    a DHR is for ("lessons ... to improve the response to domestic abuse") is not."""
    for h in counting:
        if h.weight <= 0 or h.phrase in weak or not h.problem:
            continue
        if h.kind == LEARNING or _FAILED.search(_clause(text, h.start).lower()):
            return True
    return False


# A sentence that reports what the review learned from its sources ("the IMR identified that
# ...", "practitioners at the learning event said ...", "themes that emerge from DHRs"; ADR 0053)
# is a finding, whatever it names.
_REPORTS = re.compile(
    r"\b(?:found|finds|identified|identifies|highlighted|highlights|showed|shows|said|says|told|"
    r"described|describes|reported|felt|concluded|noted|recogni[sz]ed|explained|acknowledged|"
    r"emerge|emerges|emerged|emerging)\b"
)  # searched in the lowercased sentence (four times faster than re.IGNORECASE)


def _reports_a_source(text: str, s: int, e: int) -> bool:
    """Whether the sentence text[s:e] reports what a source told the review."""
    return _REPORTS.search(text[s:e].lower()) is not None


try:  # _in_process for every theme in one call of C (the Python below is its specification)
    from casereviews.analysis._scan import in_process as _c_in_process
except ImportError:
    _c_in_process = None


def _process_lines(text: str, process: list[int]) -> list[tuple[int, int]]:
    """The lines with a REVIEW_PROCESS word in them, as (start, end), ascending, each once."""
    out: list[tuple[int, int]] = []
    for m in process:
        if out and m < out[-1][1]:
            continue  # in the line already found
        a = text.rfind("\n", 0, m) + 1
        b = text.find("\n", m)
        out.append((a, len(text) if b < 0 else b))
    return out


def _in_process(
    ctx: Context,
    process: list[int],
    starts: list[int],
    lines: list[tuple[int, int]],
    findings: list[int],
    hits: list[HitContext],
    reporting: dict[tuple[int, int], bool],
) -> list[HitContext]:
    """`hits`, with each that tells how the review was done made to count for nothing: its
    line or its sentence has a REVIEW_PROCESS word (at `process`) in it. A line is a whole
    paragraph in HTML, Markdown or Word ("The review was delayed by criminal proceedings.
    Information was shared with the panel ..."), a part of one in a PDF.
    A sentence that opens a finding ("The review found that ...") or reports what a source told
    the review ("the IMR identified ...", "practitioners said ...") still counts. `lines` (which
    begin at `starts`) are the lines with a process word; `reporting` caches, by sentence,
    whether it reports a source. One loop per theme: a long report has a thousand hits."""
    text = ctx.text
    window = ctx.WINDOW  # a sentence reaches no further than this from the hit
    out = hits
    for j, h in enumerate(hits):
        if h.weight <= 0:
            continue
        k = bisect_right(starts, h.start) - 1
        if k < 0 or h.start >= lines[k][1]:  # not on a line with the word: in its sentence?
            i = bisect_left(process, h.start - window)
            if i == len(process) or process[i] >= h.first_end + window:
                continue  # no word near enough to share its sentence (the usual case)
            s, e = ctx.sentence_bounds(h.start, h.first_end)
            i = bisect_left(process, s)
            if i == len(process) or process[i] >= e:
                continue
        else:
            s, e = ctx.sentence_bounds(h.start, h.first_end)
        k = bisect_right(findings, h.start) - 1
        if k >= 0 and findings[k] >= s - 2:
            continue
        reports = reporting.get((s, e))
        if reports is None:  # the same sentence holds hits of several themes
            reports = reporting[s, e] = _reports_a_source(text, s, e)
        if reports:
            continue
        if out is hits:
            out = list(hits)
        out[j] = h._replace(weight=0.0, problem=False)
    return out


def _themes_of(taxonomy: Taxonomy, default_id: str) -> list[int]:
    """The themes that are `default_id` or a local theme mapped to it: Fathers and men, whose
    weak words ("partner", "dad") are the learning when the sentence says that man was not seen
    or spoken to; Voice of the child, whose "not seen" phrases count only when the one not seen
    is a child. Kept on the taxonomy: asked for every hit."""
    key = f"themes_of:{default_id}"
    cached = taxonomy._cache.get(key)
    if cached is None:
        cached = taxonomy._cache[key] = [
            i for i, t in enumerate(taxonomy.themes) if t.default_id == default_id
        ]
    return cached


def _man_not_seen(ctx: Context, h: HitContext) -> HitContext:
    """A weak hit ("the mother's partner", "dad") in a sentence that states a problem and says
    someone was not seen, spoken to, heard or asked counts as a strong one: the man left out of
    the work is the theme (eval/LABELLING.md), not a family member named in passing."""
    if h.weight <= 0 or h.strength >= 1.0 or not h.problem:
        return h
    a, b = ctx.sentence_bounds(h.start, h.first_end)
    if not PERSON_VERBS.search(ctx.text[a:b].lower()):
        return h
    return h._replace(strength=1.0, weight=h.weight / h.strength)


def _not_about_an_adult(text: str, h: HitContext) -> HitContext:
    """The hit, or the hit made to count for nothing when its phrase says someone was not
    seen, spoken to or heard and that someone is an adult ("Fathers were not seen")."""
    if h.weight <= 0 or not PERSON_VERBS.search(h.phrase) or "child" in h.phrase:
        return h
    if about_an_adult(text, h.start, h.first_end):
        return h._replace(weight=0.0, problem=False)
    return h


try:  # text.count(" ") + text.count("\n") in one pass of C
    from casereviews.analysis._scan import count_words as _c_count_words
except ImportError:
    _c_count_words = None


def _spaces(text: str) -> int:
    """How many spaces and line breaks `text` has."""
    if _c_count_words is not None:
        return _c_count_words(text)
    return text.count(" ") + text.count("\n")


@dataclass
class Analysis:
    """A text's hits in context and each theme's features: what scoring and evidence use."""

    text: str
    sections: list[Section]
    subject: str
    words: int
    hits: list[list[HitContext]]
    features: list[Features]


def analyse_text(
    text: str,
    taxonomy: Taxonomy | None = None,
    *,
    sections: list[Section] | None = None,
    subject: str | None = None,
) -> Analysis:
    """Scan `text` and put every cluster of hits in its context (no scoring yet)."""
    tax = taxonomy or default_taxonomy()
    if sections is None:
        sections = find_sections(text)
    matcher = matcher_for(tax)
    phrases = matcher.phrases
    clusters, counts = matcher.sample(text, SAMPLE, places=True)
    n = len(tax.themes)
    markers = [sorted(starts) for starts, _ in clusters[n:]]  # in text order already, nearly
    ctx = Context(text, sections, markers)
    words = _spaces(text) + 1  # about the number of words, quickly
    weak = _weak_phrases(tax)
    # A long report is judged on an even sample of SAMPLE clusters per theme, taken by the
    # scan (the list is strongest first, then earliest, so the sample keeps the strongest
    # and spans the text); its strength is scaled by how many clusters each one stands for.
    hits = ctx.hits(clusters[:n], phrases)
    for i in _themes_of(tax, "voice-of-child"):
        hits[i] = [_not_about_an_adult(text, h) for h in hits[i]]
    findings = finding_starts(text, list(zip(*clusters[n + FINDING_MARKERS], strict=True)))
    if findings:  # "The review found that ...", "Learning: ..." written inline in a paragraph
        hits = [[_in_finding(ctx, findings, h) for h in lst] for lst in hits]
    for i in _themes_of(tax, "fathers-men"):
        hits[i] = [_man_not_seen(ctx, h) for h in hits[i]]
    subject = subject or detect_subject(text)
    if subject == DHR:  # its "victim" and "perpetrator" name its people, not learning (ADR 0051)
        for i in _themes_of(tax, "domestic-abuse"):
            hits[i] = [h._replace(weight=0.0) if h.phrase in DHR_PEOPLE else h for h in hits[i]]
    for i, rules in rules_of(tax):  # learning said in other words (paraphrase.py)
        hits[i] = apply_rules(ctx, rules, hits[i])
    process = markers[PROCESS_MARKERS]
    if process:  # a sentence or paragraph about how the review was done
        lines = _process_lines(text, process)
        starts = [a for a, _ in lines]
        if _c_in_process is not None and not python_scan_asked():
            ends = [b for _, b in lines]
            reports = partial(_reports_a_source, text)
            hits = _c_in_process(text, hits, process, starts, ends, findings, reports, ctx.WINDOW)
        else:
            reporting: dict[tuple[int, int], bool] = {}  # by sentence, shared by the themes
            hits = [
                _in_process(ctx, process, starts, lines, findings, lst, reporting) for lst in hits
            ]
    features: list[Features] = []
    for i, theme_hits in enumerate(hits):
        scale = counts[i] / SAMPLE if counts[i] > SAMPLE else 1.0
        features.append(features_of(theme_hits, words, weak[i], scale))
    return Analysis(text, sections, subject, words, hits, features)


def tag_text(
    text: str,
    taxonomy: Taxonomy | None = None,
    *,
    sections: list[Section] | None = None,
    max_evidence: int = MAX_EVIDENCE,
    subject: str | None = None,
) -> TagResult:
    """Themes of `text` with their evidence. Deterministic.

    `sections` lets a reader that already knows the document's headings pass them (offsets
    into `text`); otherwise headings are found here. `subject` overrides the detected one.
    """
    tax = taxonomy or default_taxonomy()
    a = analyse_text(text, tax, sections=sections, subject=subject)
    model = default_model()
    weak = _weak_phrases(tax)
    adultish = a.subject in (ADULT, DHR)
    children_only = _children_only(tax)
    scores: list[float] = []
    whys: list[Why] = []
    for i, f in enumerate(a.features):
        hits = a.hits[i]
        counting = [h for h in hits if h.weight > 0]
        reason = ""
        score = model.probability(f, tax.themes[i].default_id)
        if (
            a.subject == DHR
            and tax.themes[i].default_id == "domestic-abuse"
            and names_it(counting, weak[i], a.text)
        ):
            # a domestic homicide review's learning is about domestic abuse almost always
            # (the labelling guide): its own words are enough when they name it ("coercive
            # control", "domestic abuse") in learning or where something failed; "victim" or
            # "violence" alone, or what a DHR is for, does not (ADR 0051)
            score = max(score, DHR_DOMESTIC_ABUSE)
        if adultish and children_only[i] and counting:
            about = "an adult" if a.subject == ADULT else "a domestic homicide"
            reason = f"a children's theme; the text is about {about}"
            score = 0.0
        scores.append(score)
        whys.append(
            Why(
                f.indicators,
                f.sections,
                len(counting),
                len(hits) - len(counting),
                sum(1 for h in counting if h.problem),
                reason,
            )
        )
    order = sorted(range(len(tax.themes)), key=lambda i: (-scores[i], tax.themes[i].id))
    evidence = _evidence(a, order, scores, max_evidence, model.threshold)
    results = []
    for i in order:
        theme = tax.themes[i]
        results.append(
            ThemeResult(
                theme.id,
                theme.name,
                scores[i],
                scores[i] >= model.threshold,
                evidence[i],
                theme.default_id,
                whys[i],
            )
        )
    present_default = {r.maps_to for r in results if r.present}
    trio = all(t in present_default for t in TOXIC_TRIO)
    return TagResult(results, trio, a.subject)


def _quality(h: HitContext) -> float:
    """How good a quotation the hit's sentence is likely to be."""
    return h.weight * (1.5 if h.problem else 1.0) + (0.3 if h.kind == "learning" else 0.0)


def _evidence(
    a: Analysis, order: list[int], scores: list[float], cap: int, threshold: float
) -> list[list[Evidence]]:
    """The best sentences per theme, best first: whole sentences only (never a heading, a
    list title, a contents or reference line), one per sentence; a sentence already quoted
    for a higher-scoring theme comes after the theme's own sentences."""
    text = a.text
    out: list[list[Evidence]] = [[] for _ in a.hits]
    wanted: dict[int, list[HitContext]] = {}
    for i in order:
        cands = [h for h in a.hits[i] if h.weight > 0 and not h.fragment]
        cands.sort(key=lambda h: (-_quality(h), h.start))
        limit = (cap * 2) if cap else len(cands)
        if cands[:limit]:
            wanted[i] = cands[:limit]
    if not wanted:
        return out
    locator = SentenceLocator(text, a.sections)
    positions = sorted({(h.start, h.first_end) for hs in wanted.values() for h in hs})
    spans = {key: locator.locate(*key) for key in positions}
    breaks = [m.start() for m in _PAGE_BREAKS.finditer(text)] if PAGE_BREAK in text else []
    used: dict[tuple[int, int], int] = {}  # sentence -> themes already quoting it
    for i in order:
        hs = wanted.get(i)
        if not hs:
            continue
        seen: set[tuple[int, int]] = set()
        own: list[tuple[int, int, float, Evidence]] = []
        for rank, h in enumerate(hs):
            span = spans[(h.start, h.first_end)]
            key = (span.start, span.end)
            if key in seen or not is_quotable(text[span.start : span.end]):
                continue
            seen.add(key)
            page = bisect_right(breaks, span.start) + 1 if breaks else None
            ev = Evidence(
                text[span.start : span.end], span.start, span.end, span.section, h.phrase, page
            )
            own.append((used.get(key, 0), rank, 0.0, ev))
        own.sort(key=lambda t: (t[0], t[1]))
        chosen = own[:cap] if cap else own
        out[i] = [t[3] for t in chosen]
        if scores[i] >= threshold:
            for e in out[i]:
                used[(e.start, e.end)] = used.get((e.start, e.end), 0) + 1
    return out


def tag_document(
    document: Any, taxonomy: Taxonomy | None = None, *, max_evidence: int = MAX_EVIDENCE
) -> TagResult:
    """`tag_text` on a `readers.Document`, with the sections its format gives (Markdown, HTML
    and Word headings, a PDF's outline); its evidence has page numbers when it is a PDF."""
    sections = list(document.sections) if getattr(document, "sections", None) else None
    return tag_text(document.text, taxonomy, sections=sections, max_evidence=max_evidence)
