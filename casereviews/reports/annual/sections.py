"""The annual report as an ordered list of section builders (seed 002's six sections).

Each builder takes the year's facts (`Facts`) and returns a `Section`: its heading, the key of
the narrative the business unit writes for it, sentences of figures, and tables as plain data.
The JSON, the page, the Word document and the PDF are all made from the same `Report`, so they
always hold the same tables in the same order. Adding a section is adding one builder to
`SECTIONS`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from casereviews.accounts.models import Partnership
from casereviews.actions.models import Rag
from casereviews.audits.summary import summarise
from casereviews.core.clocks import TIMELINESS_LABELS, publication_target, timeliness_of
from casereviews.core.presenters import format_date
from casereviews.core.reporting_year import ReportingYear
from casereviews.events.presenters import confidence_sentence, practice_changed
from casereviews.events.reporting import EventsYear, year_summary
from casereviews.referrals.selectors import outcome_counts
from casereviews.reports.annual import data
from casereviews.reports.event_results import sentence_read
from casereviews.reports.presenters import latest_milestone, review_facts, status_text
from casereviews.reviews.models import MILESTONES, DecisionOutcome, Review
from casereviews.subgroup.models import Answer, MeetingStatus

# -- the report's shape ------------------------------------------------------------------------


@dataclass
class Table:
    key: str
    caption: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[dict[str, str]]
    notes: list[str] = field(default_factory=list)
    empty: str = "None in this year."

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "caption": self.caption,
            "columns": [{"key": k, "label": label} for k, label in self.columns],
            "rows": self.rows,
            "notes": self.notes,
        }


@dataclass
class Section:
    key: str
    heading: str
    narrative_key: str | None
    narrative: str = ""
    paragraphs: list[str] = field(default_factory=list)  # figures, made from the records
    tables: list[Table] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "heading": self.heading,
            "narrative_key": self.narrative_key,
            "narrative": self.narrative,
            "paragraphs": self.paragraphs,
            "tables": [t.as_dict() for t in self.tables],
        }


@dataclass
class Report:
    partnership: str
    year: ReportingYear
    made_on: dt.date
    sections: list[Section]

    @property
    def title(self) -> str:
        return f"Review sub-group annual report {self.year.label}"

    def table(self, key: str) -> Table:
        for section in self.sections:
            for table in section.tables:
                if table.key == key:
                    return table
        raise KeyError(key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "partnership": self.partnership,
            "reporting_year": self.year.label,
            "period": {"start": self.year.start.isoformat(), "end": self.year.end.isoformat()},
            "made_on": self.made_on.isoformat(),
            "sections": [s.as_dict() for s in self.sections],
        }


# The narrative sections the business unit writes, in order: (key, heading).
NARRATIVES: list[tuple[str, str]] = [
    ("introduction", "1. Introduction, context and background"),
    ("governance", "2. Governance and accountability, links to objectives"),
    ("progress", "3. Progress, services and provision"),
    ("outcomes", "4. Outcomes, performance and achievements"),
    ("challenges", "5. Challenges, issues, developments and opportunities"),
    ("next_steps", "6. Next steps, plans and priorities"),
]
HEADINGS = dict(NARRATIVES)

REVIEW_COLUMNS = [
    ("ref", "Ref"),
    ("summary", "Summary"),
    ("location", "Location"),
    ("gender", "Gender"),
    ("age", "Age"),
    ("status", "Status"),
]


# -- the year's facts, read once -----------------------------------------------------------------


@dataclass
class Facts:
    read: data.Reader
    year: ReportingYear
    today: dt.date

    @property
    def as_of(self) -> dt.date:
        """The day the year's figures are taken on: its end, or today while it runs."""
        return min(self.today, self.year.end)

    @cached_property
    def referrals(self):
        return data.referrals(self.read, self.year)

    @cached_property
    def reviews(self) -> list[Review]:
        return data.reviews(self.read, self.year)

    @cached_property
    def narratives(self):
        return data.narratives(self.read, self.year)

    @cached_property
    def events(self) -> EventsYear:
        return year_summary(
            self.read.partnership,
            self.year.start,
            self.year.end,
            user=self.read.user,
            today=self.as_of,
        )

    @cached_property
    def meetings(self):
        return data.meetings(self.read, self.year)

    def text(self, key: str) -> str:
        row = self.narratives.get(key)
        return row.text if row else ""

    def new(self, review: Review) -> bool:
        began = review.agreed_on or review.initiated_on
        return began is not None and began >= self.year.start


