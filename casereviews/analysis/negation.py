"""Negation and hedging around a hit, within its clause.

Only a cue that denies the thing itself blocks a hit ("no evidence of drug use", "denied any
alcohol misuse", "domestic abuse was not a feature"). A negated verb does not ("professionals
did not recognise the domestic abuse" is evidence of domestic abuse), and for themes about
practice a negated mention is itself the learning ("no strategy discussion was held"): those
themes are marked `negatable = false` in the framework and never come here.
"""

from __future__ import annotations

import re

from casereviews.analysis.textnorm import python_scan_asked

LOOKBACK = 110  # characters before a hit searched for a cue (then cut at the clause start)
LOOKAHEAD = 60

# Clause breaks: hard punctuation, or a conjunction that starts a new proposition.
CLAUSE_PUNCT = '.;:!?()[]"'  # the characters of the class below
_CLAUSE_CLASS = r".;:!?()\[\]\""
CLAUSE_WORDS = (
    "but", "however", "although", "though", "whereas", "yet", "while", "whilst", "despite",
    "except", "until", "later", "subsequently", "then", "because", "since", "when", "after",
    "before",
)  # fmt: skip
_CLAUSE = re.compile("[" + _CLAUSE_CLASS + r"]|\b(?:" + "|".join(CLAUSE_WORDS) + r")\b")
# `.*` backtracks from the end, so this finds the last break without walking every one.
_LAST_CLAUSE = re.compile(r".*(?:" + _CLAUSE.pattern + ")", re.S)
try:  # the same search in C (the regex above is its specification; the tests compare them)
    from casereviews.analysis._scan import last_clause_end as _c_last_clause_end
except ImportError:
    _c_last_clause_end = None
if python_scan_asked():
    _c_last_clause_end = None  # the pure-Python engine, as matcher.SCAN_ENV asks (read once)


def last_clause_end(pre: str) -> int:
    """Where the last clause break in `pre` ends (`_LAST_CLAUSE.match(pre).end()`), or -1:
    in C when it is built (about ten times quicker than the backtracking regex)."""
    if _c_last_clause_end is not None:
        return _c_last_clause_end(pre, CLAUSE_PUNCT, CLAUSE_WORDS)
    m = _LAST_CLAUSE.match(pre)
    return m.end() if m else -1


# _COMMA_NEW_CLAUSE, _NEG_ANYWHERE and _HEDGE are only asked whether they match, and each is
# a list of literal phrases between `\b`s: the lists below are the one source of both the
# regexes (the pure-Python path) and the C search (`_scan.phrase_in`);
# tests/analysis/test_phrase_in.py compares the two on generated and hostile text.
# A comma ends the clause when what follows it reads as a new clause ("..., the mother ...").
_COMMA_NEW_CLAUSE_PHRASES = (
    "agencies", "are", "father", "had", "has", "he", "her", "his", "is", "it", "mother",
    "professionals", "she", "that", "the", "their", "there", "they", "this", "was", "were",
    "which", "who",
)  # fmt: skip
_NEG_ANYWHERE_PHRASES = (
    "absence of", "denied", "denies", "deny", "denying", "did not drink", "did not identify any",
    "did not indicate any", "did not misuse", "did not reveal any", "did not suggest any",
    "did not take", "did not use", "free from", "free of", "negative for", "negative result",
    "neither", "never", "no apparent", "no concern", "no concerns", "no current", "no disclosure",
    "no disclosures", "no evidence", "no further", "no history", "no identified", "no incident",
    "no incidents", "no indication", "no indications", "no information to suggest", "no issue",
    "no issues", "no known", "no longer", "no obvious", "no previous", "no prior",
    "no reason to believe", "no reason to suspect", "no report", "no reported", "no reports",
    "no sign", "no signs", "no suggestion", "nor", "not a concern", "not a factor",
    "not a feature", "not a issue", "not an concern", "not an factor", "not an feature",
    "not an issue", "not believed to be", "not believed to have", "not considered to be",
    "not considered to have", "not known to", "not thought to be", "not thought to have",
    "nothing to indicate", "nothing to suggest", "ruled out", "there was nothing", "unfounded",
    "unsubstantiated", "was not drinking", "was not misusing", "was not using",
    "were not drinking", "were not misusing", "were not using", "without",
)  # fmt: skip
_HEDGE_PHRASES = (
    "could have", "if there is", "if there was", "if there were", "may also", "may be", "may have",
    "might be", "might have", "not clear if", "not clear whether", "not known whether", "perhaps",
    "possible", "possibly", "queried", "query", "uncertain whether", "unclear if",
    "unclear whether",
)  # fmt: skip


