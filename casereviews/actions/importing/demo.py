"""Demo trackers to import: "last year's" spreadsheets of the fictional Northshire partnership.

    from casereviews.actions.importing import demo as demo_import
    demo_import.write_trackers(folder)   # -> the two .xlsx files, written into `folder`
    demo_import.seed()                   # the reviews' recommendations the trackers answer

- Northshire_action_tracker_2016-17.xlsx: the partnership's tracker, every agency, as a
  business unit keeps it (a title row above the headings, Refs written several ways, agencies
  by short name or full name, RAG as letters and words). For the business unit to import.
- Northshire_Police_action_plan_2016-17.xlsx: the police's own single-agency actions against the
  same recommendations. For the agency lead (Northshire Police) to import: an agency lead may
  not add recommendations, so `seed()` records the reviews' recommendations first, through the
  actions service, as the business unit would have entered them.

Everything is fictional. Headings are the tracker's own, not ours, so the column matching has
work to do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

TRACKER_NAME = "Northshire_action_tracker_2016-17.xlsx"
POLICE_PLAN_NAME = "Northshire_Police_action_plan_2016-17.xlsx"
HEADINGS = [
    "Ref", "Recommendation", "Action required", "Lead agency", "Lead officer", "Target date",
    "RAG", "Update", "Date of update", "Evidence of impact",
]  # fmt: skip
D = dt.datetime

# fmt: off
RECOMMENDATIONS: dict[str, list[str]] = {
    "Ref048": [
        "All agencies to follow up missed health appointments for babies with complex needs "
        "and share the concern with the lead professional.",
    ],
    "Ref049": [
        "Return home interviews to be offered within 72 hours of every missing episode, and "
        "their findings shared with the allocated social worker.",
    ],
    "Ref050": [
        "Practitioners to use the CSE screening tool whenever a child goes missing or is seen "
        "with older adults.",
    ],
    "Ref053": [
        "Agencies to check who else is working with a family before closing a case.",
        "Supervision to include the lived experience of the child in every neglect case.",
    ],
    "Ref054": [
        "Domestic abuse notifications to schools to be made before the start of the next "
        "school day (Operation Encompass).",
    ],
    "Ref055": [
        "Children missing from education to be discussed at the multi-agency panel within "
        "10 school days.",
    ],
    "Ref057": [
        "Information about knife crime and exploitation to be shared between police, youth "
        "offending and education at the daily risk meeting.",
    ],
}

# (Ref as written, recommendation (Ref, index), action, agency as written, lead, target, RAG,
#  update, date of update, evidence)
ROWS: list[tuple] = [
    ("Ref048", ("Ref048", 0), "Audit of missed appointment follow-up for infants under 1.",
     "NGH", "Named Nurse", D(2016, 12, 31), "G", "Audit completed; 92% followed up.",
     D(2017, 2, 1), None),
    ("Ref48", ("Ref048", 0), "Health visitors to alert the GP after two missed appointments.",
     "CCG/ICB", "Designated Nurse", D(2017, 3, 31), "A", "Guidance drafted, with GPs for comment.",
     D(2017, 3, 10), None),
    ("Ref049", ("Ref049", 0), "Commission return home interviews from an independent provider.",
     "Children's Social Care", "Head of Service, Safeguarding", D(2016, 10, 31), "Complete",
     "Contract awarded to Northshire Youth Advocacy.", D(2016, 11, 4), None),
    ("Ref049", ("Ref049", 0), "Missing episodes to be reported to CSC on the day they end.",
     "Police", "DI Missing Persons Unit", D(2016, 9, 30), "Blue", "Daily report in place.",
     D(2017, 1, 20), "Audit of 40 episodes: all reported on the day; interviews offered in 36."),
    ("REF050", ("Ref050", 0), "Roll out the CSE screening tool to all school nurses.",
     "Northshire General Hospital", "Named Nurse", D(2017, 1, 31), "G",
     "All 28 school nurses trained.", D(2017, 2, 14), None),
    ("Ref050", ("Ref050", 0), "CSE awareness in every secondary school's safeguarding training.",
     "Education", "Education Safeguarding Lead", D(2017, 7, 21), "A",
     "19 of 31 schools done.", D(2017, 3, 20), None),
    ("Ref053", ("Ref053", 0), "Check the case management system for other agencies before "
     "closing.", "CSC", "Principal Social Worker", D(2017, 6, 30), "A",
     "Closure checklist updated.", D(2017, 3, 1), None),
    ("Ref053", ("Ref053", 0), "Early Help closure summaries to be sent to the GP and school.",
     "Early Help", "Early Help Manager", D(2017, 4, 30), "R", None, None, None),
    ("Ref053", ("Ref053", 1), "Neglect toolkit session in supervision for all health visitors.",
     "NGH", "Safeguarding Supervisor", D(2017, 5, 31), "In progress",
     "Half of the teams have had the session.", D(2017, 3, 15), None),
    ("Ref053", ("Ref053", 1), "Probation officers to ask about children in the household at "
     "every review.", "Probation", "Senior Probation Officer", D(2017, 3, 31), "Not started",
     None, None, None),
    ("Ref054", ("Ref054", 0), "Operation Encompass notifications to all schools by 9am.",
     "Police", "DCI Public Protection", D(2017, 1, 31), "Blue", "Live across the county.",
     D(2017, 3, 3), "Schools report 214 notifications in the first term; 96% before 9am."),
    ("Ref054", ("Ref054", 0), "Key adult named in each school to receive notifications.",
     "Education", "Education Safeguarding Lead", D(2017, 2, 28), "G",
     "Key adults named in 240 of 251 schools.", D(2017, 3, 3), None),
    ("Ref055", ("Ref055", 0), "Children missing education panel to meet fortnightly.",
     "Education", "Head of Admissions", D(2016, 12, 31), "G", "Panel meets fortnightly.",
     D(2017, 1, 9), None),
    ("Ref055", ("Ref055", 0), "Young carers assessment offered when a child misses school to "
     "care.", "Early Help", "Young Carers Lead", D(2017, 6, 30), "A",
     "Pathway agreed with schools.", D(2017, 3, 22), None),
    ("Ref057", ("Ref057", 0), "Youth offending and education to join the daily risk meeting.",
     "Northshire Police", "Superintendent, Local Policing", D(2017, 9, 30), "R",
     "Terms of reference drafted.", D(2017, 3, 28), None),
]

POLICE_ROWS: list[tuple] = [
    ("Ref049", ("Ref049", 0), "Brief every response team on reporting missing episodes the "
     "same day.", "Police", "Inspector, Response", D(2016, 11, 30), "G",
     "All 12 teams briefed.", D(2016, 12, 2), None),
    ("Ref054", ("Ref054", 0), "Dip sample domestic abuse incidents for children present.",
     "Police", "DI Domestic Abuse Unit", D(2017, 3, 31), "A", "First 50 sampled.",
     D(2017, 3, 14), None),
    ("Ref57", ("Ref057", 0), "Knife crime intelligence to be shared with youth offending "
     "daily.", "Northshire Police", "DCI Intelligence", D(2017, 6, 30), "R", None, None, None),
    ("Ref053", ("Ref053", 0), "Check police systems for other agencies before closing a child "
     "protection referral.", "Police", "DS Child Protection", D(2017, 4, 30), "A",
     "Added to the closure checklist.", D(2017, 3, 6), None),
]
# fmt: on


def _write(path: Path, title: str, rows: list[tuple]) -> Path:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tracker 2016-17"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(HEADINGS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for ref, (rec_ref, index), *rest in rows:
        action, agency, lead, target, rag, update, updated, evidence = rest
        sheet.append([ref, RECOMMENDATIONS[rec_ref][index], action, agency, lead, target, rag,
                      update, updated, evidence])  # fmt: skip
        for column in ("F", "I"):
            sheet[f"{column}{sheet.max_row}"].number_format = "dd/mm/yyyy"
    for column, width in zip("ABCDEFGHIJ", (8, 50, 50, 22, 26, 12, 12, 36, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    notes = book.create_sheet("Notes")
    notes.append(["RAG: R = not started or off track, A = on track, G = complete, "
                  "Blue = complete and impact evidenced."])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_trackers(folder: Path | str) -> list[Path]:
    """Write the two demo trackers into `folder`; returns their paths."""
    folder = Path(folder)
    return [
        _write(folder / TRACKER_NAME, "Northshire LSCB: case review action tracker 2016-17", ROWS),
        _write(
            folder / POLICE_PLAN_NAME,
            "Northshire Police: single-agency action plan from case reviews, 2016-17",
            POLICE_ROWS,
        ),
    ]


def seed() -> None:
    """Record the reviews' recommendations the trackers answer (idempotent), through the
    actions service as the demo business unit, so an agency lead's import can use them."""
    from casereviews.accounts.models import User
    from casereviews.actions import services
    from casereviews.actions.importing.checks import recommendation_key
    from casereviews.actions.models import Recommendation
    from casereviews.reviews.models import Review

    actor = User.objects.filter(username="business.unit", partnership__slug="northshire").first()
    if actor is None:
        return
    reviews = {r.ref: r for r in Review.objects.filter(partnership=actor.partnership)}
    for ref, texts in RECOMMENDATIONS.items():
        review = reviews.get(ref)
        if review is None:
            continue
        have = {recommendation_key(review.pk, r.text) for r in
                Recommendation.objects.filter(review=review)}  # fmt: skip
        for text in texts:
            if recommendation_key(review.pk, text) not in have:
                services.create_recommendation(actor, review, text=text)