# -- helpers ---------------------------------------------------------------------------------------


_YEAR_IN_TEXT = re.compile(r"\b(19|20)\d\d\b")


def _status(review: Review, as_of: dt.date) -> str:
    """The Status column as seed 002 writes it: the business unit's status note, dated by the
    latest milestone when the note gives no date; without a note, the status and milestone.

    As at the end of the year: once the review has reached a milestone after it, the note
    speaks of a later day ("published 14 June 2018" in the 2016-17 report), so the column says
    instead how far the review had got by the year's end, from its milestones."""
    reached = [(label, getattr(review, name)) for name, label in MILESTONES]
    if any(day is not None and day > as_of for _, day in reached):
        by_then = [(label, day) for label, day in reached if day is not None and day <= as_of]
        if not by_then:
            return "Not yet agreed"
        label, day = by_then[-1]
        if label in ("Completed", "Published"):
            return f"{label} {format_date(day)}"
        if label == "Agreed":
            return f"Agreed {format_date(day)}; not yet initiated"
        return f"Under way: {label[0].lower()}{label[1:]} {format_date(day)}"
    note = review.status_note.strip()
    if not note:
        return status_text(review)
    if _YEAR_IN_TEXT.search(note):
        return note
    milestone = latest_milestone(review)
    return f"{format_date(milestone[1])}: {note}" if milestone else note


def _review_row(review: Review, as_of: dt.date) -> dict[str, str]:
    return {**review_facts(review), "status": _status(review, as_of)}


def _decided_scr_in(review: Review, year: ReportingYear) -> bool:
    """Decided a serious case review in the year, whatever it became afterwards."""
    if review.referral is None:
        return False
    return any(
        d.outcome == DecisionOutcome.SCR and d.meeting_on in year
        for d in review.referral.decisions.all()
    )


def _conversion_note(review: Review) -> str | None:
    decisions = list(review.referral.decisions.all()) if review.referral else []
    if len(decisions) < 2:
        return None
    first, last = decisions[0], decisions[-1]
    return (
        f"{review.ref} was decided a {first.get_outcome_display().lower()} on "
        f"{format_date(first.meeting_on)} and converted to a "
        f"{last.get_outcome_display().lower()} on {format_date(last.meeting_on)}."
    )


def _review_table(key: str, caption: str, reviews: list[Review], as_of: dt.date, notes=()) -> Table:
    rows = [_review_row(r, as_of) for r in reviews]
    return Table(key, caption, REVIEW_COLUMNS, rows, list(notes))


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _done(n: int, word: str, done: str, about: str = "") -> str:
    """ "No case audits were completed", "1 case audit was completed", "3 case audits were"."""
    subject = f"No {word}s" if n == 0 else _plural(n, word)
    about = f" {about}" if about else ""
    return f"{subject}{about} {'was' if n == 1 else 'were'} {done}."


# -- the builders ----------------------------------------------------------------------------------


def introduction(facts: Facts) -> Section:
    held = [m for m in facts.meetings if m.status == MeetingStatus.HELD]
    paragraphs = [f"This report covers the period {facts.year.long_label}."]
    if held:
        agencies = {a.agency_id for m in held for a in m.attendance.all()}
        paragraphs.append(
            f"The sub-group met {_plural(len(held), 'time')} in the year, "
            f"{_plural(len(agencies), 'agency', 'agencies')} attending at least once."
        )
    else:
        paragraphs.append("No meetings of the sub-group are recorded in this year.")
    return Section("introduction", HEADINGS["introduction"], "introduction", paragraphs=paragraphs)


