"""Sections (from headings) and sentences, with character offsets into the original text.

Sentences are found lazily: the tagger asks only for the sentences around its hits, in order,
so a long document with few hits costs almost nothing here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from casereviews.analysis.textnorm import python_scan_asked

# Heading words a review uses, and the section name each one gives.
_KNOWN = {
    "background": "Background",
    "family background": "Background",
    "context": "Background",
    "introduction": "Introduction",
    "the case": "The case",
    "case summary": "Summary",
    "summary": "Summary",
    "executive summary": "Summary",
    "overview": "Summary",
    "findings": "Findings",
    "finding": "Findings",
    "key findings": "Findings",
    "learning": "Learning",
    "key learning": "Learning",
    "learning points": "Learning",
    "lessons learned": "Learning",
    "lessons learnt": "Learning",
    "what we learned": "Learning",
    "what we learnt": "Learning",
    "learning themes": "Learning",
    "key issues": "Learning",
    "practice issues": "Learning",
    "themes": "Learning",
    "key themes": "Learning",
    "key points": "Learning",
    "analysis": "Analysis",
    "appraisal of practice": "Analysis",
    "recommendations": "Recommendations",
    "recommendation": "Recommendations",
    "good practice": "Good practice",
    "conclusion": "Conclusion",
    "conclusions": "Conclusion",
    "methodology": "Methodology",
    "terms of reference": "Methodology",
    "scope": "Methodology",
    "why the review happened": "Introduction",
    "what has changed": "What has changed",
    "questions for your team": "Questions",
    "reflective questions": "Questions",
    "why it matters": "Why it matters",
    "things to note": "Things to note",
    "what to do": "What to do",
    "chronology": "Chronology",
    "agency involvement": "Chronology",
    "voice of the child": "Voice of the child",
    "voice of the family": "Family's views",
    "family's views": "Family's views",
    "views of the family": "Family's views",
    "next steps": "Next steps",
    "action plan": "Action plan",
    "actions": "Action plan",
    "appendix": "Appendix",
    "glossary": "Appendix",
    "references": "Appendix",
    "contents": "Contents",
    "outcomes": "Outcomes",
    "incident summary": "Summary",
}
RUN_IN_WORDS = 6  # words after a heading's colon that make the rest of its line a sentence
_NUM = r"(?:(?:section|part|chapter)\s+)?(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivx]{1,5}\.|[a-h][.)])?"
_KNOWN_ALT = "|".join(sorted((re.escape(k) for k in _KNOWN), key=len, reverse=True))
_KNOWN_HEADING = re.compile(
    rf"^[ \t]*{_NUM}[ \t]*(?P<word>{_KNOWN_ALT})(?P<num>[ \t]+\d{{1,2}}[a-z]?)?"
    r"(?:[ \t]*(?:and|&|/)[ \t]*[A-Za-z ,/']{1,40})?"
    r"[ \t]*(?:[:.\-\u2013\u2014][^\n]{0,300})?[ \t]*$",
)  # matched against the lowercased line (quicker than re.IGNORECASE, the same matches)
_CAPS_HEADING = re.compile(
    r"^[ \t]*(?:\d{1,2}(?:\.\d{1,2})*\.?[ \t]+)?"
    r"(?P<word>[A-Z][A-Z0-9 ,&'\u2019/()\-\u2013]{3,79})[ \t]*$",
)
_NUMBERED_HEADING = re.compile(
    r"^[ \t]*\d{1,2}(?:\.\d{1,2})+\.?[ \t]+(?P<word>[A-Z][^\n.:;]{2,70})[ \t]*$"
)

# Where a sentence may end. Group `p`: after terminal punctuation followed by space and a
# capital, digit, quote or bullet. Group `b`: a blank line, or a line break before a bullet.
_BOUNDARY = re.compile(
    r"(?P<p>[.!?\u2026]+[\"'\u201d\u2019)\]]*)(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u2022\u00b7-])"
    r"|(?P<b>\n[ \t\u00a0]*(?:\n|(?=(?:[-\u2022\u00b7*\u25aa\u25cf\u25e6\u2013]|\(?\d{1,2}[.)]|"
    r"\(?[a-z][.)])[ \t])))"
    r"|(?P<n>\n(?=[ \t]*[\"'\u201c\u2018(]?[A-Z0-9]))"
)
# Every match of _BOUNDARY begins with one of these characters.
_BOUNDARY_START = re.compile(r"[.!?\u2026\n]")


def _boundaries(text: str, pos: int) -> Iterator[re.Match[str]]:
    """The matches of `_BOUNDARY.finditer(text, pos)`, the same ones, found quicker: jump to
    the next character a boundary can begin with (a plain character class, which the regex
    engine skips to fast) and try the whole pattern only there."""
    find, match = _BOUNDARY_START.search, _BOUNDARY.match
    while (c := find(text, pos)) is not None:
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()  # never empty: every branch consumes its first character


_BULLETS = "-\u2022\u00b7*\u25aa\u25cf\u25e6\u2013"
# A line shorter than this that runs into a capitalised line is a heading or a list item, not a
# sentence wrapped by a PDF (wrapped lines run nearly the full width of the page).
SHORT_LINE = 60
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "eg",
        "i.e",
        "ie",
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "rev",
        "st",
        "no",
        "nos",
        "approx",
        "para",
        "paras",
        "fig",
        "figs",
        "ref",
        "vs",
        "cf",
        "al",
        "pp",
        "p",
        "vol",
        "ch",
        "sec",
        "ltd",
        "inc",
        "co",
        "dept",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "cllr",
        "supt",
        "insp",
        "sgt",
        "det",
        "pc",
        "dc",
        "ds",
    ]
)
_BEFORE_NUMBER = frozenset(
    ["no", "nos", "para", "paras", "fig", "figs", "p", "pp", "vol", "ch", "sec"]
)
_NAMES_BEFORE_INITIAL = frozenset(
    [
        "child",
        "children",
        "sibling",
        "siblings",
        "baby",
        "infant",
        "mother",
        "father",
        "adult",
        "family",
        "person",
        "case",
        "young",
        "mr",
        "mrs",
        "ms",
        "dr",
        "parent",
        "carer",
    ]
)
MAX_HEADING_LINE = 400  # a heading line ("Finding 2: ...") is never longer than this
MAX_SENTENCE = 1000  # a "sentence" longer than this is cut to a window around the hit


@dataclass(frozen=True)
class Section:
    title: str  # the section name ("Findings", "Finding 2", or the heading as written)
    start: int  # start of the heading line
    heading_end: int  # end of the heading line (where the section's body begins)
    end: int  # start of the next heading, or the end of the text


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    section: str | None = None


def _title(match: re.Match[str], known: bool, line: str = "") -> str:
    """The section name; `line` is the original of a lowercased line a known heading was found
    in (the number keeps its case: "Finding 3A")."""
    word = " ".join(match.group("word").split())
    if known:
        title = _KNOWN[word.lower()]
        num = match.group("num")
        if num and len(line) == len(match.string):
            num = line[match.start("num") : match.end("num")]
        if num and title in ("Findings", "Recommendations", "Learning"):
            title = f"{word.strip().capitalize()} {num.strip()}"
        return title
    canonical = _KNOWN.get(word.lower())
    return canonical or (word.capitalize() if word.isupper() else word)


try:  # the C scan's `heading_lines`: which lines may be headings, in one pass over the text
    from casereviews.analysis._scan import heading_lines as _c_heading_lines
except ImportError:  # not built: every line is tried, as heading_lines_reference says
    _c_heading_lines = None
# The words a known heading can begin with after its number: `heading_lines` lists a line
# that begins with one of them (or with what can begin a number or an ALL-CAPS heading).
_HEADING_WORDS = tuple(sorted(_KNOWN))
_HEADING_LEADS = ("section", "part", "chapter")  # what a heading's number can begin with
_CAPS_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,&'/()-")
_AFTER_WORD = frozenset("0123456789aA&/:.-\v\f\r\x1c\x1d\x1e\x1f")


def heading_lines_reference(
    text: str, words: tuple[str, ...], leads: tuple[str, ...], max_line: int
) -> list[int]:
    """The starts of the lines of `text` that may be headings (the C scan's `heading_lines`,
    written out in Python: the specification it is tested against). A line is listed when it
    is not empty, has at most `max_line` characters, and begins with "#" or "<", or, after its
    spaces and tabs, with a digit, a non-ASCII character, a capital and three characters that
    can follow it in an ALL-CAPS heading (or are not ASCII), 1 to 5 of "ivx" and a full stop,
    one of "a-h" and "." or ")", one of `leads`, or one of `words` followed (after spaces and
    tabs) by the end of the line, a digit, "a" ("and"), "&", "/", ":", ".", "-", other ASCII
    white space or a non-ASCII character, all case-blind (a non-ASCII character met while
    comparing lists the line). The first line is always listed."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if start == 0:
            out.append(0)
            continue
        if not line or len(line) > max_line:
            continue
        if line[0] in "#<":
            out.append(start)
            continue
        rest = line.lstrip(" \t")
        if not rest:
            continue
        c = rest[0]
        low = "".join(ch.lower() if ch.isascii() else ch for ch in rest[:64])
        take = not c.isascii() or c in "0123456789"
        if not take and "A" <= c <= "Z" and len(rest) >= 4:
            take = all(not d.isascii() or d in _CAPS_CHARS for d in rest[1:4])
        if not take and c.lower() in "ivx":
            k = 0
            while k < len(low) and k < 5 and low[k] in "ivx":
                k += 1
            take = k < len(rest) and (rest[k] == "." or not rest[k].isascii())
        if not take and "a" <= c.lower() <= "h" and len(rest) > 1:
            take = rest[1] in ".)" or not rest[1].isascii()
        if not take:
            for i, w in enumerate((*leads, *words)):
                if w[0] != low[0]:
                    continue
                k = 0
                while k < len(w) and k < len(rest) and rest[k].isascii() and low[k] == w[k]:
                    k += 1
                if (k < len(rest) and not rest[k].isascii()) or (k == len(w) and i < len(leads)):
                    take = True  # a non-ASCII character, or a lead word: listed
                elif k == len(w):  # then what a heading's word can be followed by
                    after = rest[k:].lstrip(" \t")[:1]
                    take = not after or not after.isascii() or after in _AFTER_WORD
                if take:
                    break
        if take:
            out.append(start)
    return out


