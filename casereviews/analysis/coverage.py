"""Covers, not mentions: whether a text is about a theme, judged from all of its hits.

The scan gives each theme its clusters of hits. Each cluster is weighed by where it stands:
the kind of section (findings, learning and recommendations count more; contents, glossary,
references, footers not at all), whether its line is a real sentence or a fragment (a heading, a
menu item, a list title), and whether it lies in statutory or site boilerplate. A theme's
features are then its weighted strength, the number of distinct indicators, the practice
problems stated next to them ("was not referred", "no strategy discussion"), its strength in the
learning sections and the length of the document; a logistic model turns them into a calibrated
probability. Its coefficients are data (`data/coverage.json`), fitted on the development sets by
`python -m casereviews.analysis.calibrate`; nothing is downloaded or trained at run time.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from casereviews.analysis.segment import Section
from casereviews.analysis.textnorm import python_scan_asked

try:  # the C scan's `weigh`: Context.hit for every cluster of a text in one call
    from casereviews.analysis._scan import weigh as _c_weigh
except ImportError:  # not built: the Python below is the reference and does the same
    _c_weigh = None

LEARNING, BODY, PROCESS, IGNORE = "learning", "body", "process", "ignore"
KIND_WEIGHT = {LEARNING: 2.0, BODY: 1.0, PROCESS: 0.4, IGNORE: 0.0}
FRAGMENT_WEIGHT = {LEARNING: 0.7, BODY: 0.3, PROCESS: 0.15, IGNORE: 0.0}

_LEARNING_TITLE = re.compile(
    r"finding|learning|lesson|recommend|key (?:message|point|issue|theme)|what we|"
    r"practice (?:issue|point|learning)|analysis|appraisal|conclusion|good practice|"
    r"why it matters|what to do|what (?:should|can) (?:you|practitioners)|questions|reflect|"
    r"things to (?:note|consider)|what has changed|next steps|outcomes|voice of the child|"
    r"themes|issues (?:for|identified)|improv|implications for practice|messages for"
)
_IGNORE_TITLE = re.compile(
    r"^contents|table of contents|glossary|reference|bibliograph|further reading|useful links|"
    r"related (?:pages|content|links|resources)|cookie|footer|navigation|^menu|site map|sitemap|"
    r"contact us|acknowledg|abbreviation|appendix|appendices|index$|privacy|accessibility|"
    r"share this|follow us|sign up|subscribe|^search|^home$|vacanc|jobs|about us|"
    r"distribution list|document control|version control"
)
_PROCESS_TITLE = re.compile(
    r"introduction|methodology|method|terms of reference|scope|purpose of (?:the|this) review|"
    r"the review process|review process|why the review|^why (?:was )?this review|"
    r"criteria|statutory|legal framework|governance|panel membership|the panel|"
    r"independent (?:reviewer|author|chair)|involvement of the family|family involvement|"
    r"parallel processes|timescales|publication"
)


@lru_cache(maxsize=512)
def section_kind(title: str | None) -> str:
    """How much a section's hits count: `learning`, `body`, `process` (the review's own
    process: introduction, method, criteria) or `ignore` (contents, glossary, references...)."""
    if not title:
        return BODY
    t = " ".join(title.lower().split())
    if _IGNORE_TITLE.search(t):
        return IGNORE
    if _LEARNING_TITLE.search(t):
        return LEARNING
    if _PROCESS_TITLE.search(t):
        return PROCESS
    return BODY


# Words found by the same scan as the themes' phrases (`Matcher(markers=...)`), so that judging
# a hit's line costs a lookup, not a regex. Each is one word or a phrase no theme's phrase
# starts inside (see Matcher).
# Site furniture and statutory boilerplate: a line with one of these does not count.
BOILERPLATE = (
    "if you are worried",
    "if you are concerned",
    "if you're worried",
    "nspcc helpline",
    "helpline",
    "0808",
    "0800",
    "cookies",
    "cookie",
    "privacy notice",
    "privacy policy",
    "all rights reserved",
    "copyright",
    "skip to content",
    "skip to main content",
    "registered charity",
    "sign up",
    "subscribe",
    "follow us",
    "back to top",
    "scroll to top",
    "you are here",
    "accessibility statement",
    "known or suspected",
    "died or been seriously harmed",
    "died or has been seriously harmed",
    "dies or is seriously harmed",
    "death or serious harm",
    "serious harm includes",
    "care and support needs",
    "working together to safeguard",
    "statutory guidance",
    "the criteria for",
    "meets the criteria",
    "meet the criteria",
    "or appears to have",  # the statutory definition of a DHR ("has, or appears to have, ...")
    "victims act",  # the Domestic Violence, Crime and Victims Act: a DHR's statutory basis
    "must notify",
    "must be notified",
    "should be notified",
    # a site's emergency footer and exit button ("If someone is in immediate danger call 999")
    "999",
    "childline",
    "quick exit",
    "immediate danger",
)
# The review's own process, described in a sentence of a summary or report rather than under a
# methodology heading (eval/LABELLING.md: "as the review's own process"): its terms of reference,
# the agencies' management reviews, the learning event, the review subgroup, the names changed
# for anonymity, the inquest or criminal proceedings that held it up. A sentence about how the
# review was done is not a finding about practice, so its hits count for nothing, as statutory
# wording does. Each is one word or a phrase inside which no theme's phrase starts (the scan's
# rule for markers); what a review found is stated in other sentences.
REVIEW_PROCESS = (
    "terms of reference",
    "pseudonym",
    "pseudonyms",
    "anonymised",
    "anonymized",
    "real names",
    "imr",
    "imrs",
    "management reviews",
    "learning event",
    "practitioner event",
    "practitioners event",
    "subgroup",
    "inquest",
    "criminal proceedings",
    # what a domestic homicide review is and is for (ADR 0051); "the DHR found ..." is a finding
    "domestic homicide review",
    "domestic homicide reviews",
    "dhr",
    "dhrs",
)
# The marks of a citation; a line with one of them and a year is a reference.
CITATION = (
    "available at",
    "available from",
    "http",
    "https",
    "www",
    "doi",
    "isbn",
    "journal",
    "retrieved",
    "hmso",
    "dfe",
    "ofsted report",
    "pp",
    "vol",
    "eds",
    "et al",
)
YEARS = tuple(str(y) for y in range(1960, 2041))
# A practice problem or a lesson stated in the hit's sentence.
PROBLEM = (
    "not",
    "no",
    "never",
    "nobody",
    "none",
    "without",
    "failed",
    "failure",
    "fail",
    "lack",
    "lacked",
    "lacking",
    "missed",
    "insufficient",
    "inadequate",
    "limited",
    "poor",
    "poorly",
    "weak",
    "delay",
    "delays",
    "delayed",
    "gap",
    "gaps",
    "unaware",
    "overlooked",
    "unclear",
    "confusion",
    "inconsistent",
    "assumed",
    "opportunity",
    "opportunities",
    "learning",
    "lesson",
    "lessons",
    "must",
    "should",
    "recommend*",
    "improv*",
    "ensure",
    "important",
    "importance",
    "didn't",
    "wasn't",
    "weren't",
    "nor",
    "despite",
    "although",
)
# A sentence that states a finding or a lesson inline, in a summary's paragraph: "The review
# found that ...", "Learning: ..." (checked in the text by `finding_starts`).
FINDING = (
    *(
        f"{who} {verb}"
        for who in ("review", "reviews", "panel", "sar", "dhr", "audit")
        for verb in ("found", "finds", "identified", "concluded", "highlighted", "showed")
    ),
    "learning",
    "key learning",
    "lesson",
    "lessons",
    "finding",
    "findings",
    "key messages",
    "key message",
    "learning points",
    "learning point",
)
MARKERS = (BOILERPLATE, CITATION, YEARS, PROBLEM, FINDING, REVIEW_PROCESS)
_BOILER, _CITE, _YEAR, _PROBLEM_M, FINDING_MARKERS, PROCESS_MARKERS = range(6)
_BEFORE_SENTENCE = "\n.!?:;>*\u2022-"
_FINDING_WHO = re.compile(
    r"\b(?:reviews?|panel|sar|dhr|audit)[ \t]+(?:found|finds|identified|concluded|highlighted|"
    r"showed)\b",
    re.IGNORECASE,
)
_FINDING_SUBJECT = re.compile(r"(?:the|this|our)[ \t]+(?:rapid[ \t]+)?$", re.IGNORECASE)
_FINDING_LABEL = re.compile(
    r"\b(?:key[ \t]+)?(?:learning|lessons?|findings?|learning points?|key messages?)"
    r"(?:[ \t]+(?:for practice|learn[te]d))?[ \t]*:",
    re.IGNORECASE,
)


def _opens_sentence(text: str, i: int) -> bool:
    k = i - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _BEFORE_SENTENCE


def finding_starts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Where sentences stating a finding or lesson begin ("The review found that ...",
    "Learning: ..."), ascending; `spans` are the scan's clusters of FINDING words (start, end).
    A long report has hundreds of them ("learning" in running prose): a label is looked at only
    when a colon follows it closely, a "review found" only when the cluster has two words."""
    out = []
    find = text.find
    for a, b in spans:
        if find(":", a, b + 24) >= 0:
            for m in _FINDING_LABEL.finditer(text, a, b + 24):
                if _opens_sentence(text, m.start()):
                    out.append(m.start())
        if find(" ", a, b) >= 0:
            for m in _FINDING_WHO.finditer(text, a, b + 1):
                s = _FINDING_SUBJECT.search(text, max(0, m.start() - 20), m.start())
                if s and _opens_sentence(text, s.start()):
                    out.append(s.start())
    return sorted(set(out))


