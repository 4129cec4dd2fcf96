"""The anonymisation check on texts with and without personal details (pure Python)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from casereviews.briefings import anonymise
from casereviews.briefings.anonymise import find_personal_details

AGENCIES = [
    "Northshire Safeguarding Children Partnership",
    "Northshire Police",
    "Northshire General Hospital",
    "Children's Social Care",
    "Early Help",
]

# A realistic page of a 7-minute briefing: agencies, pseudonyms, roles, meeting dates, months,
# places, legislation and numbers. Not one personal detail: the check must say nothing.
CLEAN_BRIEFING = """
Background
Child A, a 12-year-old boy, lived in Northampton with Mother, her partner (Adult B) and two
younger siblings (Sibling 1 and Sibling 2). Between March 2014 and June 2016 Northshire Police,
Children's Social Care, Early Help, the GP practice and the health visitor were involved. On
14 March 2017 a strategy meeting was held; a Section 47 enquiry followed on 16/03/2017 and an
Initial Child Protection Conference met on Friday 7 April 2017. Child A was born prematurely at
32 weeks and spent his first month on the neonatal unit at Northshire General Hospital.

Why it matters
Working Together to Safeguard Children 2018 and the Children Act 1989 are clear that agencies
share information. The Multi-Agency Safeguarding Hub (MASH) received 3 referrals in 2015. The
school nurse, the Designated Safeguarding Lead and the Virtual School Head each held part of
the picture; CAMHS had closed the case in May 2016. The family attended 3 Crown Court hearings
and 2 Family Court hearings. The 0-19 service offered 4 contacts; 2 were missed.

Key points
1. Look at the whole history, not the latest episode (see Ref053 and Ref050).
2. A child who is quiet and compliant may have learnt not to ask.
3. Fathers and male carers were not seen: the Father of Sibling 2 was never assessed.
4. The Lucy Faithfull Foundation and the NSPCC offer training; Barnardo's ran the group.
5. Of 18 actions, 6 are Amber, 9 Green and 3 Blue; 11 of 18 had no evidence of impact.

Things to note
The Graded Care Profile was not used. Lord Laming's report after the death of Victoria Climbié
made the same point in 2003. Signs of Safety was used in Kettering, Corby and Wellingborough.
The Named Nurse and the Designated Doctor for Safeguarding were consulted in week 12. Ofsted's
inspection in July 2017 rated services Good. Mr A and Ms B declined to take part.

What to do
Use the escalation protocol. Ring the duty desk. Read the Northshire Safeguarding Children
Partnership's neglect strategy 2017-2020 and its threshold document (version 3.2, 2016).