def _heading_lines(text: str) -> list[int] | None:
    """Where the lines that may be headings start (None: try every line)."""
    if _c_heading_lines is None or python_scan_asked():
        return None
    return _c_heading_lines(text, _HEADING_WORDS, _HEADING_LEADS, MAX_HEADING_LINE)


def _read_line(line: str, start: int, in_contents: bool, sections: list[Section], n: int) -> bool:
    """Read one line at `start` of a text of `n` characters: a heading opens a section (the one
    before ends there). Returns whether a contents list goes on after it: its entries are not
    headings; it ends at the first line that is not an entry (a paragraph), where a section
    with no title begins. `find_sections` and its reference share this."""
    if in_contents:
        if not line.strip() or _TOC_ENTRY.match(line):
            return True
        if not _could_be_heading(line):
            prev = sections[-1]
            sections[-1] = Section(prev.title, prev.start, prev.heading_end, start)
            sections.append(Section("", start, start, n))
            return False
    if not line or len(line) > MAX_HEADING_LINE:
        return False
    marked = _MARKUP_HEADING.match(line) if line[:1] in "#<" else None
    if marked:
        # a Markdown or HTML heading given to us as text: its words are the title, and a
        # known heading word still gives its usual name ("Findings 2")
        inner = " ".join(_TAG.sub(" ", marked.group("md") or marked.group("html")).split())
        if not inner:
            return False
        known = _KNOWN_HEADING.match(inner.lower())
        title = _title(known, True, inner) if known else inner
    elif m := _KNOWN_HEADING.match(line.lower()):
        title = _title(m, True, line)
    else:
        # an ALL-CAPS heading has nothing that upper() changes
        m = (_CAPS_HEADING.match(line) if line.upper() == line else None) or (
            _NUMBERED_HEADING.match(line)
        )
        if not m or sum(c.isalpha() for c in m.group("word")) < 4:
            return False
        title = _title(m, False)
    end = start + len(line.rstrip())
    colon = line.find(":")
    if not marked and colon > 0 and len(line[colon + 1 :].split()) >= RUN_IN_WORDS:
        end = start + colon + 1  # a run-in heading ("Learning: ask about ..."): its title only
    if sections:
        prev = sections[-1]
        sections[-1] = Section(prev.title, prev.start, prev.heading_end, start)
    sections.append(Section(title, start, end, n))
    return title == "Contents"


