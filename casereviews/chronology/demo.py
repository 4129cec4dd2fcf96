"""The demo chronology (fictional): Ref053, Child F, asked of four agencies.

- Northshire Police: imported from a workbook of the police's own (written by
  `police_workbook`, also left in var/demo for trying the import), sent on time;
- Children's Social Care: typed by the named contributor (a social worker), with uncertain
  dates ("?/02/2015", "c. 05/2015", "07/2015"), sent on time;
- Northshire General Hospital: typed by the named nurse, sent late;
- Education: typed by the school's designated safeguarding lead, not sent: overdue.
The hospital recorded a burn in September 2015 as shared with social care, which has no record
of it; the police shared an incident late; no agency saw the child for months at a time.
Written through the services (and the import journey's services), so the demo meets the same
checks as users' data. Idempotent: a chronology of Ref053 already there is left alone.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.chronology import services
from casereviews.chronology.importing import services as import_services
from casereviews.chronology.models import Chronology
from casereviews.reviews.models import Review

REF = "Ref053"
POLICE_WORKBOOK = "Ref053_Northshire_Police_chronology.xlsx"
D = dt.date
POLICE_HEADINGS = [
    "Date", "Time", "Source", "What happened", "People involved", "Information known",
    "Action taken", "Shared", "Shared with", "Date shared", "Child seen", "Significant",
]  # fmt: skip

# fmt: off
POLICE_ROWS = [
    [dt.datetime(2015, 2, 14), "22:40", "Police log 0211/15",
     "Called to the home after a neighbour reported shouting; mother's partner arrested for "
     "common assault on mother.",
     "Child F, mother, mother's partner, attending officer",
     "Child F present, thin and in dirty clothes; the house cold and without food.",
     "Partner arrested; DASH risk assessment (medium).", "Shared", "CSC",
     dt.datetime(2015, 2, 16), "Yes", "Yes"],
    [dt.datetime(2015, 6, 3), "", "Police log 1502/15",
     "Welfare check asked for by the school after Child F missed ten days.",
     "Mother, attending officer",
     "Mother said Child F was ill in bed; officers did not see Child F.",
     "No further action.", "Not shared", "", None, "No", "No"],
    [dt.datetime(2016, 4, 2), "01:15", "Police log 0630/16",
     "Domestic incident at the home: mother's partner back in the household against his bail "
     "conditions.",
     "Child F, mother, mother's partner, attending officer",
     "Child F woke by the shouting; bail conditions breached.",
     "Partner arrested for breach of bail.", "Shared late", "CSC, Education",
     dt.datetime(2016, 4, 28), "Yes", "Yes"],
    [dt.datetime(2016, 12, 14), "11:00", "Police log 2207/16",
     "Joint visit with social care: Child F found in conditions of extreme neglect and "
     "removed under police protection.",
     "Child F, mother, social worker, attending officer",
     "No food in the home; Child F very underweight with untreated injuries.",
     "Police protection; mother arrested for neglect.", "Shared", "CSC, NGH",
     dt.datetime(2016, 12, 14), "Yes", "Yes"],
]

CSC_ENTRIES = [
    {"when": "?/02/2015", "source": "CSC case record: contact",
     "event": "Notification from the police of a domestic incident at the home, Child F "
              "present.",
     "people": "Child F, mother, duty social worker",
     "known": "Police report: Child F present, the house cold.",
     "done": "Contact closed with an advice letter to mother; no visit."},
    {"when": "c. 05/2015", "source": "CSC case record: referral",
     "event": "Referral from the school about hunger and poor attendance; single assessment "
              "started.",
     "people": "Child F, mother, social worker",
     "known": "School: attendance 78%, often hungry.",
     "done": "Home visit; Child F seen briefly at the door.", "child_seen": True},
    {"when": "07/2015", "source": "CSC assessment record",
     "event": "Single assessment closed: mother not engaging.",
     "people": "Mother, social worker, team manager",
     "known": "Mother declined two visits.", "done": "Case closed, no further action.",
     "shared": "Shared", "shared_with": "Education"},
    {"when": "c. 05/05/2016", "source": "CSC case record: contact",
     "event": "Police notification of an incident at the home in April received and filed.",
     "people": "Duty social worker", "done": "No further action: case closed."},
    {"when": "14/12/2016", "time": "11:00", "source": "CSC case record: strategy discussion",
     "event": "Joint visit with the police; Child F removed under police protection; strategy "
              "discussion held.",
     "people": "Child F, mother, social worker, police officer",
     "known": "Extreme neglect.", "done": "Section 47 enquiry; Child F placed in foster care.",
     "shared": "Shared", "shared_with": "Police, NGH", "child_seen": True,
     "significant": True},
]

NGH_ENTRIES = [
    {"when": "09/09/2015", "time": "15:10", "source": "Emergency department record",
     "event": "Child F brought to the emergency department with a burn to the hand, said to be "
              "from a kettle, two days after it happened.",
     "people": "Child F, mother, ED doctor, named nurse",
     "known": "Child F underweight (below the 2nd centile); delay in seeking care.",
     "done": "Burn dressed; safeguarding referral sent to CSC.", "shared": "Shared",
     "shared_with": "CSC", "shared_on": "10/09/2015", "child_seen": True,
     "significant": True},
    {"when": "23/09/2015", "source": "Outpatient clinic record",
     "event": "Child F not brought to the burns follow-up clinic.",
     "people": "Burns nurse", "known": "Second appointment not kept.",
     "done": "Discharged back to the GP by letter.", "shared": "Not shared"},
    {"when": "15/12/2016", "source": "Paediatric ward record",
     "event": "Child F admitted for assessment after removal: severe malnutrition.",
     "people": "Child F, paediatrician, foster carer",
     "done": "Admitted for refeeding.", "child_seen": True, "significant": True},
]

EDUCATION_ENTRIES = [
    {"when": "?/03/2015", "source": "School attendance record",
     "event": "Attendance fell to 78% this term; Child F often hungry at breakfast club.",
     "people": "Child F, class teacher", "child_seen": True},
    {"when": "20/05/2015", "source": "School safeguarding log",
     "event": "Referral to CSC about hunger and poor attendance.",
     "people": "Child F, designated safeguarding lead", "shared": "Shared",
     "shared_with": "CSC", "shared_on": "20/05/2015", "child_seen": True},
    {"when": "c. 01/2016", "source": "School safeguarding log",
     "event": "Child F taken off the school roll to be home educated; no visit made.",
     "people": "Mother, head teacher", "known": "No contact since the Christmas holidays.",
     "done": "Notified the local authority's elective home education officer.",
     "significant": True},
]
# fmt: on


def police_workbook() -> bytes:
    """The police's own chronology of Ref053, as their records system exports it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(["Northshire Police: chronology for Ref053 (Child F)"])
    sheet.append([])
    sheet.append(POLICE_HEADINGS)
    for row in POLICE_ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_workbook(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / POLICE_WORKBOOK
    path.write_bytes(police_workbook())
    return path


def _sent(when: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(when, dt.time(16, 0)))


def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    review = Review.objects.filter(partnership=partnership, ref=REF).first()
    if review is None or Chronology.objects.filter(review=review).exists():
        return
    write_workbook(settings.VAR_DIR / "demo")  # for trying the import (README)
    users = {u.username: u for u in User.objects.filter(partnership=partnership)}
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    needed = ("business.unit", "agency.lead", "social.worker", "practitioner", "school.dsl")
    if any(name not in users for name in needed):
        return
    unit = users["business.unit"]
    chronology = services.start(
        unit,
        review,
        {
            "child": "Child F",
            "child_born_on": D(2004, 7, 14),
            "scope_from": D(2015, 1, 1),
            "scope_to": D(2016, 12, 19),
        },
    )
    due = D(2017, 3, 3)
    asked = {}
    for name, writer in (
        ("Northshire Police", None),
        ("Children's Social Care", "social.worker"),
        ("Northshire General Hospital", "practitioner"),
        ("Education", "school.dsl"),
    ):
        contributor = users[writer] if writer else None
        (asked[name],) = services.request_agencies(
            unit, chronology, [agencies[name]], due, contributor
        )
    police = asked["Northshire Police"]
    lead = users["agency.lead"]
    upload = SimpleUploadedFile(POLICE_WORKBOOK, police_workbook())
    state = import_services.keep_upload(lead, police, upload)
    try:
        import_services.run_import(lead, police, state)
    finally:
        import_services.tracker_import.discard_upload(state.stored_name)
    services.send(lead, police, at=_sent(D(2017, 3, 1)))
    for name, writer, entries, sent_on in (
        ("Children's Social Care", "social.worker", CSC_ENTRIES, D(2017, 3, 2)),
        ("Northshire General Hospital", "practitioner", NGH_ENTRIES, D(2017, 3, 20)),
        ("Education", "school.dsl", EDUCATION_ENTRIES, None),
    ):
        for entry in entries:
            services.add_entry(users[writer], asked[name], entry)
        if sent_on is not None:
            services.send(users[writer], asked[name], at=_sent(sent_on))