def governance(facts: Facts) -> Section:
    read, year = facts.read, facts.year
    held = [m for m in facts.meetings if m.status == MeetingStatus.HELD]
    meetings = Table(
        "meetings",
        "Meetings of the sub-group",
        [("date", "Date"), ("status", "Status"), ("agencies", "Agencies"), ("people", "People")],
        [
            {
                "date": format_date(m.held_on),
                "status": m.get_status_display(),
                "agencies": str(len(m.attendance.all())),
                "people": str(sum(a.attendees for a in m.attendance.all())),
            }
            for m in facts.meetings
        ],
    )
    attended: Counter = Counter()
    for meeting in held:
        for row in meeting.attendance.all():
            attended[row.agency.name] += 1
    attendance = Table(
        "attendance",
        "Attendance by agency (meetings held)",
        [("agency", "Agency"), ("meetings", "Meetings attended")],
        [{"agency": a, "meetings": f"{n} of {len(held)}"} for a, n in sorted(attended.items())],
    )
    checks = data.health_checks(read, year)
    health = Table(
        "health_checks",
        "Health checks of the sub-group's effectiveness",
        [
            ("date", "Date"),
            ("yes", "Yes"),
            ("partly", "Partly"),
            ("no", "No"),
            ("summary", "Concluded"),
        ],
        [
            {
                "date": format_date(c.done_on),
                **{a.value: str(sum(1 for x in c.answers.all() if x.answer == a)) for a in Answer},
                "summary": c.summary or "Not recorded",
            }
            for c in checks
        ],
    )
    paragraphs = []
    terms = data.terms_in_force(read, year)
    if terms:
        late = " (overdue for review)" if terms.review_by < facts.as_of else ""
        paragraphs.append(
            f"The terms of reference were agreed on {format_date(terms.agreed_on)} and are "
            f"due for review by {format_date(terms.review_by)}{late}. The sub-group meets "
            f"{terms.frequency.lower()}."
        )
    else:
        paragraphs.append("No terms of reference are recorded for this year.")
    priorities = data.priorities(read, year)
    plan_rows = [
        {
            "priority": f"{p.number}. {p.text}",
            "action": a.description,
            "owner": a.agency.name,
            "due": format_date(a.due_on),
            "status": a.get_status_display(),
        }
        for p in priorities
        for a in p.actions.all()
    ]
    plan = Table(
        "subgroup_plan",
        f"The sub-group's action plan against the business plan priorities {year.label}",
        [
            ("priority", "Priority"),
            ("action", "Action"),
            ("owner", "Owner"),
            ("due", "Due"),
            ("status", "Status"),
        ],
        plan_rows,
    )
    if plan_rows:
        done = sum(1 for r in plan_rows if r["status"] in (Rag.GREEN.label, Rag.BLUE.label))
        paragraphs.append(
            f"{done} of {_plural(len(plan_rows), 'action')} of the sub-group's own plan "
            "are complete."
        )
    return Section(
        "governance",
        HEADINGS["governance"],
        "governance",
        paragraphs=paragraphs,
        tables=[meetings, attendance, health, plan],
    )