_TERMINAL = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")", ";")
_BULLET = "-\u2022\u00b7*\u25aa\u25cf\u25e6\u2013\u2014>"
FRAGMENT_WORDS = 6  # a line with fewer words and no terminal punctuation is a fragment


def is_menu(line: str) -> bool:
    """A site's navigation: "Home > Professionals > ...", "Neglect | Domestic abuse | ..."."""
    return (
        line.count("|") >= 2
        or line.count(" > ") >= 2
        or line.lstrip().lower().startswith(("menu:", "menu |"))
    )


TITLE_WORDS = 12  # an unbulleted line without a full stop and fewer words is a title


def is_fragment(line: str) -> bool:
    """A heading, menu item or list title rather than a sentence. A bullet without a full
    stop is a sentence when it has a few words ("- The father was not seen")."""
    stripped = line.strip()
    s = stripped.lstrip(_BULLET).strip()
    if not s:
        return True
    words = len(s.split())
    if s.endswith(":"):
        return words < 15
    if s.endswith(_TERMINAL):
        return False
    bullet = stripped[:1] in _BULLET
    return words < (FRAGMENT_WORDS if bullet else TITLE_WORDS)


class HitContext(NamedTuple):
    """One cluster of a theme's hits in its place (a named tuple: a long report makes about
    a thousand of them, and a tuple is the cheapest immutable record to build)."""

    start: int
    first_end: int
    strength: float  # the cluster's strength, 1 - miss
    weight: float  # strength x where it stands (0: it does not count)
    phrase: str
    section: str | None
    kind: str
    fragment: bool
    problem: bool