def find_sections(text: str) -> list[Section]:
    """Sections from headings: known words ("3. Findings", "Finding 2: ..."), ALL-CAPS lines
    and multi-level numbered headings ("4.2 Agency involvement").

    Only short lines are tried against the heading patterns, so long paragraphs cost nothing;
    with the C scan built, only the lines that can begin a heading (`heading_lines`) and the
    lines of a contents list are looked at in Python at all.
    """
    sections: list[Section] = []
    n = len(text)
    candidates = _heading_lines(text)
    ci = 0
    pos = 0  # where the next line to look at starts
    in_contents = False
    while True:
        if candidates is not None and not in_contents:  # on to the next line that may be one
            while ci < len(candidates) and candidates[ci] < pos:
                ci += 1
            if ci == len(candidates):
                break
            pos = candidates[ci]
        if pos > n:
            break
        start = pos
        stop = text.find("\n", pos)
        if stop < 0:
            stop = n
        line = text[start:stop]
        pos = stop + 1
        in_contents = _read_line(line, start, in_contents, sections, n)
    return sections


def find_sections_reference(text: str) -> list[Section]:
    """`find_sections` trying every line (the specification it is tested against)."""
    sections: list[Section] = []
    pos = 0
    in_contents = False
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        in_contents = _read_line(line, start, in_contents, sections, len(text))
    return sections