def progress(facts: Facts) -> Section:
    year = facts.year
    counts = outcome_counts(facts.referrals, year.end)
    total = sum(counts.values())
    referrals = Table(
        "referrals",
        f"Referrals considered {format_date(year.start)} to {format_date(year.end)}, by outcome",
        [("outcome", "Outcome"), ("count", "Referrals")],
        [{"outcome": DecisionOutcome(k).label, "count": str(v)} for k, v in counts.items()]
        + [{"outcome": "Total", "count": str(total)}],
    )
    reviews = facts.reviews
    by_type: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        by_type[review.review_type].append(review)

    new_scr = [
        r
        for r in reviews
        if facts.new(r) and (r.review_type == DecisionOutcome.SCR or _decided_scr_in(r, year))
    ]
    scr_notes = [n for r in new_scr if r.review_type != "scr" and (n := _conversion_note(r))]
    tables = [
        referrals,
        _review_table(
            "new_scr", "New serious case reviews agreed", new_scr, facts.as_of, scr_notes
        ),
        _review_table(
            "earlier_scr",
            "Serious case reviews already underway, completed and published",
            [r for r in by_type["scr"] if not facts.new(r)],
            facts.as_of,
        ),
    ]
    for key, label in (
        ("case_mapping", "case mapping exercises"),
        ("thematic", "thematic learning reviews"),
        ("single_agency", "single agency reviews"),
    ):
        tables.append(
            _review_table(
                f"new_{key}",
                f"New {label} agreed",
                [r for r in by_type[key] if facts.new(r)],
                facts.as_of,
            )
        )
        tables.append(
            _review_table(
                f"earlier_{key}",
                f"{label[0].upper()}{label[1:]} already underway and completed",
                [r for r in by_type[key] if not facts.new(r)],
                facts.as_of,
            )
        )
    published = [r for r in reviews if r.published_on in year]
    tables.append(
        Table(
            "publications",
            "Reviews published in the year and how publication was handled",
            [
                ("ref", "Ref"),
                ("published", "Published"),
                ("handling", "Handled by"),
                ("note", "What happened"),
            ],
            [
                {
                    "ref": r.ref,
                    "published": format_date(r.published_on),
                    "handling": r.get_publication_handling_display() or "Not recorded",
                    "note": r.publication_note or "",
                }
                for r in published
            ],
        )
    )
    tables.append(
        Table(
            "family_involvement",
            "Family involvement in the reviews of the year",
            [("ref", "Ref"), ("involvement", "Family involvement")],
            [
                {"ref": r.ref, "involvement": r.family_involvement}
                for r in reviews
                if r.family_involvement
            ],
            empty="No family involvement is recorded for this year's reviews.",
        )
    )
    tables.extend(_briefing_tables(facts))
    held = [e for e in facts.events.events if not e.cancelled]
    tables.extend(_event_tables(facts.events, sentence_read(held, facts.read, facts.as_of)))
    paragraphs = [
        f"The sub-group considered {_plural(total, 'referral')} in the year: "
        + "; ".join(f"{DecisionOutcome(k).label.lower()} {v}" for k, v in counts.items())
        + ".",
        *_event_paragraphs(facts.events),
    ]
    return Section(
        "progress", HEADINGS["progress"], "progress", paragraphs=paragraphs, tables=tables
    )


def _briefing_tables(facts: Facts) -> list[Table]:
    briefings = data.briefings(facts.read, facts.year)
    published = Table(
        "briefings",
        "Briefings published in the year",
        [
            ("ref", "Ref"),
            ("title", "Briefing"),
            ("kind", "Kind"),
            ("published", "Published"),
            ("agencies", "Agencies sharing"),
            ("reached", "Staff reached"),
        ],
        [
            {
                "ref": b.review.ref,
                "title": b.title,
                "kind": b.get_kind_display(),
                "published": format_date(b.published_on),
                "agencies": str(len({d.agency_id for d in b.disseminations.all()})),
                "reached": str(sum(d.staff_reached for d in b.disseminations.all())),
            }
            for b in briefings
        ],
    )
    by_agency: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    quotes = []
    for briefing in briefings:
        for d in briefing.disseminations.all():
            by_agency[d.agency.name][0] += 1
            by_agency[d.agency.name][1] += d.staff_reached
            if d.feedback.strip():
                quotes.append(
                    {
                        "agency": d.agency.name,
                        "briefing": briefing.review.ref,
                        "quote": d.feedback.strip(),
                    }
                )
    dissemination = Table(
        "dissemination",
        "Dissemination of the year's briefings by agency",
        [("agency", "Agency"), ("times", "Times shared"), ("reached", "Staff reached")],
        [
            {"agency": a, "times": str(n), "reached": str(staff)}
            for a, (n, staff) in sorted(by_agency.items())
        ],
    )
    feedback = Table(
        "feedback",
        "Feedback on the briefings",
        [("agency", "Agency"), ("briefing", "Ref"), ("quote", "Feedback")],
        quotes,
        empty="No feedback is recorded for this year's briefings.",
    )
    return [published, dissemination, feedback]