class Context:
    """Where each hit of one text stands: its section, its line, the markers near it."""

    WINDOW = 240
    SHORT_LINE = 200  # longer lines are paragraphs: their hits are judged by their sentence

    def __init__(self, text: str, sections: list[Section], marker_starts: list[list[int]]) -> None:
        """`marker_starts`: per kind of marker, where its clusters start, in ascending order."""
        self.text = text
        self.sections = sections
        self._starts = [s.start for s in sections]
        self._marker_starts = marker_starts
        self._lines: dict[tuple[int, int], tuple[bool, bool, bool]] = {}

    def has(self, kind: int, a: int, b: int) -> bool:
        """A marker of `kind` starts in text[a:b]."""
        starts = self._marker_starts[kind]
        i = bisect_left(starts, a)
        return i < len(starts) and starts[i] < b

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Roughly the hit's sentence (cheap: for features, not for quoting): back to the
        last ". ", "? " or line break within WINDOW, on to the first ". ", "? ", "! " or line
        break within WINDOW (written out: it runs for most hits of a long report)."""
        text = self.text
        rfind, find = text.rfind, text.find
        lo = start - self.WINDOW
        if lo < 0:
            lo = 0
        cut = rfind(". ", lo, start)
        k = rfind("\n", lo, start)
        if k > cut:
            cut = k
        k = rfind("? ", lo, start)
        if k > cut:
            cut = k
        a = cut + 1 if cut >= 0 else lo
        b = end + self.WINDOW
        if b > len(text):
            b = len(text)
        # each search stops where the previous one found its mark: the first mark wins
        k = find(". ", end, b)
        if k >= 0:
            b = k + 1
        k = find("\n", end, b)
        if k >= 0:
            b = k + 1
        k = find("? ", end, b)
        if k >= 0:
            b = k + 1
        k = find("! ", end, b)
        if k >= 0:
            b = k + 1
        return a, b

    def _ignored(self, a: int, b: int) -> bool:
        return self.has(_BOILER, a, b) or (self.has(_CITE, a, b) and self.has(_YEAR, a, b))

    def _line_flags(self, a: int, b: int) -> tuple[bool, bool, bool]:
        """(fragment, ignored, states a problem) of a short line, computed once per line."""
        key = (a, b)
        flags = self._lines.get(key)
        if flags is None:
            line = self.text[a:b]
            fragment = is_fragment(line)
            problem = not fragment and self.has(_PROBLEM_M, a, b)
            ignored = is_menu(line) or self._ignored(a, b)
            flags = self._lines[key] = (fragment, ignored, problem)
        return flags

    def hit(self, start: int, first_end: int, end: int, strength: float, phrase: str) -> HitContext:
        i = bisect_right(self._starts, start) - 1
        section = self.sections[i] if i >= 0 else None
        title = section.title if section else None
        kind = section_kind(title)
        in_heading = section is not None and start < section.heading_end
        text = self.text
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", end)
        if b < 0:
            b = len(text)
        if b - a <= self.SHORT_LINE:
            fragment, ignored, problem = self._line_flags(a, b)
        elif kind == IGNORE:  # counts for nothing wherever it stands: no need for its sentence
            fragment, ignored, problem = False, True, False
        else:  # a paragraph on one line: look at the hit's own sentence only
            a, b = self.sentence_bounds(start, end)
            fragment = False
            marks = self._marker_starts[_BOILER]  # self.has, written out (most hits come here)
            i = bisect_left(marks, a)
            ignored = i < len(marks) and marks[i] < b
            if ignored:
                problem = False
            else:
                marks = self._marker_starts[_PROBLEM_M]
                i = bisect_left(marks, a)
                problem = i < len(marks) and marks[i] < b
        fragment = fragment or in_heading
        if kind == IGNORE or ignored:
            weight, problem = 0.0, False
        else:
            weight = strength * (FRAGMENT_WEIGHT if fragment else KIND_WEIGHT)[kind]
            problem = problem and not fragment
        return HitContext(
            start, first_end, strength, weight, phrase, title, kind, fragment, problem
        )

    def hits(self, clusters: list[list[tuple]], phrases: tuple[str, ...]) -> list[list[HitContext]]:
        """`hit` for every cluster (miss, start, first_end, end, best, phrase index) of each
        list: in one call of the C scan's `weigh` when it is built, which is `hit` written out
        in C (tests/analysis/test_coverage.py compares the two), else with `hit` itself.
        `CASEREVIEWS_SCAN=python` asks for the Python, as it does for the scan."""
        if _c_weigh is None or python_scan_asked():
            return [
                [self.hit(c[1], c[2], c[3], 1.0 - c[0], phrases[c[5]]) for c in lst]
                for lst in clusters
            ]
        sections = self.sections
        return _c_weigh(
            self.text,
            clusters,
            phrases,
            (
                list(self._starts),
                [s.heading_end for s in sections],
                [_KIND_CODE[section_kind(s.title)] for s in sections],
                [s.title for s in sections],
                _KIND_CODE[section_kind(None)],
            ),
            self._marker_starts[_BOILER],
            self._marker_starts[_PROBLEM_M],
            self._line_flags,
            HitContext,
            (*_WEIGH_PARAMS, self.WINDOW, self.SHORT_LINE),
        )


_KINDS = (LEARNING, BODY, PROCESS, IGNORE)
_KIND_CODE = {k: i for i, k in enumerate(_KINDS)}
_WEIGH_PARAMS = (
    _KINDS,
    tuple(KIND_WEIGHT[k] for k in _KINDS),
    tuple(FRAGMENT_WEIGHT[k] for k in _KINDS),
    _KIND_CODE[IGNORE],
)  # then the context's WINDOW and SHORT_LINE

FEATURES = ("strength", "distinct", "problems", "learning", "length", "density")


@dataclass(frozen=True)
class Features:
    strength: float  # the sum of the weighted strengths of the theme's clusters
    distinct: float  # distinct indicators that count (weak ones half)
    problems: float  # weighted strength of the clusters whose sentence states a problem or lesson
    learning: float  # weighted strength in findings, learning, recommendations
    words: int  # the document's length in words
    indicators: tuple[str, ...]  # the indicators that count, strongest first
    sections: tuple[str, ...]  # the sections they stand in, most weight first

    def vector(self) -> list[float]:
        words = max(self.words, 10)
        return [
            math.log1p(self.strength),
            min(self.distinct, 6.0),
            math.log1p(self.problems),
            math.log1p(self.learning),
            math.log(words / 100.0),
            math.log1p(self.strength * 300.0 / words),
        ]


def features_of(
    hits: list[HitContext], words: int, weak: frozenset[str], scale: float = 1.0
) -> Features:
    """A theme's features from its clusters in context; `scale` > 1 when `hits` is a sample
    of one in `scale` of them (strength and counts are scaled up, distinct indicators not)."""
    by_phrase: dict[str, float] = {}
    by_section: dict[str, float] = {}
    # one pass; the sums start at 0 and add in hit order, as sum() would
    strength = problems = learning = 0
    for h in hits:
        w = h.weight
        if w <= 0:
            continue
        by_phrase[h.phrase] = by_phrase.get(h.phrase, 0.0) + w
        if h.section:
            by_section[h.section] = by_section.get(h.section, 0.0) + w
        strength += w
        if h.problem:
            problems += w
        if h.kind == LEARNING:
            learning += w
    distinct = sum(0.5 if p in weak else 1.0 for p in by_phrase)
    indicators = tuple(p for p, _ in sorted(by_phrase.items(), key=lambda kv: (-kv[1], kv[0])))
    sections = tuple(s for s, _ in sorted(by_section.items(), key=lambda kv: (-kv[1], kv[0])))
    return Features(
        strength=scale * strength,
        distinct=distinct,
        problems=scale * problems,
        learning=scale * learning,
        words=words,
        indicators=indicators,
        sections=sections,
    )


@dataclass(frozen=True)
class Model:
    """Logistic regression over `Features.vector()`, plus a bias per theme of the default
    framework (a theme whose phrases are broad needs more to be covered than one whose phrases
    are specific); a local theme uses the bias of the default theme it maps to, if any."""

    intercept: float
    coefficients: tuple[float, ...]
    threshold: float = 0.5
    theme_bias: tuple[tuple[str, float], ...] = ()

    def probability(self, features: Features, theme_id: str | None = None) -> float:
        if features.strength <= 0:
            return 0.0
        z = self.intercept + sum(
            c * x for c, x in zip(self.coefficients, features.vector(), strict=True)
        )
        if theme_id is not None:
            z += dict(self.theme_bias).get(theme_id, 0.0)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def to_dict(self) -> dict:
        return {
            "features": list(FEATURES),
            "intercept": self.intercept,
            "coefficients": list(self.coefficients),
            "threshold": self.threshold,
            "theme_bias": dict(self.theme_bias),
        }


MODEL_FILE = "coverage.json"


def model_from_dict(data: dict) -> Model:
    if list(data.get("features", [])) != list(FEATURES):
        raise ValueError(f"{MODEL_FILE}: features {data.get('features')} are not {FEATURES}")
    return Model(
        float(data["intercept"]),
        tuple(float(c) for c in data["coefficients"]),
        float(data.get("threshold", 0.5)),
        tuple(sorted((str(k), float(v)) for k, v in data.get("theme_bias", {}).items())),
    )


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped coefficients (data/coverage.json)."""
    ref = resources.files("casereviews.analysis").joinpath("data").joinpath(MODEL_FILE)
    return model_from_dict(json.loads(ref.read_text(encoding="utf-8")))
