"""Negation and hedging around a hit, within its clause.

Only a cue that denies the thing itself blocks a hit ("no evidence of drug use", "denied any
alcohol misuse", "domestic abuse was not a feature"). A negated verb does not ("professionals
did not recognise the domestic abuse" is evidence of domestic abuse), and for themes about
practice a negated mention is itself the learning ("no strategy discussion was held"): those
themes are marked `negatable = false` in the framework and never come here.
"""

from __future__ import annotations

import os
import re

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
if os.environ.get("CASEREVIEWS_SCAN", "").strip().lower() == "python":
    _c_last_clause_end = None  # the pure-Python engine, as matcher.SCAN_ENV asks (read once)


def last_clause_end(pre: str) -> int:
    """Where the last clause break in `pre` ends (`_LAST_CLAUSE.match(pre).end()`), or -1:
    in C when it is built (about ten times quicker than the backtracking regex)."""
    if _c_last_clause_end is not None:
        return _c_last_clause_end(pre, CLAUSE_PUNCT, CLAUSE_WORDS)
    m = _LAST_CLAUSE.match(pre)
    return m.end() if m else -1


# A comma ends the clause when what follows it reads as a new clause ("..., the mother ...").
_COMMA_NEW_CLAUSE = re.compile(
    r"\b(?:the|she|he|they|it|there|this|that|which|who|her|his|their|mother|father|"
    r"agencies|professionals|was|were|had|has|is|are)\b"
)
_NEG_ANYWHERE = re.compile(
    r"\b(?:no (?:evidence|history|indications?|concerns?|suggestion|signs?|reports?|reported|"
    r"known|disclosures?|current|previous|prior|identified|further|"
    r"incidents?|information to suggest|reason to (?:believe|suspect)|apparent|obvious|"
    r"issues?)|nothing to (?:suggest|indicate)|there was nothing|"
    r"ruled out|denied|denies|deny|denying|not known to|never|without|absence of|"
    r"free (?:from|of)|negative (?:for|result)|no longer|neither|nor|"
    r"not (?:a|an) (?:factor|feature|issue|concern)|did not (?:use|misuse|drink|take)|"
    r"was not (?:misusing|using|drinking)|were not (?:misusing|using|drinking)|"
    r"not (?:thought|considered|believed) to (?:be|have)|unfounded|unsubstantiated|"
    r"did not (?:suggest|indicate|reveal|identify) any)\b"
)
_NEG_NEAR = re.compile(r"\b(?:no|non|none of)\s+(?:\S+\s+){0,2}$")
_NEG_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:was|were|is|are|had been|has been|have been)\s+(?:not\s+"
    r"(?:a\s+|an\s+)?(?:factor|feature|issue|concern|present|evident|apparent|indicated|"
    r"substantiated)|ruled out|denied|excluded|unfounded|unsubstantiated|discounted)\b"
)
_HEDGE = re.compile(
    r"\b(?:may have|might have|may be|might be|may also|could have|possibly|possible|perhaps|"
    r"unclear (?:whether|if)|not clear (?:whether|if)|uncertain whether|not known whether|"
    r"query|queried|if there (?:is|was|were))\b"
)
HEDGE_FACTOR = 0.5


def clause_before(folded: str, start: int, floor: int) -> str:
    """The part of the hit's clause before it (folded text), at most LOOKBACK characters."""
    w0 = max(floor, start - LOOKBACK)
    pre = folded[w0:start]
    cut = last_clause_end(pre)  # the end of the last clause break, from the right
    if cut >= 0:
        pre = pre[cut:]
    comma = pre.rfind(",")
    while comma >= 0:
        if _COMMA_NEW_CLAUSE.search(pre, comma + 1):
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
    if _NEG_ANYWHERE.search(pre) or _NEG_NEAR.search(pre):
        return 0.0
    post = folded[end : end + LOOKAHEAD]
    cut = _CLAUSE.search(post)
    if cut:
        post = post[: cut.start()]
    if _NEG_AFTER.search(post):
        return 0.0
    if _HEDGE.search(pre):
        return HEDGE_FACTOR
    return 1.0
