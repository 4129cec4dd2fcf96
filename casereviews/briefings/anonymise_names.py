"""A first name on its own, for the anonymisation check (plain Python, like the check).

A capitalised word from the names list is reported as a name when the words around it say it is
a person:
- a family word or relationship right before it: "Mum's new partner Kyle", "Mother Chantelle",
  "Baby Jayden", "her brother, Tyler"; or "called", "named", "known as" before it;
- for names that are never everyday words (first_names.FIRST_NAMES), also: a verb after it
  ("Chantelle said", "Jayden cried", "Kyle moved in"), a possessive ("Kyle's behaviour"), an age
  ("Kyle (3)", "Kyle, aged 3"), or a verb of contact before it ("told Kyle", "visited Jade").
A name followed by another capitalised word is left to the first-name-and-surname rule ("Queen
Elizabeth Hospital" is not "Elizabeth"), and a name after St, Sir, Lord, Professor... or in a
citation ("Brandon et al.", "Duncan (1999)") is not a person of the case.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator


def _set_of(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FAMILY = (
    r"mum|mummy|mam|mother|dad|daddy|father|step-?father|step-?mother|step-?dad|step-?mum"
    r"|partner|ex-partner|boyfriend|girlfriend|ex-boyfriend|ex-girlfriend|husband|wife|fianc[ée]e?"
    r"|brother|sister|half-brother|half-sister|step-?brother|step-?sister|sibling|twin"
    r"|baby|son|daughter|aunt|auntie|aunty|uncle|grandmother|grandma|gran|nan|nanna|nana"
    r"|grandad|granddad|grandfather|grandparent|cousin|niece|nephew|toddler|infant|boy|girl"
    r"|friend|carer|neighbour|lodger|relative"
)
_QUALIFIERS = (
    r"new|old|former|older|younger|eldest|oldest|youngest|current|then|estranged|biological"
    r"|birth|maternal|paternal|late|teenage|adult|baby|little|big|male|female|ex|twin"
)
_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"

_BY_FAMILY = re.compile(
    rf"(?i:\b(?:{_FAMILY})(?:['’]s)?(?:\s+(?:{_QUALIFIERS}))*)\s*,?\s+(?P<name>{_NAME})\b"
    rf"|(?i:\b(?:called|named|known\s+as|nicknamed))\s+(?P<called>{_NAME})\b"
)

_VERBS = _set_of(
    """
    said says told tells was is had has have cried cries went goes moved lives lived came comes
    attended attends disclosed discloses reported reports stayed stays died dies left leaves
    returned returns started starts became becomes did does could would will may might should
    can must cannot saw sees seemed seems appeared appears began begins got gets made makes took
    takes gave gives asked asks wanted wants needed needs refused refuses missed misses spoke
    speaks explained explains stated states presented presents suffered suffers sustained ran
    runs hit hits kept keeps felt feels thought thinks knew knows spent spends slept sleeps woke
    wakes fell falls ate eats lost loses met meets wrote writes wore sat sits stood stands shared
    shares described describes alleged alleges admitted admits denied denies continued remained
    remains tried tries played plays screamed shouted hid hides wasn't didn't hasn't hadn't isn't
    couldn't won't wouldn't also often never then now later still again
    """
)
_AFTER = re.compile(
    r"(?P<possessive>['’]s\s+[a-z])"
    r"|\s*\(\s*(?:aged\s+)?\d{1,2}\b"
    r"|,?\s+aged?\s+\d"
    r"|\s+(?P<word>[a-z][a-z'’]*)"
)
_BEFORE_CONTACT = re.compile(
    r"\b(?:told|asked|saw|seen|visited|met|hit|with|to|for|about|between)\s+$", re.IGNORECASE
)
_NOT_A_PERSON_BEFORE = re.compile(
    r"\b(?:St\.?|Saint|Sir|Lord|Lady|Dame|Baroness|Baron|Professor|Prof\.?|Judge|Justice|Rev\.?"
    r"|Reverend|Mr|Mrs|Ms|Miss|Mx|Dr|Queen|King|Prince|Princess|HMP|HMS)\s+$"
)
_CITATION_AFTER = re.compile(
    r"\s*(?:et\s+al\b|\(\s*(?:19|20)\d\d|,\s*(?:19|20)\d\d\b|&|and\s+[A-Z])"
)
_CAPITAL_NEXT = re.compile(r"\s+(?:Mc|Mac|O['’])?[A-Z][a-z]")
_WORD = re.compile(rf"\b{_NAME}\b")


def single_names(
    text: str, names: Collection[str], word_names: Collection[str]
) -> Iterator[tuple[int, int]]:
    """(start, end) of each first name on its own that the context says is a person.

    `names`: names that are never everyday words; `word_names`: names that are (only the
    family-word and "called" rules apply to them)."""
    seen: set[int] = set()
    for m in _BY_FAMILY.finditer(text):
        group = "name" if m.group("name") else "called"
        word = m.group(group)
        if (word in names or word in word_names) and not re.match(r"\s+\d", text[m.end() :]):
            seen.add(m.start(group))
            yield m.start(group), m.end(group)
    for m in _WORD.finditer(text):
        word = m.group()
        if word not in names or m.start() in seen:
            continue
        before, after = text[max(0, m.start() - 20) : m.start()], text[m.end() : m.end() + 40]
        if _NOT_A_PERSON_BEFORE.search(before) or _CITATION_AFTER.match(after):
            continue
        if _CAPITAL_NEXT.match(after) or after.startswith("-"):
            continue  # part of a longer name: the first-name-and-surname rule decides
        if _BEFORE_CONTACT.search(before):
            yield m.start(), m.end()
            continue
        follow = _AFTER.match(after)
        if follow is None:
            continue
        verb = follow.group("word")
        if verb is None or verb in _VERBS or (len(verb) > 3 and verb.endswith("ed")):
            yield m.start(), m.end()
