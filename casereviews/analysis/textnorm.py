"""Text normalisation shared by the framework loader and the matcher.

Matching runs on a lowercased copy of the text in which typographic quotes, hyphens and all
whitespace are folded to ASCII, one character for one character, so offsets found in the copy
are offsets in the original. Phrases are normalised the same way when the automaton is built.
"""

from __future__ import annotations

import os
import re

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u0060": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "-": " ",
        "\u2010": " ",
        "\u2011": " ",
        "\u2012": " ",
        "\u2013": " ",
        "\u2014": " ",
        "\u2212": " ",
        "\u00ad": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
        "\f": " ",
        "\v": " ",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u2028": " ",
        "\u2029": " ",
        "\u0085": " ",
    }
)
_SPACES = re.compile(r" {2,}")
# For matching, punctuation other than ' + & is a space too, so that every phrase key can start
# with a space and the automaton itself refuses matches that begin inside a word.
PUNCT_TO_SPACE = str.maketrans({c: " " for c in '!"#$%()*,./:;<=>?@[\\]^_`{|}~'})


def lower_same_length(text: str) -> str:
    """Lowercase without changing the length (a few letters such as 'İ' grow when lowercased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def _ascii_table(*tables: dict[int, str]) -> bytes:
    """A bytes.translate table doing the ASCII part of str.translate with `tables`, in order."""
    out = []
    for i in range(128):
        c = chr(i)
        for table in tables:
            c = table.get(ord(c), c)
        out.append(ord(c))
    return bytes(out) + bytes(range(128, 256))


# ASCII fast path: bytes.translate is a plain 256-byte lookup, far quicker than str.translate
# with a dict. Every mapping of _FOLD and PUNCT_TO_SPACE from an ASCII character gives ASCII.
_FOLD_ASCII = _ascii_table(_FOLD)
PUNCT_ASCII = _ascii_table(PUNCT_TO_SPACE)  # the C scan folds punctuation with it


# The C fold (`_scan.fold`) does the lowercasing and the table in one pass; its ASCII table has
# the lowercasing in it, its other characters are the sorted keys of _FOLD above 127.
_LOWER_FOLD_ASCII = bytes(_FOLD_ASCII[ord(chr(i).lower())] for i in range(128))
_WIDE = sorted((k, v) for k, v in _FOLD.items() if k > 127)
_WIDE_FROM = "".join(chr(k) for k, _ in _WIDE)
_WIDE_TO = "".join(v for _, v in _WIDE)
try:
    from casereviews.analysis._scan import fold as _c_fold
except ImportError:  # not built: matcher.py warns once; the Python fold below is exact
    _c_fold = None
# CASEREVIEWS_SCAN=python runs the pure-Python specification of every part written in C (the
# scan, the fold, the weighing, headings, sentence cuts, negation, the review-process check).
SCAN_ENV = "CASEREVIEWS_SCAN"


def python_scan_asked() -> bool:
    """Whether `CASEREVIEWS_SCAN=python` asks for the Python specifications instead of C (read
    at each call, so tests can switch)."""
    return os.environ.get(SCAN_ENV, "").strip().lower() == "python"


def fold(text: str) -> str:
    """Lowercase and fold quotes, hyphens and whitespace; same length as `text`.

    ASCII text goes through bytes.translate (a 256-byte table); other text through the C fold
    when it is built, which gives exactly `fold_reference` (tested on every code point)."""
    if text.isascii():
        return text.lower().encode("ascii").translate(_FOLD_ASCII).decode("ascii")
    if _c_fold is not None and not python_scan_asked():
        folded = _c_fold(text, _LOWER_FOLD_ASCII, _WIDE_FROM, _WIDE_TO)
        if folded is not None:
            return folded
    return lower_same_length(text).translate(_FOLD)


def fold_reference(text: str) -> str:
    """`fold` in plain Python (str.translate with a dict: about 50 times slower than the C
    fold on text that is not pure ASCII); the specification the C fold is tested against."""
    return lower_same_length(text).translate(_FOLD)


def fold_for_matching(text: str) -> str:
    """`fold`, and punctuation other than ' + & made a space; same length as `text`."""
    return fold(text).translate(PUNCT_TO_SPACE)


def normalise_phrase(phrase: str) -> str:
    """The key a phrase is matched by: folded like the text, single-spaced, trimmed."""
    return _SPACES.sub(" ", fold_for_matching(phrase)).strip()


# A word broken at a line end by a hyphen: "escala-\ntion" (a typeset PDF's hyphenation), or
# pdfium's mark for a hyphen that ended a line (U+FFFE in get_text_range, 0x02 elsewhere).
_LINE_HYPHEN = re.compile(
    r"([^\W\d_]+)(?:[-\u2010\u2011\u00ad][ \t]*\n[ \t]*|[-\u2010\u2011\u00ad]?[\ufffe\x02]\n?)"
    r"([^\W\d_]+)"
)
# Left parts that make compounds with a real hyphen ("multi-agency", "self-neglect", "co-sleeping").
COMPOUND_PREFIXES = frozenset(
    ("multi", "self", "non", "co", "ex", "step", "well", "anti", "cross", "semi", "half")
)
_WORD = re.compile(r"[^\W\d_]+")
_BREAK_MARKS = ("\ufffe", "\x02", "-\n", "\u2010\n", "\u2011\n", "\u00ad\n", "- \n")


def join_line_hyphens(text: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Join words broken across a line end by a hyphen when the joined word is a word.

    "escala-\\ntion" becomes "escalation"; a real hyphen stays ("multi-\\nagency" becomes
    "multi-agency"). The joined word is a word when the document uses it unbroken elsewhere or
    it is in `vocabulary` (the framework's words). The hyphen is real when the right part starts
    with a capital, the document writes the pair with a hyphen elsewhere, the left part is a
    prefix that takes one ("multi", "self", "non", "co"...), or both parts are words the
    document (elsewhere) or `vocabulary` knows ("child-\\ncentred"). Otherwise the hyphen is
    the typesetter's and the word is joined. Text without a broken word comes back unchanged.
    """
    if not any(mark in text for mark in _BREAK_MARKS):  # str searches: quick on long text
        return text
    low = text.lower()
    known = set(_WORD.findall(_LINE_HYPHEN.sub(" ", low)))  # words written whole

    def word(w: str) -> bool:
        return w in known or w in vocabulary

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        ll, rl = left.lower(), right.lower()
        if right[:1].isupper():
            return f"{left}-{right}"
        if word(ll + rl):
            return left + right
        if (
            ll in COMPOUND_PREFIXES
            or f"{ll}-{rl}" in low
            or (len(ll) > 1 and len(rl) > 2 and word(ll) and word(rl))
        ):
            return f"{left}-{right}"
        return left + right

    return _LINE_HYPHEN.sub(fix, text)