# A Markdown ATX heading or an HTML h1-h6 element on a line of its own.
_MARKUP_HEADING = re.compile(
    r"^[ ]{0,3}#{1,6}[ \t]+(?P<md>[^\n]*?)[ \t#]*$"
    r"|^[ \t]*<h[1-6][^>]*>(?P<html>.*?)</h[1-6]>[ \t]*$",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
# An entry of a contents list: a short line, or one ending in a page number or dot leaders.
_TOC_ENTRY = re.compile(
    r"^[^\n]{0,160}?(?:(?:\.\s*){3,}|\u2026+|\t|\s{2,}|\s)\d{1,3}[ \t]*$"
    r"|^[ \t]*[^\n.!?]{1,70}$"
)


def _could_be_heading(line: str) -> bool:
    low = line.lower()
    return bool(_KNOWN_HEADING.match(low)) or (
        line.upper() == line and bool(_CAPS_HEADING.match(line))
    )


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    if m.group("b") is not None:
        return True
    if m.group("n") is not None:
        # A line break before a capital ends a bullet (with or without its full stop), a
        # heading, a list title or a short line; not a long line wrapped by a PDF.
        k = m.start()
        line = text[text.rfind("\n", 0, k) + 1 : k].strip()
        if not line:
            return False
        return line[0] in _BULLETS or len(line) < SHORT_LINE or line.endswith(":")
    k = m.start()
    before = text[max(0, k - 30) : k]  # the word before the punctuation, at most 30 characters
    word = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""
    j = k - len(word)
    token = text[j:k].lstrip("([\"'\u201c\u2018").lower()
    if token in _ABBREVIATIONS:
        # "no." and "para." abbreviate only before a number: "She said no. The ..." ends.
        if token in _BEFORE_NUMBER:
            return not text[m.end() : m.end() + 3].strip()[:1].isdigit()
        return False
    if len(token) == 1 and token.isalpha():
        # "Child A. The mother ..." is a boundary only if the initial follows a name word.
        i = j - 1
        while i > 0 and text[i - 1].isspace():
            i -= 1
        h = i
        while h > 0 and text[h - 1].isalpha():
            h -= 1
        return text[h:i].lower() in _NAMES_BEFORE_INITIAL
    if token.isdigit():  # list numbering at the start of a line: "3. Findings"
        line_start = text.rfind("\n", 0, j) + 1
        if not text[line_start:j].strip():
            return False
    return True


def _split_point(m: re.Match[str]) -> int:
    return m.end() if m.group("p") is not None else m.start()


try:  # the same boundaries in C (`_cuts_reference` below is its specification)
    from casereviews.analysis._scan import next_cut as _c_next_cut
except ImportError:
    _c_next_cut = None
_CUT_RULES = (_ABBREVIATIONS, _BEFORE_NUMBER, _NAMES_BEFORE_INITIAL, SHORT_LINE)


def _cuts_reference(text: str, pos: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, split point) of each sentence boundary from `pos` on."""
    for m in _boundaries(text, pos):
        if _is_boundary(text, m):
            yield m.start(), m.end(), _split_point(m)


def _cuts(text: str, pos: int) -> Iterator[tuple[int, int, int]]:
    """`_cuts_reference`, found by the C scan when it is built (`CASEREVIEWS_SCAN=python`
    asks for the Python): a full stop after a word with a non-ASCII character is still
    judged by `_is_boundary`."""
    if _c_next_cut is None or python_scan_asked():
        yield from _cuts_reference(text, pos)
        return

    def undecided(start: int) -> bool:
        return _is_boundary(text, _BOUNDARY.match(text, start))  # type: ignore[arg-type]

    while (cut := _c_next_cut(text, pos, _CUT_RULES, undecided)) is not None:
        yield cut
        pos = cut[1]


_DOT_LEADER = re.compile(r"(?:\.\s*){4,}|\u2026{2,}|_{4,}")
_CITATION = re.compile(
    r"(?:\(\s*(?:19|20)\d\d\s*\)|\b(?:19|20)\d\d\b).{0,200}?"
    r"(?:https?:|www\.|available (?:at|from)|\bdoi\b|\bpp?\.\s*\d|\bvol\.|journal|isbn|retrieved|"
    r"london:|\bhmso\b|\bdfe\b|department (?:for|of) )",
    re.I,
)
_PAGE_NUMBER = re.compile(r"\s\d{1,3}$")
MIN_QUOTE_WORDS = 4


def is_quotable(sentence: str) -> bool:
    """A sentence a reader can use as evidence: not a heading, a list title, a contents entry
    or a reference line."""
    s = sentence.strip().lstrip(_BULLETS).strip()
    words = s.split()
    if len(words) < MIN_QUOTE_WORDS or s.endswith(":"):
        return False
    if s.count("|") >= 2 or s.count(" > ") >= 2:
        return False  # a site's menu or breadcrumb trail
    if s.upper() == s and s.lower() != s:
        return False  # "THE INJURIES"
    if _DOT_LEADER.search(s) or _PAGE_NUMBER.search(s) and not s.endswith(_END_MARKS):
        return False  # a contents entry: "3. Findings ........ 12"
    if ("19" in s or "20" in s) and _CITATION.search(s):  # a citation has a year
        return False
    bullet = sentence.lstrip()[:1] in _BULLETS
    # a title or a menu line is short and has no full stop
    return len(words) >= 8 or s.endswith(_END_MARKS) or bullet


_END_MARKS = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SentenceLocator:
    """Finds the sentence around a position. Positions must be asked for in ascending order;
    the boundary scan then moves forward once through the parts of the text it needs."""

    JUMP = 600
    NEAR = 300  # first try to find the sentence start this far back
    MARGIN = 40  # ... accepting only a boundary that starts this far after that point

    def __init__(self, text: str, sections: list[Section] | None = None) -> None:
        self.text = text
        self.sections = sections if sections is not None else find_sections(text)
        self._sec_starts = [s.start for s in self.sections]
        self._it: Iterator[tuple[int, int, int]] | None = None
        self._scan_from = 0  # everything before this has been scanned
        self._prev = 0  # last boundary <= the last asked position
        self._next: int | None = None  # first boundary after it (None: not yet known)

    def section_at(self, pos: int) -> Section | None:
        i = bisect_right(self._sec_starts, pos) - 1
        return self.sections[i] if i >= 0 else None

    def _advance(self, pos: int) -> None:
        """Move boundaries so that _prev <= pos < _next."""
        if self._next is not None and self._prev <= pos < self._next:
            return
        if self._it is None or pos - self._scan_from > self.JUMP:
            origin = max(0, pos - MAX_SENTENCE)
            if self._next is not None and self._next <= pos and self._next > origin:
                origin = self._next
            # Most sentences are short: scan from just before `pos` first, and go back the
            # whole MAX_SENTENCE only if no boundary turns up well clear of that nearer start
            # (a boundary found that far in is the one a scan from `origin` finds too).
            near = pos - self.NEAR
            if near > origin:
                self._prev = near
                self._it = _cuts(self.text, near)
                if self._scan(pos, near + self.MARGIN):
                    return
            self._prev = origin
            self._it = _cuts(self.text, origin)
        elif self._next is not None:
            self._prev = self._next
        self._scan(pos, -1)

    def _scan(self, pos: int, min_start: int) -> bool:
        """Read boundaries until the first one after `pos`. False if the last boundary <= pos
        did not start at or after `min_start`."""
        found = False
        while True:
            cut = next(self._it, None)  # type: ignore[arg-type]
            if cut is None:
                self._next = len(self.text)
                self._scan_from = len(self.text)
                return found
            start, self._scan_from, q = cut
            if q <= pos:
                self._prev = q
                found = start >= min_start
            else:
                self._next = q
                return found

    def locate(self, start: int, end: int) -> Span:
        """The trimmed sentence containing text[start:end], clipped to its section."""
        self._advance(start)
        s, e = self._prev, max(self._next or len(self.text), end)
        if e < end:
            e = end
        section = self.section_at(start)
        title = None
        if section is not None:
            title = section.title or None
            if start < section.heading_end:  # the hit is in the heading line itself
                s, e = max(s, section.start), min(e, section.heading_end)
            else:
                s = max(s, section.heading_end)
                e = min(e, section.end)
        if e < end:
            e = end
        if e - s > MAX_SENTENCE:
            s, e = self._window(s, e, start, end)
        s, e = _trim(self.text, s, e)
        return Span(s, e, title)

    def _window(self, s: int, e: int, start: int, end: int) -> tuple[int, int]:
        half = MAX_SENTENCE // 2
        ws = max(s, start - half)
        we = min(e, end + half)
        while ws > s and not self.text[ws - 1].isspace() and ws < start:
            ws += 1
        while we < e and not self.text[we].isspace() and we > end:
            we -= 1
        return ws, we


def split_sentences(text: str, sections: list[Section] | None = None) -> list[Span]:
    """All sentences of `text` in order (headings are sentences of their own)."""
    sections = sections if sections is not None else find_sections(text)
    cuts = {0, len(text)}
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m):
            cuts.add(_split_point(m))
    for sec in sections:
        cuts.update((sec.start, sec.heading_end))
    starts = [s.start for s in sections]
    spans = []
    ordered = sorted(cuts)
    for a, b in zip(ordered, ordered[1:], strict=False):
        s, e = _trim(text, a, b)
        if s < e:
            i = bisect_right(starts, s) - 1
            spans.append(Span(s, e, (sections[i].title or None) if i >= 0 else None))
    return spans
