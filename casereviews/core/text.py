"""Plain text a person typed or pasted, made into sentences and short titles."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'‘“(])")


def sentences(text: str) -> list[str]:
    """The text's sentences, in order, each with its spaces and line breaks made single."""
    return [s for s in _SENTENCE_END.split(" ".join((text or "").split())) if s]


def short_title(text: str, limit: int = 80) -> str:
    """A one-line title from a longer text: its first sentence without the full stop, cut at a
    word before `limit` characters (with "…") when longer. 'Baby presented at hospital with
    unexplained injuries. Parents gave...' -> 'Baby presented at hospital with unexplained
    injuries'."""
    first = (sentences(text) or [""])[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"