def _figure(value: float | None, unit: str = "") -> str:
    return "Not recorded" if value is None else f"{value:g}{unit}"


def _event_paragraphs(year: EventsYear) -> list[str]:
    """The year's learning events and training in sentences, as seed 002 writes them."""
    held = [e for e in year.events if not e.cancelled]
    if not held:
        return ["No learning events or training are recorded in this year."]
    held_text = _plural(len(held), "learning event or training session")
    if len(held) > 1:
        held_text = f"{len(held)} learning events and training sessions"
    sentences = [
        f"{held_text} {'was' if len(held) == 1 else 'were'} held in the year, attended by "
        f"{year.attended:,} practitioners in all."
    ]
    for total in year.totals_by_kind:
        average = (
            f", averaging an attendance of {total.average_attendance:g}"
            if total.average_attendance is not None and total.events > 1
            else ""
        )
        sentences.append(
            f"{total.label}: {_plural(total.events, 'event')}, "
            f"{total.attended:,} attending{average}."
        )
    return [" ".join(sentences)]


def _event_tables(year: EventsYear, audits: str | None = None) -> list[Table]:
    """Events and training (F9): each event with its attendance, the totals by kind and by
    agency, the evaluation at each level, what people said, and the themes training covered."""
    events = Table(
        "events",
        "Learning events, de-briefs and training held in the year",
        [
            ("date", "Date"),
            ("event", "Event"),
            ("kind", "Kind"),
            ("reviews", "Reviews"),
            ("attended", "Attended"),
            ("places", "Places"),
            ("reaction", "Rated useful (of 5)"),
        ],
        [
            {
                "date": format_date(e.starts_at.date()),
                "event": e.title + (" (cancelled)" if e.cancelled else ""),
                "kind": e.kind_label,
                "reviews": ", ".join(e.review_refs) or "None",
                "attended": str(e.attended),
                "places": str(e.capacity) if e.capacity else "Open",
                "reaction": _figure(e.evaluation.reaction_average),
            }
            for e in year.events
        ],
    )
    by_kind = Table(
        "events_by_kind",
        "Events by kind",
        [
            ("kind", "Kind"),
            ("events", "Events"),
            ("attended", "Attended"),
            ("average", "Average attendance"),
        ],
        [
            {
                "kind": t.label,
                "events": str(t.events),
                "attended": str(t.attended),
                "average": _figure(t.average_attendance),
            }
            for t in year.totals_by_kind
        ],
    )
    by_agency = Table(
        "events_by_agency",
        "Attendance at events by agency",
        [("agency", "Agency"), ("attended", "Attended")],
        [{"agency": a, "attended": str(n)} for a, n in year.attendance_by_agency],
    )
    ev = year.evaluation
    held = sum(t.events for t in year.totals_by_kind)
    evaluation = Table(
        "events_evaluation",
        "Evaluation of the year's events, by level",
        [("level", "Level"), ("measure", "What was measured"), ("figure", "Result")],
        [
            {
                "level": "1. Reaction",
                "measure": "How useful people found it, straight after (1 to 5)",
                "figure": f"{_figure(ev.reaction_average)} from "
                f"{_plural(ev.feedback_responses, 'response')}; "
                f"{ev.reaction_good} rated it 4 or 5"
                if ev.feedback_responses
                else "No feedback recorded",
            },
            {
                "level": "2. Learning",
                "measure": "Confidence on the subject before and after (1 to 5)",
                "figure": confidence_sentence(ev),
            },
            {
                "level": "3. Behaviour",
                "measure": "Follow-up with the manager six to eight weeks later",
                "figure": f"{ev.follow_ups_answered} of {_plural(ev.follow_ups_due, 'follow-up')} "
                "due answered" + (f"; {practice_changed(ev)}" if ev.follow_ups_answered else "")
                if ev.follow_ups_due
                else "No follow-ups were due",
            },
            {
                "level": "4. Results",
                "measure": "The plan actions the events serve, and the case audits on their "
                "themes since",
                "figure": ". ".join(
                    [
                        f"{ev.actions_complete} of {_plural(ev.actions_linked, 'action')} complete"
                        if ev.actions_linked
                        else "No plan actions are linked to this year's events",
                        *([audits] if audits else []),
                    ]
                ),
            },
        ]
        if held
        else [],
        empty="No events were held this year, so there is nothing to evaluate.",
    )
    feedback = Table(
        "events_feedback",
        "What practitioners said",
        [("event", "Event"), ("agency", "Agency"), ("quote", "Feedback")],
        [
            {"event": q.event_title, "agency": q.agency or "Not recorded", "quote": q.text}
            for q in year.quotes
        ],
        empty="No feedback is recorded for this year's events.",
    )
    themes = Table(
        "training_themes",
        "Learning themes covered by training",
        [("theme", "Theme"), ("events", "Events"), ("attended", "Attended")],
        [
            {"theme": t.name, "events": str(t.events), "attended": str(t.attended)}
            for t in year.themes_covered
        ],
    )
    return [events, by_kind, by_agency, evaluation, feedback, themes]


