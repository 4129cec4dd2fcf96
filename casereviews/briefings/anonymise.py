"""The anonymisation check: what in a text looks like a personal detail of a real person.

Pure Python (no Django), so a briefing, a newsletter or a command-line run can all use it:

    find_personal_details(text, allowed=["Northshire Police"]) -> [Detail(kind, start, end, text)]

It looks for personal names (a title and a capitalised word; a common UK first name and a
surname; a first name on its own beside a family word or as the subject of a verb), dates of birth
(any date form near "born", "DOB", "d.o.b." or "date of birth"; a full numeric date right after a
child's pseudonym), addresses (a street, with or without a house number), UK postcodes, phone
numbers, email addresses, school and nursery names (every one of a list), and GP surgeries and
health centres. The rules favour precision: briefing prose full of agency names, pseudonyms
("Child A", "Mother"), meeting dates and place names gives no warnings. What it cannot see is
listed in docs/adr/0010 and 0015; a person reads the text before publishing.

`redact(text)` replaces each detail with a marker ("[address removed]"): what the audit log keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from casereviews.briefings import anonymise_names
from casereviews.briefings.first_names import FIRST_NAMES, PAIR_NAMES, WORD_NAMES

NAME = "name"
DATE_OF_BIRTH = "date_of_birth"
ADDRESS = "address"
POSTCODE = "postcode"
PHONE = "phone"
EMAIL = "email"
SCHOOL = "school"
SURGERY = "surgery"
KINDS = (NAME, DATE_OF_BIRTH, ADDRESS, POSTCODE, PHONE, EMAIL, SCHOOL, SURGERY)

# The words of the marker that replaces a detail in what is kept ("[address removed]").
KIND_WORDS = {
    NAME: "name",
    DATE_OF_BIRTH: "date of birth",
    ADDRESS: "address",
    POSTCODE: "postcode",
    PHONE: "phone number",
    EMAIL: "email address",
    SCHOOL: "school name",
    SURGERY: "GP surgery or health centre",
}

# When two findings overlap, the longer wins; at equal length, the earlier kind here.
_PRIORITY = {
    kind: n
    for n, kind in enumerate(
        (EMAIL, POSTCODE, PHONE, DATE_OF_BIRTH, SURGERY, ADDRESS, SCHOOL, NAME)
    )
}

# Organisations whose names contain a personal name or a school-like word: never a person.
BUILT_IN_ALLOWED = (
    "Barnardo's",
    "Dr Barnardo's",
    "Lucy Faithfull Foundation",
    "Anna Freud Centre",
    "Anna Freud National Centre for Children and Families",
    "Marie Curie",
    "St John Ambulance",
    "Great Ormond Street",
    "Florence Nightingale",
    "Virtual School",
    "Sunday School",
    # Children whose names are those of public inquiries and reviews that briefings cite.
    "Victoria Climbié",
    "Peter Connelly",
    "Daniel Pelka",
    "Khyra Ishaq",
    "Hamzah Khan",
    "Arthur Labinjo-Hughes",
    "Star Hobson",
    "Logan Mwangi",
    "Ellie Butler",
    "Keanu Williams",
    "Poppi Worthington",
    "Holly Wells",
    "Jessica Chapman",
    "Clare's Law",
    "Sarah's Law",
    "Helen Bamber Foundation",
    "Grace Darling",
)


@dataclass(frozen=True)
class Detail:
    """One thing that looks personal: its kind (one of KINDS), where it is, and the text."""

    kind: str
    start: int
    end: int
    text: str


# -- building blocks --------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_NUMERIC_DATE = (
    r"(?:(?:[12]\d|3[01]|0?[1-9])[/.\-](?:1[0-2]|0?[1-9])[/.\-](?:(?:19|20)\d\d|\d\d)"
    r"|(?:19|20)\d\d-(?:1[0-2]|0[1-9])-(?:[12]\d|3[01]|0[1-9]))"
)
_TEXT_DATE = (
    rf"(?:(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?:{_YEAR}|\d\d))?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH},?\s+{_YEAR})"
)
_ANY_DATE = rf"(?:{_NUMERIC_DATE}|{_TEXT_DATE})(?![\w/])"

_CHILD_REF = r"(?:Child|Baby|Sibling|Infant|Young Person|Subject)\s+[A-Z]\d?"

# A surname: Smith, McDonald, O'Brien, Smith-Jones.
_SURNAME = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:['’][a-z]+)?(?:-[A-Z][a-z]+)?"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)"


def _words(text: str) -> list[str]:
    return text.split()


# Words that follow a title or a first name in briefing prose without being a surname.
_NOT_SURNAMES = frozenset(
    _words(
        """
    Child Children Childs Mother Father Parent Parents Carer Carers Sibling Siblings Baby Babies
    Family Families Team Teams Service Services Centre Centres Center Hospital Hospitals Police
    Council Health Trust Street Road Avenue Lane Close Drive Way School Schools Academy Nursery
    Primary Secondary House Lodge Unit Ward Clinic Practice Surgery Foundation Project Hub Board
    Partnership Panel Group Groups Court Courts The And Of For In On At To With From By Or But
    Safeguarding Social Care Early Help Hall College University Church Chapel Mosque Temple
    Community Communities Programme Program Plan Plans Meeting Meetings Review Reviews Report
    Briefing Briefings Act Day Days Week Weeks Month Months Year Years Conference Strategy
    Assessment Assessments Network Networks Partners Agency Agencies Board Boards Office
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter Ramadan Eid
    Award Awards Fund Funds Unit Units Place Road Home Homes Refuge Refuges Nurse Nurses Doctor
    Doctors Visitor Visitors Worker Workers Officer Officers Manager Managers Lead Leads Bay
    Learning Lessons Practice Practices Syndrome Scale Model Models Framework Standard Standards
    Protocol Protocols Policy Policies Guidance Toolkit Tool Tools Pathway Pathways
    """
    )
)

# Capitalised words before "School", "Academy" or "Nursery" that make no school's name.
_GENERIC_SCHOOL_WORDS = frozenset(
    _words(
        """
    The A An This That His Her Their Its Our Your Each Every Any Another Same New Local Primary
    Secondary Junior Infant Infants High Special Independent Free Virtual Sunday Day Boarding
    Grammar Comprehensive Mainstream Residential Nursery Pre Private State Maintained Previous
    Current Former First Second Third Middle Upper Lower Village Community Faith Catholic
    Church Forest Medical Nursing Summer Holiday After Before Her His Their Its Whole Wider
    Designated Named Attending Old Mixed Girls Boys Trust Multi Academy
    """
    )
)
_COURTS = frozenset(
    _words("Crown Family County Magistrates Magistrates' Youth High Coroner's Coroners Appeal")
)


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)

# The UK postcode pattern (outward code, space optional, inward code), in capitals.
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPS-UW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
    r"\s?\d[ABD-HJLNP-UW-Z]{2})\b"
)

# UK numbers: +44 or 0, then 9 or 10 more digits in groups (spaces, hyphens, brackets).
_PHONE = _compile(
    r"""(?<![\w+/.-])
    (?:\+44\s?(?:\(0\)\s?)?|\(?0)
    [1-37-9][\d\s\-()]{7,14}\d
    (?![\w/])"""
)

_DOB = _compile(
    rf"""\b(?:
        (?:(?i:d\.?\s?o\.?\s?b)\b\.?|[Dd]ate\s+of\s+birth|[Bb]irth\s*date|[Bb]irthday)
            [\s:,=\-–]*(?:(?:is|was|of|on|given\s+as|recorded\s+as)\s+)?(?P<a>{_ANY_DATE})
      | [Bb]orn\b(?:[^.,;:\n]|[.](?=\d)){{0,25}}?(?<![\w/.])(?P<b>{_ANY_DATE})
      | {_CHILD_REF}\s*[(,:\-–]\s*(?:b\.\s*)?(?P<c>{_NUMERIC_DATE})(?![\w/])
    )"""
)

_STREET_WORDS = (
    r"Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Gardens|Terrace|Place"
    r"|Grove|Square|Mews|Row|Parade|Walk|Rise|Boulevard|Hill|Wharf"
)
_FLAT = re.compile(r"\b(?:Flat|Apartment)\s+\d+[A-Za-z]?,?\s+$")
_ADDRESS = _compile(
    rf"""(?<![\d/.,£$%-])\b\d{{1,3}}[A-Za-z]?,?\s+
    (?P<words>(?:(?:St\.?|Saint)\s+)?(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\s+){{1,3}})
    (?P<street>{_STREET_WORDS})\b"""
)

# A street without a house number: "Elm Road", "on Acacia Close". The words that are often
# something else (Way, Place, Court, Hill...) count only after "in", "on", "at", "off"...
_STREET_ALONE = _compile(
    r"""(?<![\w&])(?P<words>(?:(?:St\.?|Saint)\s+)?(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\s+){1,2})
    (?P<street>Road|Street|Avenue|Lane|Crescent|Terrace|Mews|Close|Drive|Gardens|Grove|Way|Walk
      |Place|Rise|Row|Square|Parade|Court|Hill|Green|View)\b"""
)
_STREET_FIRST_WORDS = frozenset(_words("Church Chapel Station Mill Park Hall Market Bridge Castle"))
_STRONG_STREETS = frozenset(_words("Road Street Avenue Lane Crescent Terrace Mews"))
_PLACE_PREPOSITION = re.compile(r"\b(?:in|on|at|off|near|from|to|into|along|of)\s+$")
_NOT_STREET_NAMES = frozenset(
    _words(
        """
    The A An This That Our Their His Her Its Main High Ring Police Safety Safe Traffic Health
    Council Service Services Team Care Social Early Help Children Child Family Families Youth
    Community Right Wrong Better Best Middle New Front Back Side Easy Hard Long Short One Two
    Each Every Any Which What Where When Downing Fleet Wall Oxford Baker Harley Bond Regent
    Coronation Memory Mental Court Crown County Magistrates Primary Secondary
    """
    )
)
_STREET_AFTER_NOT = re.compile(
    r"\s+(?:Surgery|Medical|Health|School|Academy|Nursery|Primary|Hospital)\b"
)

# A GP surgery, health centre or practice: "Lakeside Surgery", "Elm Road Medical Centre".
_SURGERY = _compile(
    r"""\b(?P<words>(?:(?:St\.?|Saint)\s+)?(?:[A-Z][A-Za-z'’]+(?:-[A-Z][a-z'’]+)?\s+){1,3})
    (?P<type>Surgery|Medical\s+Centre|Health\s+Centre|Medical\s+Practice|Health\s+Clinic
      |Family\s+Practice|Group\s+Practice|Primary\s+Care\s+Centre|Medical\s+Group)\b"""
)
_GENERIC_SURGERY_WORDS = frozenset(
    _words(
        """
    The A An This That His Her Their Its Our Your GP G.P. General Local Dental Day Cardiac
    Plastic Paediatric Neonatal Orthopaedic Eye Emergency Minor Elective Family Group NHS
    Walk-in Walk-In Urgent Same Previous New Former Registered Practice Health Community
    Primary Care Medical Centre Child Children's Childrens Sexual Maternity Mental Major Keyhole
    Surgery Oral Brain Heart Spinal Cosmetic Abdominal Further Follow-up Routine Planned
    """
    )
)

_SCHOOL = _compile(
    r"""\b(?P<words>(?:(?:St\.?|Saint)\s+)?(?:[A-Z][A-Za-z'’]+(?:-[A-Z][a-z'’]+)?\s+){1,4})
    (?:(?:C\s?of\s?E|CE|RC|Catholic|Church\s+of\s+England|C\.E\.)\s+)?
    (?P<type>(?:Primary|Junior|Infants?|Secondary|High|Grammar|Community|Free|Special)\s+Schools?
      |School|Academy|Nursery|Nurseries|Pre-School|Preschool
      |Primary(?!\s+(?:Care|Mental|Health|Carer|Schools?|Concern|Reason|Focus|Aim))
      |Juniors?(?!\s+[A-Z])|Infants(?!\s+[A-Z])
      |High(?!\s+(?:Court|Street|Risk|Road|Sheriff|Commission|Level|Security|School|Schools)))\b"""
)
# Another school named before one found: "St Mary's and Oakfield Primary", "Elm, Ash and ...".
_SCHOOL_BEFORE = re.compile(
    r"(?P<name>(?:(?:St\.?|Saint)\s+)?[A-Z][a-z'’]+(?:['’]s)?(?:\s+[A-Z][a-z'’]+(?:['’]s)?)?)"
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)$"
)

_TITLED_NAME = _compile(rf"""\b{_TITLE}\.?\s+(?P<first>{_SURNAME})(?:\s+(?P<second>{_SURNAME}))?""")
# The surname in a lookahead: "The Mary Seacole Unit" must still find "Mary Seacole".
_PAIR = _compile(
    rf"""\b(?P<first>[A-Z][a-z]+)
    (?=[\ \t](?P<second>{_SURNAME})\b(?:[\ \t](?P<third>{_SURNAME})\b)?)"""
)


# -- the rules --------------------------------------------------------------------------------


def _emails(text: str) -> Iterable[Detail]:
    for m in _EMAIL.finditer(text):
        yield Detail(EMAIL, m.start(), m.end(), m.group())


def _postcodes(text: str) -> Iterable[Detail]:
    for m in _POSTCODE.finditer(text):
        yield Detail(POSTCODE, m.start(), m.end(), m.group())


def _phones(text: str) -> Iterable[Detail]:
    for m in _PHONE.finditer(text):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        if raw.startswith("+44"):
            national = digits[2:]
            national = national[1:] if national.startswith("0") else national
        else:
            national = digits[1:]
        if len(national) not in (9, 10) or national[0] not in "12378":
            continue
        if re.search(r"\s{2,}|[()\-]\s*[()\-]", raw):
            continue
        yield Detail(PHONE, m.start(), m.end(), raw)


def _dates_of_birth(text: str) -> Iterable[Detail]:
    for m in _DOB.finditer(text):
        group = next(g for g in ("a", "b", "c") if m.group(g))
        # Keep the words that make it a date of birth ("born on ...", "DOB: ..."), not the child.
        start = m.start() if group in ("a", "b") else m.start(group)
        yield Detail(DATE_OF_BIRTH, start, m.end(group), text[start : m.end(group)])


def _addresses(text: str) -> Iterable[Detail]:
    for m in _ADDRESS.finditer(text):
        words = m.group("words").split()
        if m.group("street") == "Court" and words and words[-1] in _COURTS:
            continue  # "3 Crown Court hearings"
        flat = _FLAT.search(text, max(0, m.start() - 20), m.start())
        start = flat.start() if flat else m.start()
        yield Detail(ADDRESS, start, m.end(), text[start : m.end()])


def _streets_without_number(text: str) -> Iterable[Detail]:
    for m in _STREET_ALONE.finditer(text):
        words = m.group("words").split()
        while words and words[0] in _NOT_STREET_NAMES:
            words.pop(0)
        if not words or any(w in _NOT_STREET_NAMES or w in _NOT_SURNAMES for w in words[1:]):
            continue
        if words[0] in _NOT_SURNAMES and words[0] not in _STREET_FIRST_WORDS:
            continue
        start = text.index(words[0], m.start())
        weak = m.group("street") not in _STRONG_STREETS
        if weak and not _PLACE_PREPOSITION.search(text, max(0, start - 8), start):
            continue
        if _STREET_AFTER_NOT.match(text, m.end()):
            continue  # "Elm Road Surgery": the surgery rule reports it
        yield Detail(ADDRESS, start, m.end(), text[start : m.end()])


def _proper_words(m: re.Match[str], generic: frozenset[str]) -> tuple[list[str], list[str]]:
    """The words of a place's name without leading generic ones ("The", "Her", "Local"), and
    those of them that are not St/Saint; ([], []) when nothing but generic words is left."""
    words = m.group("words").split()
    while words and words[0].rstrip("'’s") in generic:
        words.pop(0)
    names = [w for w in words if w.rstrip(".") not in ("St", "Saint")]
    if not names or all(w in generic for w in names):
        return [], []
    return words, names


def _surgeries(text: str) -> Iterable[Detail]:
    for m in _SURGERY.finditer(text):
        words, _names = _proper_words(m, _GENERIC_SURGERY_WORDS)
        if words:
            start = text.index(words[0], m.start())
            yield Detail(SURGERY, start, m.end(), text[start : m.end()])


def _is_school_name(words: list[str]) -> bool:
    names = [w for w in words if w.rstrip(".") not in ("St", "Saint")]
    return bool(names) and not any(
        w.rstrip("'’s") in _GENERIC_SCHOOL_WORDS or w in _NOT_SURNAMES for w in names
    )


def _schools(text: str) -> Iterable[Detail]:
    for m in _SCHOOL.finditer(text):
        words, names = _proper_words(m, _GENERIC_SCHOOL_WORDS)
        if not words:
            continue
        if m.group("type").split()[0] in ("Primary", "High", "Junior", "Juniors", "Infants") and (
            not _is_school_name(words)
            or len(m.group("type").split()) == 1
            and names[-1] in _NOT_SURNAMES
        ):
            continue
        start = text.index(words[0], m.start())
        yield Detail(SCHOOL, start, m.end(), text[start : m.end()])
        # The schools named before it in a list: "St Mary's and Oakfield Primary".
        while (before := _SCHOOL_BEFORE.search(text, max(0, start - 60), start)) is not None:
            if not _is_school_name(before.group("name").split()):
                break
            start = before.start("name")
            yield Detail(SCHOOL, start, before.end("name"), before.group("name"))


def _is_surname(word: str | None) -> bool:
    return bool(word) and word not in _NOT_SURNAMES and len(word) > 1


def _names(text: str, extra: frozenset[str] = frozenset()) -> Iterable[Detail]:
    first_names, pair_names = FIRST_NAMES | extra, PAIR_NAMES | extra
    for m in _TITLED_NAME.finditer(text):
        first = m.group("first")
        if not _is_surname(first):
            continue  # "Mr A", "Mrs Child"
        end = m.end("second") if _is_surname(m.group("second")) else m.end("first")
        yield Detail(NAME, m.start(), end, text[m.start() : end])
    for m in _PAIR.finditer(text):
        if m.group("first") not in pair_names or not _is_surname(m.group("second")):
            continue
        if _NOT_A_PERSON_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Professor Eileen Munro", "St John Ambulance": not a person of the case
        end = m.end("third") if _is_surname(m.group("third")) else m.end("second")
        yield Detail(NAME, m.start(), end, text[m.start() : end])
    for start, end in anonymise_names.single_names(text, first_names, WORD_NAMES):
        surname = _SURNAME_AFTER.match(text, end)
        if surname and _is_surname(surname.group("surname")):
            end = surname.end()  # "Mother Grace Thompson"
        yield Detail(NAME, start, end, text[start:end])


_SURNAME_AFTER = re.compile(rf"\s(?P<surname>{_SURNAME})\b")
_NOT_A_PERSON_BEFORE = re.compile(r"\b(?:St\.?|Saint|Sir|Lord|Lady|Dame|Professor|Prof\.?)\s+$")

_RULES = (
    _emails,
    _postcodes,
    _phones,
    _dates_of_birth,
    _addresses,
    _streets_without_number,
    _surgeries,
    _schools,
)


def _allowed_spans(text: str, allowed: Iterable[str]) -> list[tuple[int, int]]:
    phrases = sorted({p.strip() for p in allowed if p and p.strip()}, key=len, reverse=True)
    if not phrases:
        return []
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def find_personal_details(
    text: str, allowed: Iterable[str] = (), extra_names: Iterable[str] = ()
) -> list[Detail]:
    """Everything in `text` that looks like a personal detail, in order of position.

    `allowed`: names that are never personal here (the partnership's and its agencies' names,
    a pseudonym); a finding inside one of them is dropped. `extra_names`: local first names to
    add to the list the project ships. Overlapping findings keep the longest.
    """
    if not text:
        return []
    extra = frozenset(n.strip() for n in extra_names if n and n.strip())
    found = [d for rule in _RULES for d in rule(text)]
    found.extend(_names(text, extra))
    if not found:
        return []
    spans = _allowed_spans(text, (*BUILT_IN_ALLOWED, *allowed))
    found = [d for d in found if not any(s <= d.start and d.end <= e for s, e in spans)]
    found.sort(key=lambda d: (-(d.end - d.start), _PRIORITY[d.kind], d.start))
    kept: list[Detail] = []
    for detail in found:
        if all(detail.end <= k.start or detail.start >= k.end for k in kept):
            kept.append(detail)
    return sorted(kept, key=lambda d: d.start)


def marker(kind: str) -> str:
    """What stands in a kept copy for a detail of `kind`: "[address removed]"."""
    return f"[{KIND_WORDS.get(kind, 'personal detail')} removed]"


def redact(text: str, allowed: Iterable[str] = (), extra_names: Iterable[str] = ()) -> str:
    """`text` with each personal detail the check finds replaced by its marker."""
    if not text:
        return text
    parts, last = [], 0
    for detail in find_personal_details(text, allowed, extra_names):
        parts += [text[last : detail.start], marker(detail.kind)]
        last = detail.end
    return "".join(parts) + text[last:]


def in_context(text: str, start: int, end: int, width: int = 50) -> tuple[str, str, str]:
    """(before, the match, after) with up to `width` characters each side, cut at a word."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    if start > width and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + width < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before.replace("\n", " "), text[start:end], after.replace("\n", " ")