def _phrases_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `phrases` as whole words (longest first, as an alternation tries them)."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")


_COMMA_NEW_CLAUSE = _phrases_regex(_COMMA_NEW_CLAUSE_PHRASES)
_NEG_ANYWHERE = _phrases_regex(_NEG_ANYWHERE_PHRASES)
_NEG_NEAR = re.compile(r"\b(?:no|non|none of)\s+(?:\S+\s+){0,2}$")
_NEG_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:was|were|is|are|had been|has been|have been)\s+(?:not\s+"
    r"(?:a\s+|an\s+)?(?:factor|feature|issue|concern|present|evident|apparent|indicated|"
    r"substantiated)|ruled out|denied|excluded|unfounded|unsubstantiated|discounted)\b"
)
_HEDGE = _phrases_regex(_HEDGE_PHRASES)
HEDGE_FACTOR = 0.5


def phrase_index(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """`phrases` by the code of their first character, as `_scan.phrase_in` takes them."""
    index: list[list[str]] = [[] for _ in range(128)]
    for p in phrases:
        if not (p.isascii() and p[0].isalpha() and p[-1].isalpha()):
            raise ValueError(f"phrase_in takes ASCII phrases between letters, not {p!r}")
        index[ord(p[0])].append(p)
    return tuple(tuple(group) for group in index)


try:
    from casereviews.analysis._scan import phrase_in as _c_phrase_in
except ImportError:
    _c_phrase_in = None
if python_scan_asked():
    _c_phrase_in = None
_COMMA_INDEX = phrase_index(_COMMA_NEW_CLAUSE_PHRASES)
_NEG_INDEX = phrase_index(_NEG_ANYWHERE_PHRASES)
_HEDGE_INDEX = phrase_index(_HEDGE_PHRASES)


def _found(pattern: re.Pattern[str], index: tuple, text: str, pos: int = 0) -> bool:
    """`pattern.search(text, pos)` found something: in C when it is built."""
    if _c_phrase_in is not None:
        return _c_phrase_in(text, pos, index)
    return pattern.search(text, pos) is not None


def clause_before(folded: str, start: int, floor: int) -> str:
    """The part of the hit's clause before it (folded text), at most LOOKBACK characters."""
    w0 = max(floor, start - LOOKBACK)
    pre = folded[w0:start]
    cut = last_clause_end(pre)  # the end of the last clause break, from the right
    if cut >= 0:
        pre = pre[cut:]
    comma = pre.rfind(",")
    while comma >= 0:
        if _found(_COMMA_NEW_CLAUSE, _COMMA_INDEX, pre, comma + 1):
            pre = pre[comma + 1 :]
            break
        comma = pre.rfind(",", 0, comma)
    return pre


def assess(folded: str, start: int, end: int, floor: int) -> float:
    """Multiplier for a hit: 0.0 negated, HEDGE_FACTOR hedged, 1.0 plain.

    `folded` is the lowercased, folded text (same offsets as the original); `floor` the start
    of the hit's sentence or section, before which no cue is looked for.
    """
    pre = clause_before(folded, start, floor)
    if _found(_NEG_ANYWHERE, _NEG_INDEX, pre) or _NEG_NEAR.search(pre):
        return 0.0
    post = folded[end : end + LOOKAHEAD]
    cut = _CLAUSE.search(post)
    if cut:
        post = post[: cut.start()]
    if _NEG_AFTER.search(post):
        return 0.0
    if _found(_HEDGE, _HEDGE_INDEX, pre):
        return HEDGE_FACTOR
    return 1.0
