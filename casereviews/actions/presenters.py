"""Recommendations and actions -> what the pages and exports show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from casereviews.actions import selectors
from casereviews.actions.models import (
    COMPLETE,
    RAG_DEFINITIONS,
    Action,
    ActionUpdate,
    Rag,
    UpdateKind,
)
from casereviews.core.files import human_size
from casereviews.core.presenters import format_date, format_datetime
from casereviews.reviews import learning_panel

# GOV.UK tag colours for each status; Blue is the design system's blue tag.
RAG_COLOURS = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
}


def rag_tag(status: str) -> dict[str, str]:
    """govukTag parameters for a status."""
    return {"text": Rag(status).label, "classes": RAG_COLOURS[Rag(status)]}


def rag_definitions() -> list[dict[str, Any]]:
    """The written definitions, shown on every page that shows a status."""
    return [
        {"tag": rag_tag(value), "label": label, "definition": RAG_DEFINITIONS[value]}
        for value, label in Rag.choices
    ]


def is_overdue(action: Action, today: dt.date) -> bool:
    return action.due_on < today and action.status not in COMPLETE


def due_text(action: Action, today: dt.date) -> str:
    if action.status in COMPLETE:
        return f"Completed {format_date(action.completed_on)}" if action.completed_on else ""
    days = (today - action.due_on).days
    if days > 0:
        return f"Overdue by {days} day" + ("" if days == 1 else "s")
    if days == 0:
        return "Due today"
    return ""


def action_row(action: Action, today: dt.date, origin_href: str = "") -> dict[str, Any]:
    """`origin_href`: the page an action from outside a review came from, if the user may open
    it (actions.origins)."""
    rec = action.recommendation
    return {
        "id": action.pk,
        "href": reverse("actions:detail", args=[action.pk]),
        "review_ref": rec.review.ref if rec else "",
        "review_href": reverse("actions:recommendations", args=[rec.review_id]) if rec else "",
        "recommendation": rec.number if rec else None,
        "origin": action.origin,
        "origin_href": origin_href,
        "description": action.description,
        "agency": action.agency.name,
        "lead_role": action.lead_role,
        "due_on": action.due_on,
        "due_text": due_text(action, today),
        "overdue": is_overdue(action, today),
        "tag": rag_tag(action.status),
    }


def summary_rows(action: Action, today: dt.date, origin_href: str = "") -> list[dict[str, Any]]:
    """govukSummaryList rows of the action's own fields (`origin_href` as for action_row)."""
    rec = action.recommendation
    due = format_date(action.due_on)
    extra = due_text(action, today)
    if rec:
        source = [
            ("Review", f"{rec.review.ref}: recommendation {rec.number}"),
            ("Recommendation", rec.text),
        ]
    else:
        source = [("Raised from", action.origin)]
    rows = [
        *source,
        ("Action", action.description),
        ("Owner agency", action.agency.name),
        ("Lead", action.lead_role),
        ("Due date", f"{due} ({extra})" if extra and not action.completed_on else due),
        ("What success looks like", action.success_measure or "Not recorded"),
        ("Completed", format_date(action.completed_on, "Not yet")),
    ]
    made = [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]
    if not rec and origin_href:
        made[0]["actions"] = {
            "items": [
                {"href": origin_href, "text": "Open", "visuallyHiddenText": "where it came from"}
            ]
        }
    return made


def update_row(update: ActionUpdate) -> dict[str, Any]:
    if update.status_to and update.status_from:
        change = f"{Rag(update.status_from).label} to {Rag(update.status_to).label}"
    elif update.status_to:
        change = f"Recorded as {Rag(update.status_to).label}"
    else:
        change = ""
    return {
        "id": update.pk,
        "kind": update.get_kind_display(),
        "is_evidence": update.kind == UpdateKind.EVIDENCE,
        "written_on": format_date(update.written_on),
        "author": str(update.author) if update.author else "Imported or system",
        "recorded": format_datetime(update.created_at),
        "text": update.text,
        "change": change,
        "tag": rag_tag(update.status_to) if update.status_to else None,
        "files": [
            {
                "name": f.original_name,
                "size": human_size(f.size),
                "href": reverse("actions:evidence_file", args=[f.pk]),
            }
            for f in update.files.all()
        ],
    }


def history_rows(updates: Iterable[ActionUpdate]) -> list[dict[str, Any]]:
    """Newest first: the page reads as a timeline from now backwards."""
    return [update_row(u) for u in reversed(list(updates))]


def escalation_groups(
    actions: Iterable[Action],
    last_updates: dict[int, dt.date],
    today: dt.date,
    agencies: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One page of overdue actions, grouped by agency in the page's order (the agency with the
    most overdue first: actions.selectors.escalation_agencies, whose counts are the agency's
    whole count, not just this page's)."""
    totals = {a["agency_id"]: a for a in agencies}
    groups: dict[int, dict[str, Any]] = {}
    for action in actions:
        total = totals.get(action.agency_id, {})
        group = groups.setdefault(
            action.agency_id,
            {
                "agency": action.agency.name,
                "rows": [],
                "count": total.get("count", 0),
                "oldest": (today - total["oldest"]).days if total.get("oldest") else 0,
            },
        )
        row = action_row(action, today)
        row["days_overdue"] = (today - action.due_on).days
        last = last_updates.get(action.pk)
        row["last_update"] = format_date(last, "No updates")
        row["days_since_update"] = (today - last).days if last else None
        group["rows"].append(row)
    result = list(groups.values())
    for group in result:
        group["partial"] = len(group["rows"]) < group["count"]
    return result


def recommendation_block(rec, today: dt.date, can_open: bool) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "number": rec.number,
        "text": rec.text,
        "findings": [
            f"Finding {f.number}" + (f": {f.title}" if f.title else "") for f in rec.findings.all()
        ],
        "actions": [action_row(a, today) for a in rec.actions.all()],
        "can_open": can_open,
    }


def counts_rows(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"tag": rag_tag(value), "count": counts.get(value, 0), "value": value}
        for value in Rag.values
    ]


def review_row(review, user) -> dict[str, Any]:
    """The review page's "Recommendations and actions" row (reviews.learning_panel)."""
    counts = selectors.review_action_counts(review)
    count = learning_panel.count
    return learning_panel.linked_row(
        "Recommendations and actions",
        f"{count(counts['recommendations'], 'recommendation', 'recommendations')}, "
        f"{count(counts['actions'], 'action', 'actions')} "
        f"({counts['actions_done']} completed, {counts['actions_evidenced']} with evidence "
        "of impact)",
        reverse("actions:recommendations", args=[review.pk]),
        f"recommendations and actions of {review.ref}",
    )