def outcomes(facts: Facts) -> Section:
    start, end = facts.year.start, facts.as_of
    positions = data.rag_positions(facts.read, [start, end])
    tables = []
    paragraphs = []
    for key, caption, subgroup in (
        (
            "actions_reviews",
            "Review action plans: position at the start and end of the year",
            False,
        ),
        (
            "actions_subgroup",
            "The sub-group's own plan: position at the start and end of the year",
            True,
        ),
    ):
        at_start: Counter = Counter()
        at_end: Counter = Counter()
        for (of_subgroup, (on_start, on_end)), n in positions.items():
            if of_subgroup != subgroup:
                continue
            if on_start is not None:
                at_start[on_start] += n
            if on_end is not None:
                at_end[on_end] += n
        rows = [
            {"status": rag.label, "start": str(at_start[rag]), "end": str(at_end[rag])}
            for rag in Rag
        ]
        rows.append(
            {
                "status": "Total",
                "start": str(sum(at_start.values())),
                "end": str(sum(at_end.values())),
            }
        )
        tables.append(
            Table(
                key,
                caption,
                [
                    ("status", "RAG"),
                    ("start", f"At {format_date(start)}"),
                    ("end", f"At {format_date(end)}"),
                ],
                rows,
            )
        )
    summary = summarise(data.case_audit_answers(facts.read, facts.year), facts.as_of)
    tables.append(
        Table(
            "case_audits",
            "Case audits completed in the year, by theme",
            [
                ("theme", "Theme"),
                ("audits", "Audits"),
                ("not_addressed", "Evident, not addressed"),
                ("addressed", "Evident and addressed"),
                ("actions", "Next actions"),
            ],
            [
                {
                    "theme": f"{t.number}. {t.title}",
                    "audits": str(t.audits),
                    "not_addressed": str(t.not_addressed),
                    "addressed": str(t.addressed),
                    "actions": str(t.actions),
                }
                for t in summary.themes
            ],
        )
    )
    paragraphs.append(_done(summary.audits, "case audit", "completed in the year"))
    ratings: dict[str, Counter] = defaultdict(Counter)
    assessments: set[int] = set()
    for answer in data.self_assessment_answers(facts.read, facts.year):
        ratings[str(answer.question.issue)][answer.rating] += 1
        assessments.add(answer.assessment_id)
    tables.append(
        Table(
            "self_assessments",
            "Self-assessments completed for the year, by practice issue",
            [("issue", "Practice issue"), ("red", "Red"), ("amber", "Amber"), ("green", "Green")],
            [
                {
                    "issue": issue,
                    "red": str(c["red"]),
                    "amber": str(c["amber"]),
                    "green": str(c["green"]),
                }
                for issue, c in sorted(ratings.items(), key=lambda kv: _issue_order(kv[0]))
            ],
        )
    )
    paragraphs.append(
        _done(
            len(assessments),
            "self-assessment",
            "completed for the year",
            "against the practice issues",
        )
    )
    return Section(
        "outcomes", HEADINGS["outcomes"], "outcomes", paragraphs=paragraphs, tables=tables
    )


