"""Importing an existing action tracker: checking every row before anything is written.

The checks need only what `ImportContext` gathers from the database (the partnership's reviews
the user may reach, its agencies, the existing recommendations), so they run the same at preview
and again at confirm, and are tested without writing anything. Writing is
`importing.services.run_import`, through the actions services. Our fields, the guessing of
columns and the reading of a cell's value are in `importing.fields`.

Every problem is named the way the person sees their own file: the row number their spreadsheet
shows, their column heading, and what is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casereviews.actions.importing.fields import (
    DATE_FIELDS,
    FIELD_BY_KEY,
    CellProblem,
    parse_date,
    parse_status,
    quote,
    slash_date_parts,
    text_value,
    the_field,
)
from casereviews.actions.importing.read import Row, Value, is_blank, text_of
from casereviews.actions.models import Rag
from casereviews.reviews.refs import ref_number

MAX_ERRORS_SHOWN = 100
GOOD_ROWS_SHOWN = 20


# --- What the checks need from the database ---------------------------------------------------


@dataclass
class ImportContext:
    """What a row is checked against. Built by importing.selectors.context_for(user)."""

    partnership_name: str
    reviews_by_text: dict[str, Any]  # "ref057" -> Review
    reviews_by_number: dict[int, Any]  # 57 -> Review (only if one review has that number)
    agencies: dict[str, Any]  # "northshire police", "police" -> Agency
    existing_recommendations: dict[tuple[int, str], Any]  # (review id, words) -> Recommendation
    own_agency: Any = None  # an agency lead's agency: every row must be theirs
    may_add_recommendations: Any = None  # callable(review) -> bool
    today: dt.date = field(default_factory=dt.date.today)

    def review_for(self, value: Value) -> Any:
        text = text_of(value).strip()
        found = self.reviews_by_text.get(text.lower())
        if found is not None:
            return found
        number = ref_number(text) if not text.isdigit() else int(text)
        return self.reviews_by_number.get(number) if number is not None else None

    def agency_for(self, text: str) -> Any:
        return self.agencies.get(" ".join(text.lower().split()))


def recommendation_key(review_id: int, text: str) -> tuple[int, str]:
    return review_id, " ".join(text.split()).casefold()


# --- Checking rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # their heading
    message: str


@dataclass(frozen=True)
class GoodRow:
    row: int
    review: Any
    recommendation: str
    agency: Any
    description: str
    lead_role: str
    due_on: dt.date
    success_measure: str
    status: str
    progress: str
    evidence: str
    updated_on: dt.date | None

    @property
    def recommendation_key(self) -> tuple[int, str]:
        return recommendation_key(self.review.pk, self.recommendation)


@dataclass
class Preview:
    """Every row checked: the good ones kept whole, the errors counted (the first ones kept)."""

    rows_read: int = 0
    good: list[GoodRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    bad_rows: set[int] = field(default_factory=set)
    new_recommendations: int = 0
    reused_recommendations: int = 0
    file_problems: list[str] = field(default_factory=list)  # about the whole file

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and not self.file_problems and bool(self.good)

    @property
    def actions(self) -> int:
        return len(self.good)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        self.bad_rows.add(error.row)
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(error)


class RowChecker:
    """Checks rows one by one against the context; collects a Preview."""

    def __init__(self, context: ImportContext, column_map: Mapping[str, str], headings: list[str]):
        self.context = context
        self.columns = {
            key: headings.index(heading)
            for key, heading in column_map.items()
            if heading and heading in headings and key in FIELD_BY_KEY
        }
        self.heading = {key: headings[index] for key, index in self.columns.items()}
        self.preview = Preview()
        self._good_by_row: dict[int, GoodRow] = {}
        # Text dates per column, to refuse 04/05/2017 in a column that elsewhere says 03/25/2017.
        self._slash_dates: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self._month_first: dict[str, int] = {}

    def _cell(self, row: Row, key: str) -> Value:
        index = self.columns.get(key)
        if index is None or index >= len(row.cells):
            return None
        return row.cells[index]

    def check(self, row: Row) -> None:
        values = {key: self._cell(row, key) for key in self.columns}
        if all(is_blank(v) for v in values.values()):
            return  # a blank row, or a row of notes outside our columns
        self.preview.rows_read += 1
        errors: list[RowError] = []
        parsed: dict[str, Any] = {}

        def problem(key: str, message: str) -> None:
            errors.append(
                RowError(row.number, self.heading.get(key, FIELD_BY_KEY[key].label), message)
            )

        for key, value in values.items():
            f = FIELD_BY_KEY[key]
            try:
                if is_blank(value):
                    if f.required:
                        problem(key, f"is blank: enter {the_field(f)}")
                    parsed[key] = None if key in DATE_FIELDS else ""
                    continue
                if key in DATE_FIELDS:
                    if (pair := slash_date_parts(value)) is not None:
                        self._note_slash_date(key, row.number, str(value).strip(), pair)
                    parsed[key] = parse_date(value)
                elif key == "status":
                    parsed[key] = parse_status(value)
                else:
                    parsed[key] = text_value(value, f)
            except CellProblem as exc:
                problem(key, str(exc))
                parsed[key] = None
        self._check_meaning(row, values, parsed, problem)
        if errors:
            for error in errors:
                self.preview.add_error(error)
            return
        good = GoodRow(
            row=row.number,
            review=parsed["review"],
            recommendation=parsed["recommendation"],
            agency=parsed["agency_obj"],
            description=parsed["description"],
            lead_role=parsed["lead_role"],
            due_on=parsed["due_on"],
            success_measure=parsed.get("success_measure") or "",
            status=parsed.get("status") or Rag.RED,
            progress=parsed.get("progress") or "",
            evidence=parsed.get("evidence") or "",
            updated_on=parsed.get("updated_on"),
        )
        self._good_by_row[row.number] = good

    def _check_meaning(self, row: Row, values: dict, parsed: dict, problem) -> None:
        """Ref, agency, recommendation and the rules between cells."""
        ctx = self.context
        parsed["review"] = None
        if parsed.get("ref"):
            review = ctx.review_for(values["ref"])
            if review is None:
                problem("ref", f"{quote(parsed['ref'])} is not a review of your partnership")
            parsed["review"] = review
        parsed["agency_obj"] = None
        if parsed.get("agency"):
            agency = ctx.agency_for(parsed["agency"])
            if agency is None:
                problem(
                    "agency",
                    f"\u201c{quote(parsed['agency'])}\u201d is not an agency of "
                    f"{ctx.partnership_name}. Use its name or short name",
                )
            elif not agency.active:
                problem("agency", f"{agency.name} is no longer an active agency")
            elif ctx.own_agency is not None and agency.pk != ctx.own_agency.pk:
                problem(
                    "agency",
                    f"{agency.name} is not your agency: you can only import actions of "
                    f"{ctx.own_agency.name}",
                )
            else:
                parsed["agency_obj"] = agency
        review, text = parsed["review"], parsed.get("recommendation")
        if review is not None and text:
            existing = ctx.existing_recommendations.get(recommendation_key(review.pk, text))
            may_add = ctx.may_add_recommendations
            if existing is None and may_add is not None and not may_add(review):
                problem(
                    "recommendation",
                    f"{review.ref} has no recommendation with this wording, "
                    "and only the business unit can add recommendations. Check the wording "
                    "against the review's recommendations, or ask the business unit",
                )
        status = parsed.get("status")
        if status == Rag.BLUE and not parsed.get("evidence"):
            if "evidence" in self.columns:
                why = f"the {self.heading['evidence']} cell is blank"
            else:
                why = "no column holds evidence of impact"
            problem(
                "status",
                f"is Blue, but {why}. Blue needs evidence of impact: add it, or "
                "mark the action Green",
            )
        updated_on = parsed.get("updated_on")
        if updated_on is not None and updated_on > ctx.today:
            problem("updated_on", f"{updated_on:%d/%m/%Y} is in the future")

    def _note_slash_date(self, key: str, number: int, text: str, pair: tuple[int, int]) -> None:
        first, second = pair
        if first <= 12 and second <= 12 and first != second:
            self._slash_dates[key].append((number, text))
        elif second > 12 and first <= 12:
            self._month_first.setdefault(key, number)

    def finish(self) -> Preview:
        """Refuse ambiguous dates in month-first columns, then count the recommendations."""
        for key, first_row in self._month_first.items():
            for number, text in self._slash_dates.get(key, []):
                self.preview.add_error(
                    RowError(
                        number,
                        self.heading[key],
                        f"{text} is ambiguous: this column has month-first dates "
                        f"(row {first_row}), so it could be either. Write dates day first, "
                        "as 31/03/2017",
                    )
                )
                self._good_by_row.pop(number, None)
        preview = self.preview
        preview.good = [self._good_by_row[n] for n in sorted(self._good_by_row)]
        keys = {g.recommendation_key for g in preview.good}
        existing = self.context.existing_recommendations
        preview.reused_recommendations = sum(1 for k in keys if k in existing)
        preview.new_recommendations = len(keys) - preview.reused_recommendations
        preview.errors.sort(key=lambda e: e.row)
        return preview


def check_rows(
    context: ImportContext,
    column_map: Mapping[str, str],
    headings: list[str],
    header_row: int,
    rows: Iterable[Row],
) -> Preview:
    """Check every row after the heading row; nothing is written."""
    checker = RowChecker(context, column_map, headings)
    for row in rows:
        if row.number > header_row:
            checker.check(row)
    return checker.finish()
