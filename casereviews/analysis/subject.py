"""Who a text is about: a child, an adult (a safeguarding adult review, the Care Act,
self-neglect), a domestic homicide review, or no one in particular.

The decision counts signals in the text: the names of the kinds of review ("safeguarding adult
review", "domestic homicide review", "child safeguarding practice review") weigh most, then the
words of each field ("Care Act", "section 42", "MARAC", "health visitor", "school"). The kind of
review a text names most decides; without one, the field with the most weight, if it has enough.
Statutory wording that every kind of page repeats counts for little.
"""

from __future__ import annotations

import re

CHILD, ADULT, DHR, NONE = "child", "adult", "domestic-homicide", "none"
SUBJECTS = (CHILD, ADULT, DHR, NONE)

# The names of a kind of review: the strongest signal of whom a text is about.
_REVIEW_NAMES = {
    ADULT: re.compile(
        r"\bsafeguarding adults? reviews?\b|\bsars?\b|\bsection 44\b|\bs44\b"
        r"|\bsafeguarding adults? (?:board|partnership)s?\b|\bsabs?\b"
    ),
    DHR: re.compile(
        r"\bdomestic homicide reviews?\b|\bdhrs?\b|\bdomestic abuse related death reviews?\b"
        r"|\bdardrs?\b"
    ),
    CHILD: re.compile(
        r"\bchild safeguarding practice reviews?\b|\bserious case reviews?\b|\bcsprs?\b"
        r"|\blcsprs?\b|\bscrs?\b|\brapid reviews?\b|\bsafeguarding children (?:partnership|board)s?"
        r"|\blscbs?\b|\blscps?\b|\bchild practice reviews?\b"
    ),
}
# The words of each field, each occurrence one point.
_FIELD_WORDS = {
    ADULT: re.compile(
        r"\bcare act\b|\bsection 42\b|\bs42\b|\badults? at risk\b|\bself[- ]neglect\w*|"
        r"\bcare and support needs\b|\bmental capacity\b|\bmaking safeguarding personal\b|"
        r"\badult social care\b|\bcare home\b|\bnursing home\b|\bdeprivation of liberty\b|"
        r"\bhoarding\b|\bvulnerable adults?\b|\bthe adult\b|\bmr [a-z]\b|\bms [a-z]\b|"
        r"\bmrs [a-z]\b|\badult [a-z]\b|\bexecutive (?:function|capacity)\b|\btenancy\b|"
        r"\bhomeless(?:ness)?\b|\bcarers? assessment\b|\bresidential care\b|"
        r"\bcare provider\b|\bcare workers?\b|\blived alone\b|\bsafeguarding adults?\b|"
        r"\badult safeguarding\b|\bwith adults\b|\bolder (?:people|person|adults?)\b|"
        r"\bdomiciliary\b|\bcare package\b|\badult [a-z]{1,2}\b"
    ),
    DHR: re.compile(
        r"\bvictim\b|\bperpetrator\b|\bhomicide\b|\bkilled\b|\bmurder(?:ed)?\b|\bmarac\b|"
        r"\bdash\b|\bidva\b|\bcommunity safety partnership\b|\bcsp\b|\bhome office\b|"
        r"\bcoercive control\b|\bintimate partner\b|\bclare's law\b|\bstalking\b"
    ),
    CHILD: re.compile(
        r"\bchild\b|\bchildren\b|\bchild's\b|\bbaby\b|\bbabies\b|\binfants?\b|"
        r"\byoung person\b|\bschool\b|\bhealth visit\w*|\bmidwi\w*|\bchild protection\b|"
        r"\bchildren's social care\b|\bfoster\w*|\bparent(?:s|ing|al)?\b|\bmother\b|"
        r"\bteenage\w*|\bchild [a-z]{1,2}\b|\bsibling\w*|\bnursery\b|\bpupil\w*|\bboys?\b|"
        r"\bgirls?\b|\bson\b|\bdaughter\b|\btoddler\b|\byoung people\b|\bcamhs\b|"
        r"\bchild and adolescent\b|\bhealth visiting\b|\bsocial worker\b|\bcaseloads?\b|"
        r"\bearly help\b|\bchildren's services\b|\bgrandparents?\b|\bfather\b"
    ),
}
REVIEW_NAME_WEIGHT = 6.0
AGE_WEIGHT = 2.0
# "Jay (15)", "aged 14", "a 34-year-old woman": a person's age says child or adult.
_AGE = re.compile(
    r"\b[a-z]+ \((\d{1,2})\)|\baged (\d{1,2})\b(?! (?:months?|weeks?|days?))|"
    r"\b(\d{1,2})[- ]year[- ]old\b|\bwas (\d{1,2}) and\b"
)
# The sum of field weights below which a text is about no one in particular.
MIN_EVIDENCE = 2.0


