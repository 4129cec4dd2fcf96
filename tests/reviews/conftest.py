"""Reviews of the world's partnership, for the review tests."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.factories import ReviewFactory

# "Today" for every review test: 1 October 2026 (a Thursday).
TODAY = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 10, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def review(world):
    """Initiated 15 June 2026: target 15 December 2026, on track on 1 October 2026."""
    r = ReviewFactory(partnership=world.partnership, ref="Ref057", location="Northampton")
    r.reviewers.add(world.reviewer)
    return r


@pytest.fixture
def unassigned(world):
    return ReviewFactory(
        partnership=world.partnership,
        ref="Ref058",
        review_type="case_mapping",
        location="Corby",
        agreed_on=dt.date(2025, 3, 1),
        initiated_on=dt.date(2025, 3, 10),
    )


@pytest.fixture
def published(world):
    return ReviewFactory(
        partnership=world.partnership,
        ref="Ref040",
        status="published",
        agreed_on=dt.date(2025, 1, 6),
        initiated_on=dt.date(2025, 1, 20),
        completed_on=dt.date(2025, 6, 2),
        published_on=dt.date(2025, 7, 1),
    )


@pytest.fixture
def theirs(world):
    """A review of the other partnership."""
    return ReviewFactory(partnership=world.other_partnership, ref="Ref001")


def edit_data(review, **changes) -> dict[str, str]:
    """The POST data of the edit form as the review stands, with `changes` applied."""
    data = {
        "version": str(review.version),
        "ref": review.ref,
        "review_type": review.review_type,
        "methodology": review.methodology,
        "summary": review.summary,
        "location": review.location,
        "gender": review.gender,
        "age_years": "" if review.age_years is None else str(review.age_years),
        "age_months": "" if review.age_months is None else str(review.age_months),
        "age_weeks": "" if review.age_weeks is None else str(review.age_weeks),
        "lead_reviewer": str(review.lead_reviewer_id or ""),
        "status": review.status,
        "status_note": review.status_note,
    }
    for user in review.reviewers.all():
        data.setdefault("reviewers", [])
        data["reviewers"].append(str(user.pk))
    for name in (
        "agreed_on",
        "initiated_on",
        "learning_event_on",
        "draft_report_on",
        "panel_signoff_on",
        "completed_on",
        "published_on",
    ):
        day = getattr(review, name)
        data[f"{name}-day"] = str(day.day) if day else ""
        data[f"{name}-month"] = str(day.month) if day else ""
        data[f"{name}-year"] = str(day.year) if day else ""
    for key, value in changes.items():
        if isinstance(value, dt.date):
            data[f"{key}-day"], data[f"{key}-month"], data[f"{key}-year"] = (
                str(value.day),
                str(value.month),
                str(value.year),
            )
        else:
            data[key] = value
    return data