Reflective questions
What is a day in the life of the child you are most worried about? How do you know?
"""

# Each line holds one personal detail of the kind named, with the text the check must report.
DETAILS = [
    ("name", "Mrs Jones", "Child A's mother, Mrs Jones, declined the offer."),
    ("name", "Dr Patel", "The GP, Dr Patel, saw the baby twice."),
    ("name", "Mr O'Brien", "Mr O'Brien was interviewed by police."),
    ("name", "Jade Thompson", "Jade Thompson told her teacher about the bruises."),
    ("name", "Tyler Smith-Jones", "Her brother Tyler Smith-Jones was 15."),
    ("name", "Sophie McDonald", "The social worker, Sophie McDonald, visited."),
    ("name", "Mary Jane Collins", "Mary Jane Collins was the child's aunt."),
    ("date_of_birth", "DOB 14/02/2015", "Child A (DOB 14/02/2015) was seen at home."),
    ("date_of_birth", "date of birth: 3 March 2015", "Her date of birth: 3 March 2015."),
    ("date_of_birth", "born on 3rd March 2015", "Child B was born on 3rd March 2015."),
    ("date_of_birth", "born in June 2016", "Child C was born in June 2016 at home."),
    ("date_of_birth", "12/06/2016", "Child D (12/06/2016) was the youngest."),
    ("address", "14 Elm Road", "The family lived at 14 Elm Road, Kettering."),
    ("address", "Flat 2, 7 St John's Close", "They moved to Flat 2, 7 St John's Close."),
    ("address", "221b Baker Street", "A relative lived at 221b Baker Street."),
    ("postcode", "NN16 8AB", "The address was in NN16 8AB."),
    ("postcode", "SW1A 1AA", "Post went to SW1A 1AA."),
    ("phone", "07700 900123", "Her mobile was 07700 900123."),
    ("phone", "01604 123456", "The family's number was 01604 123456."),
    ("phone", "+44 (0)1604 123 456", "Call +44 (0)1604 123 456 after 6pm."),
    ("phone", "020 7946 0958", "The London number was 020 7946 0958."),
    ("email", "jo.bloggs@example.org", "She emailed jo.bloggs@example.org on Monday."),
    ("school", "Oakfield Primary School", "Child C attended Oakfield Primary School."),
    ("school", "St Mary's C of E Primary School", "He moved to St Mary's C of E Primary School."),
    ("school", "Kettering Academy", "She was on roll at Kettering Academy."),
    ("school", "Little Stars Nursery", "The baby went to Little Stars Nursery."),
    ("school", "Northfield High School", "Her brother attended Northfield High School."),
]


def test_realistic_briefing_prose_gives_no_warnings():
    assert find_personal_details(CLEAN_BRIEFING, AGENCIES) == []


@pytest.mark.parametrize(("kind", "expected", "text"), DETAILS)
def test_each_personal_detail_is_caught(kind, expected, text):
    found = find_personal_details(text, AGENCIES)
    assert [(d.kind, d.text) for d in found] == [(kind, expected)]
    detail = found[0]
    assert text[detail.start : detail.end] == expected


def test_a_text_full_of_details_reports_each_once_in_order():
    text = " ".join(line for _kind, _expected, line in DETAILS)
    found = find_personal_details(text, AGENCIES)
    assert [(d.kind, d.text) for d in found] == [(k, e) for k, e, _line in DETAILS]


def test_details_hidden_in_clean_prose_are_found_and_nothing_else():
    text = CLEAN_BRIEFING.replace("Mother, her partner", "Mother (Kelly Price), her partner")
    text = text.replace("Ring the duty desk.", "Ring the duty desk on 01604 765432.")
    found = find_personal_details(text, AGENCIES)
    assert [(d.kind, d.text) for d in found] == [
        ("name", "Kelly Price"),
        ("phone", "01604 765432"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Child A, Child B and Sibling 1 lived with Mother and Father.",
        "Mr A, Mrs B and Dr C were the professionals.",
        "The meeting on 12/03/2017 agreed a plan; the next was in April 2017.",
        "Meetings on 3 May 2017 and 14 June 2017.",
        "Amber actions: 3 Amber, 2 Green and 1 Blue.",
        "The 0-19 service and the 5-19 service.",
        "Reference 2017/0345 and case 16-0032 were closed.",
        "Week 12 of 2017; 3 of 18 reports; 11 of 18 gave no evidence.",
        "The school nurse and the school's designated safeguarding lead.",
        "The Virtual School and the Sunday School.",
        "She attended 2 Crown Court hearings in Northampton.",
        "Child A, who was born prematurely, spent a month in hospital.",
        "A newborn baby was seen by the midwife on 3 March 2017.",
        "The local Academy Trust and the Multi Academy Trust.",
        "Victoria Climbié and Peter Connelly are cited in Working Together.",
    ],
)
def test_everyday_briefing_phrases_are_not_personal(text):
    assert find_personal_details(text, AGENCIES) == []


def test_the_partnerships_and_agencies_names_are_never_names():
    agencies = ["Grace Darling Trust", "Jordan Price Associates"]
    text = "The Grace Darling Trust and Jordan Price Associates helped; Jordan Price did not."
    found = find_personal_details(text, agencies)
    assert [d.text for d in found] == ["Jordan Price"]
    assert found[0].start == text.rindex("Jordan Price")


def test_empty_text():
    assert find_personal_details("", AGENCIES) == []


def test_in_context_shows_words_either_side():
    text = "The family lived at 14 Elm Road, Kettering, until the summer of 2016 when they moved."
    detail = find_personal_details(text)[0]
    before, matched, after = anonymise.in_context(text, detail.start, detail.end, width=15)
    assert matched == "14 Elm Road"
    assert before.endswith("lived at ") and before.startswith("…")
    assert after.startswith(", Kettering") and after.endswith("…")


def test_kinds_are_the_models_warning_kinds():
    from casereviews.briefings.models import WarningKind

    assert set(anonymise.KINDS) == set(WarningKind.values)


def test_the_check_imports_no_django():
    code = (
        "import sys\n"
        "from casereviews.briefings.anonymise import find_personal_details as f\n"
        "assert f('Dr Patel')\n"
        "print(','.join(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""
