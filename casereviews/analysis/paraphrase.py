"""Sentence rules: learning said in other words (ADR 0049).

Real reviews seldom write "professional curiosity" where the learning is about it: they write
that "the mother's explanation was accepted", that "the call was logged as advice and closed",
that "entries were brief and did not include what he said". Each of those sentences holds one of
the theme's weak words ("accepted", "referral", "entries"), which alone count for little, and a
second word that says what the sentence is about ("explanation", "closed", "brief"). A theme's
`sentence_rules` in the framework file (data/default.toml) name such pairs: a hit of a `when`
phrase whose sentence also holds a `with` word (not the hit's own words) counts as the strong
indicator named by the rule, in the same place and with the same weight a strong phrase would
have there. The rules are data, like the phrases; the work is bounded by the scan's sample of
clusters per theme, and a sentence is looked at only for a hit of a `when` phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache

from casereviews.analysis.coverage import Context, HitContext
from casereviews.analysis.taxonomy import SentenceRule, Taxonomy

RULE_MARK = "~ "  # a rule's indicator reads "~ an account taken on trust" in `why`


def _word(phrase: str) -> str:
    p = phrase.strip().lower()
    star = p.endswith("*")
    words = re.split(r"[\s\-]+", p.rstrip("*").strip())
    body = r"[\s\-]+".join(re.escape(w).replace("'", "['\u2019]") for w in words)
    tail = r"\w*" if star else r"(?:s|['\u2019]s)?"
    return body + tail


@lru_cache(maxsize=256)
def _pattern(with_: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(_word(w) for w in with_) + r")\b")


def rules_of(taxonomy: Taxonomy) -> list[tuple[int, tuple[SentenceRule, ...]]]:
    """(theme index, its rules) for the themes that have sentence rules; kept on the taxonomy."""
    cached = taxonomy._cache.get("sentence_rules")
    if cached is None:
        cached = taxonomy._cache["sentence_rules"] = [
            (i, t.sentence_rules) for i, t in enumerate(taxonomy.themes) if t.sentence_rules
        ]
    return cached


def apply_rules(
    ctx: Context, rules: tuple[SentenceRule, ...], hits: list[HitContext]
) -> list[HitContext]:
    """`hits` with each weak or strong hit that a rule reads as the theme's learning made a
    strong hit named by the rule (`RULE_MARK` + name)."""
    out = hits
    text = ctx.text
    for j, h in enumerate(hits):
        if h.weight <= 0:
            continue
        for rule in rules:
            if h.phrase not in rule.when or (rule.problem and not h.problem):
                continue
            a, b = ctx.sentence_bounds(h.start, h.first_end)
            sentence = text[a:b].lower()
            own = (h.start - a, h.first_end - a)
            if not any(
                m.start() >= own[1] or (m.end() <= own[0] and not rule.after)
                for m in _pattern(rule.with_).finditer(sentence)
            ):
                continue
            if out is hits:
                out = list(hits)
            weight = h.weight / h.strength if h.strength > 0 else h.weight
            out[j] = h._replace(strength=1.0, weight=weight, phrase=RULE_MARK + rule.name)
            break
    return out
