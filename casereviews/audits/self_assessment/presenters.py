"""What the self-assessment pages show: ratings as tags, change since last time, and the
partnership picture (a table and an SVG grid drawn on the server)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from casereviews.core.presenters import format_date

from .issues import DEFAULT_ISSUES
from .models import RATING_ORDER, Rating, SelfAssessment, SelfAssessmentAnswer

RATING_COLOURS = {"red": "red", "amber": "yellow", "green": "green", "": "grey"}
SVG_FILL = {"red": "#d4351c", "amber": "#ffdd00", "green": "#00703c", "": "#f3f2f1"}
SVG_TEXT = {"red": "#ffffff", "amber": "#0b0c0c", "green": "#ffffff", "": "#0b0c0c"}


def rating_tag(rating: str) -> dict[str, str]:
    label = Rating(rating).label if rating else "Not rated"
    return {"text": label, "classes": f"govuk-tag--{RATING_COLOURS.get(rating, 'grey')}"}


def change(previous: str, now: str) -> str:
    """ "better", "same", "worse", or "" when either rating is missing."""
    if not previous or not now:
        return ""
    diff = RATING_ORDER[Rating(now)] - RATING_ORDER[Rating(previous)]
    return "better" if diff > 0 else "worse" if diff < 0 else "same"


CHANGE_WORDS = {"better": "Better", "same": "Same", "worse": "Worse", "": "No earlier rating"}


def list_row(assessment: SelfAssessment) -> dict[str, Any]:
    return {
        "href": reverse("audits:self_assessment:detail", args=[assessment.pk]),
        "period": assessment.period,
        "agency": str(assessment.agency),
        "team": assessment.team or "Whole agency",
        "set": str(assessment.issue_set),
        "status": {
            "text": assessment.get_status_display(),
            "classes": "govuk-tag--green"
            if assessment.status == "completed"
            else "govuk-tag--grey",
        },
    }


@dataclass
class QuestionRow:
    answer: SelfAssessmentAnswer
    previous: str  # the rating last time, "" if none
    change: str

    @property
    def tag(self) -> dict[str, str]:
        return rating_tag(self.answer.rating)

    @property
    def previous_tag(self) -> dict[str, str]:
        return rating_tag(self.previous)

    @property
    def change_words(self) -> str:
        return CHANGE_WORDS[self.change]

    @property
    def due(self) -> str:
        return format_date(self.answer.action_due) if self.answer.action_due else ""


@dataclass
class IssueBlock:
    number: int
    title: str
    summary: str
    taxonomy_ids: list[str]
    rows: list[QuestionRow] = field(default_factory=list)


def issue_blocks(
    answers: list[SelfAssessmentAnswer], previous: list[SelfAssessmentAnswer]
) -> list[IssueBlock]:
    """The answers grouped by issue, each beside last time's rating for the same question (by
    its number: last time may have been answered against an earlier version of the set)."""
    before = {a.question.code: a.rating for a in previous}
    blocks: dict[int, IssueBlock] = {}
    for answer in answers:
        issue = answer.question.issue
        block = blocks.setdefault(
            issue.number,
            IssueBlock(issue.number, issue.title, issue.summary, list(issue.taxonomy_ids)),
        )
        last = before.get(answer.question.code, "")
        block.rows.append(QuestionRow(answer, last, change(last, answer.rating)))
    return list(blocks.values())


def change_counts(blocks: list[IssueBlock]) -> Counter:
    return Counter(row.change for block in blocks for row in block.rows if row.change)


def issue_rating(ratings: list[str]) -> str:
    """An issue's rating for the picture: its worst question's (red if any is red)."""
    rated = [r for r in ratings if r]
    return min(rated, key=lambda r: RATING_ORDER[Rating(r)]) if rated else ""


@dataclass
class Picture:
    agencies: list[dict[str, str]]  # name, period
    rows: list[dict[str, Any]]  # number, title, cells: [{rating, label, counts}]

    def chart(self) -> dict[str, Any]:
        label, cell, top = 320, 56, 90
        return {
            "label": label,
            "cell": cell,
            "top": top,
            "width": label + cell * max(len(self.agencies), 1) + 120,  # room for the slanted names
            "height": top + 30 * len(self.rows) + 10,
            "fill": SVG_FILL,
            "text": SVG_TEXT,
        }


def picture(issues, assessments: list[SelfAssessment], answers) -> Picture:
    by_cell: dict[tuple[int, int], list[str]] = {}
    for answer in answers:
        key = (answer.question.issue.number, answer.assessment_id)
        by_cell.setdefault(key, []).append(answer.rating)
    rows = []
    for issue in issues:
        cells = []
        for assessment in assessments:
            ratings = by_cell.get((issue.number, assessment.pk), [])
            rating = issue_rating(ratings)
            counts = Counter(r for r in ratings if r)
            cells.append(
                {
                    "rating": rating,
                    "label": Rating(rating).label if rating else "Not rated",
                    "letter": rating[:1].upper() if rating else "–",
                    "counts": ", ".join(
                        f"{counts[r]} {Rating(r).label.lower()}" for r in Rating.values if counts[r]
                    ),
                }
            )
        rows.append({"number": issue.number, "title": issue.title, "cells": cells})
    return Picture(
        agencies=[
            {
                "name": str(a.agency) + (f" ({a.team})" if a.team else ""),
                "period": a.period,
                "href": reverse("audits:self_assessment:detail", args=[a.pk]),
            }
            for a in assessments
        ],
        rows=rows,
    )


def issues_of_set(issues) -> list[dict[str, Any]]:
    """A stored set's issues, or (None) the default set from code, in one shape for the page."""
    if issues is None:
        return [
            {
                "id": None,
                "number": i.number,
                "title": i.title,
                "summary": i.summary,
                "taxonomy_ids": list(i.taxonomy_ids),
                "questions": [f"{i.number}.{n} {q}" for n, q in enumerate(i.questions, 1)],
            }
            for i in DEFAULT_ISSUES
        ]
    return [
        {
            "id": i.pk,
            "number": i.number,
            "title": i.title,
            "summary": i.summary,
            "taxonomy_ids": list(i.taxonomy_ids),
            "questions": [f"{i.number}.{q.number} {q.text}" for q in i.questions.all()],
        }
        for i in issues
    ]