def _issue_order(title: str) -> tuple[int, str]:
    number = title.split(".", 1)[0]
    return (int(number) if number.isdigit() else 999, title)


def challenges(facts: Facts) -> Section:
    rows = []
    over = 0
    started = [r for r in facts.reviews if r.initiated_on]
    for review in started:
        state = timeliness_of(review, facts.as_of)
        late = state.value in {"overdue", "published_late", "completed_late"}
        over += late
        rows.append(
            {
                "ref": review.ref,
                "type": review.get_review_type_display(),
                "initiated": format_date(review.initiated_on),
                "target": format_date(publication_target(review.initiated_on)),
                "timeliness": TIMELINESS_LABELS[state],
                "delays": "; ".join(
                    f"{d.get_reason_display()} (noted {format_date(d.noted_on)})"
                    for d in review.delays.all()
                )
                or "None recorded",
            }
        )
    table = Table(
        "timeliness",
        f"Timeliness against six months from initiation, as at {format_date(facts.as_of)}",
        [
            ("ref", "Ref"),
            ("type", "Type"),
            ("initiated", "Initiated"),
            ("target", "Six months"),
            ("timeliness", "Timeliness"),
            ("delays", "Recorded reasons for delay"),
        ],
        rows,
    )
    paragraphs = [
        f"{over} of {_plural(len(started), 'review')} open in the year went, or are going, "
        "beyond six months from initiation."
        if started
        else "No review open in the year had been initiated."
    ]
    return Section(
        "challenges", HEADINGS["challenges"], "challenges", paragraphs=paragraphs, tables=[table]
    )


def next_steps(facts: Facts) -> Section:
    coming = facts.year.next
    priorities = data.priorities(facts.read, coming)
    table = Table(
        "next_priorities",
        f"Priorities for {coming.label}",
        [("number", "No."), ("priority", "Priority")],
        [{"number": str(p.number), "priority": p.text} for p in priorities],
        empty=f"No priorities for {coming.label} are recorded yet.",
    )
    return Section("next_steps", HEADINGS["next_steps"], "next_steps", tables=[table])


# The report, in order. Events and training (F9) are part of `progress`, as in seed 002.
Builder = Callable[[Facts], Section]
SECTIONS: list[Builder] = [
    introduction,
    governance,
    progress,
    outcomes,
    challenges,
    next_steps,
]


def build(
    partnership: Partnership, year: ReportingYear, today: dt.date, user: Any = None
) -> Report:
    """The annual report of `partnership` for `year`, read as `user` (None: the whole
    partnership, for the command line)."""
    facts = Facts(data.Reader(partnership, user), year, today)
    sections = []
    for builder in SECTIONS:
        section = builder(facts)
        if section.narrative_key:
            section.narrative = facts.text(section.narrative_key)
        sections.append(section)
    return Report(partnership.name, year, today, sections)