def subject_scores(lowered: str) -> dict[str, float]:
    """The weight of each subject's signals in `lowered` (the lowercased text)."""
    return _signals(lowered)[0]


def _signals(lowered: str) -> tuple[dict[str, float], dict[str, int]]:
    """Each subject's weight, and how often each kind of review is named (each pattern is
    run once: they are most of the cost of the decision)."""
    scores: dict[str, float] = {}
    names: dict[str, int] = {}
    for subject in (CHILD, ADULT, DHR):
        names[subject] = len(_REVIEW_NAMES[subject].findall(lowered))
        words = len(_FIELD_WORDS[subject].findall(lowered))
        scores[subject] = REVIEW_NAME_WEIGHT * names[subject] + words
    for m in _AGE.finditer(lowered):
        age = int(next(g for g in m.groups() if g))
        scores[CHILD if age < 18 else ADULT] += AGE_WEIGHT
    return scores, names


# Whom a review is about is said in its first pages (title, introduction, summary): only they
# are read, so a long report costs no more than a short one.
HEAD_CHARS = 12_000


def detect_subject(text: str) -> str:
    """`child`, `adult`, `domestic-homicide` or `none` (too few signals of any)."""
    lowered = text[:HEAD_CHARS].lower().replace("\u2019", "'")
    scores, names = _signals(lowered)
    # A text that names the kinds of review a partnership does (a site page, a procedure
    # that covers all ages) names more than one: the field words then decide.
    best = max((CHILD, ADULT, DHR), key=lambda s: (scores[s], s == CHILD))
    if scores[best] < MIN_EVIDENCE:
        return NONE
    # A DHR is full of children's words when the victim had children: its name decides,
    # unless a child review is named as much.
    if names[DHR] and names[DHR] >= names[CHILD] and names[DHR] >= names[ADULT]:
        return DHR
    if names[ADULT] > names[CHILD] and scores[ADULT] >= 0.5 * scores[CHILD]:
        return ADULT
    return best


# Who a sentence is about. "Was not seen", "not spoken to", "not heard" are Voice of the child
# when the one not seen is a child; "Fathers and male carers were not seen" and "no one spoke
# to the mother's partner" are about adults (Fathers, parental engagement), not the child.
PERSON_VERBS = re.compile(r"\b(?:seen|spoken|spoke|speak|speaking|heard|listened|asked|talked)\b")
_ADULT_PERSON = re.compile(
    r"\b(?:fathers?|dads?|step ?fathers?|step ?dads?|mothers?|mums?|parents?|(?<!young )carers?|"
    r"partners?|boyfriends?|girlfriends?|husbands?|wives|wife|man|men|males?|adults?|"
    r"grand(?:parents?|mothers?|fathers?)|uncles?|aunts?|lodgers?|perpetrators?)\b(?!['\u2019]s)"
)
_CHILD_PERSON = re.compile(
    r"\b(?:child|children|baby|babies|infants?|young (?:person|people)|boys?|girls?|siblings?|"
    r"sons?|daughters?|teenagers?|pupils?|toddlers?)\b(?!['\u2019]s)"
)
_CLAUSE_BREAK = re.compile(
    r".*[.;:!?()\n]|.*\b(?:but|however|although|while|whilst|and that)\b", re.S
)
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+\s+)?(?:seen|spoken|heard|listened|asked|talked)\b"
)
_AFTER_WORDS = re.compile(r"^\W*(?:\w+['\u2019]?\w*\W+){0,3}")


def about_an_adult(text: str, start: int, end: int) -> bool:
    """Whether the person a "not seen / not spoken to / not heard" phrase at text[start:end]
    is about is an adult: the clause before it (its subject: "Fathers and male carers were
    not seen") or, after "spoke to", the words that follow ("spoke to the father"), name a
    parent, carer, partner or other adult and no child ("the child's father" is the father)."""
    before = text[max(0, start - 120) : start].lower()
    m = _CLAUSE_BREAK.match(before)
    if m:
        before = before[m.end() :]
    after = ""
    phrase = text[start:end].lower()
    passive = _PASSIVE.search(text[max(0, start - 30) : end].lower())
    if not passive and phrase.endswith((" to", " the")):  # "spoke to the ...": its object
        m = _AFTER_WORDS.match(text[end : end + 60].lower())
        after = m.group(0) if m else ""
    for part in (after, before) if after else (before,):
        if _CHILD_PERSON.search(part):
            return False
        if _ADULT_PERSON.search(part):
            return True
    return False
