"""What falls due -> the dashboard panel and the emails (plain text and GOV.UK-plain HTML).

The emails carry Refs, what is due, dates and links only: never a child's details, never an
action's or a briefing's text (they may name people), so a digest forwarded or read on a phone
tells nobody more than the Ref.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.core.presenters import format_date

from .models import ReminderKind
from .selectors import Due, Part, first_due_for

PANEL_ROWS = 8


def absolute(href: str) -> str:
    """A link for an email: the site's address (CASEREVIEWS_SITE_URL) and the path."""
    return settings.CASEREVIEWS_SITE_URL.rstrip("/") + href


def due_text(item: Due) -> str:
    if item.due is None:
        return "No date set"
    if item.overdue:
        days = item.days_overdue
        return f"Overdue by {days} day{'s' if days != 1 else ''} (due {format_date(item.due)})"
    if item.due == item.today:
        return f"Due today ({format_date(item.due)})"
    return f"Due {format_date(item.due)}"


def item_row(item: Due, *, full_links: bool = False) -> dict[str, Any]:
    return {
        "kind": item.kind_label,
        "ref": item.ref,
        "what": item.what,
        "due": format_date(item.due, "No date set"),
        "due_text": due_text(item),
        "days_overdue": item.days_overdue,
        "overdue": item.overdue,
        "href": absolute(item.href) if full_links else item.href,
    }


def panel(user, today: dt.date) -> dict[str, Any]:
    """The dashboard's "What falls due" panel: the first few items, overdue first."""
    found = first_due_for(user, today, PANEL_ROWS)
    return {
        "rows": [item_row(i) for i in found.items],
        "count": found.count,
        "overdue": found.overdue,
        "kinds": [_kind_row(user, part) for part in found.kinds],
        "preferences_href": reverse("reminders:preferences"),
    }


KIND_NAMES = {
    "referral_clock": ("referral clock", "referral clocks"),
    "review_target": ("review target", "review targets"),
    "action": ("action", "actions"),
    "briefing": ("briefing to share", "briefings to share"),
    "event": ("event follow-up or feedback", "event follow-ups and feedback"),
    "case_audit": ("case audit", "case audits"),
}


def _kind_href(user, kind: str) -> str | None:
    """Where the user sees every item of one kind, if they may open that page."""
    if kind == "action":
        if user.has_perm(Permission.VIEW_ESCALATION):
            return reverse("actions:escalation")
        if user.has_perm(Permission.VIEW_ACTION_PLAN):
            return reverse("actions:plan") + "?due=overdue"
    if kind == "briefing" and user.has_perm(Permission.TRACK_DISSEMINATION):
        return reverse("sharing:tracker")
    if kind == "referral_clock":
        return reverse("referrals:list")
    if kind == "review_target":
        return reverse("reviews:register") + "?sort=timeliness&order=asc"
    return None


def _kind_row(user, part: Part) -> dict[str, Any]:
    """One kind's line under the panel ("12 actions, 5 overdue"): every kind shows there even
    when its items are not among the first few (overdue actions behind old referral clocks)."""
    one, many = KIND_NAMES[part.kind]
    text = f"{part.count} {one if part.count == 1 else many}"
    if part.overdue:
        text += f", {part.overdue} overdue"
    return {"text": text, "href": _kind_href(user, part.kind)}


# --- Emails --------------------------------------------------------------------------------

SUBJECTS = {
    ReminderKind.WEEKLY: "What falls due this week",
    ReminderKind.DAILY: "What falls due today",
}


def _things(count: int) -> str:
    return "1 thing falls due" if count == 1 else f"{count} things fall due"


def _text_lines(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for row in rows:
        lines += [
            f"- {row['kind']}: {row['ref']}",
            f"  {row['what']}",
            f"  {row['due_text']}",
            f"  {row['href']}",
            "",
        ]
    return lines


def digest_email(user, kind: str, items: list[Due]) -> dict[str, str]:
    """{subject, text, html} of a weekly or daily digest."""
    rows = [item_row(i, full_links=True) for i in items]
    overdue = sum(r["overdue"] for r in rows)
    subject = f"{SUBJECTS[kind]}: {len(rows)} item{'s' if len(rows) != 1 else ''}"
    if overdue:
        subject += f", {overdue} overdue"
    preferences = absolute(reverse("reminders:preferences"))
    dashboard = absolute(reverse("portal:dashboard"))
    text = "\n".join(
        [
            f"{SUBJECTS[kind]}, {format_date(items[0].today)}",
            "",
            f"{_things(len(rows))} for you ({overdue} overdue).",
            "",
            *_text_lines(rows),
            f"Your dashboard: {dashboard}",
            f"Change which emails you get: {preferences}",
        ]
    )
    html = render_to_string(
        "reminders/email/digest.html",
        {
            "heading": SUBJECTS[kind],
            "date": format_date(items[0].today),
            "rows": rows,
            "overdue": overdue,
            "dashboard": dashboard,
            "preferences": preferences,
            "things": _things(len(rows)),
        },
    )
    return {"subject": subject, "text": text, "html": html}


def _action_row(action, last_updates: dict[int, dt.date], today: dt.date) -> dict[str, Any]:
    rec = action.recommendation
    last = last_updates.get(action.pk)
    return {
        "ref": f"{rec.review.ref} recommendation {rec.number}, action {action.pk}"
        if rec
        else f"Own plan, action {action.pk}",
        "status": action.get_status_display(),
        "due": format_date(action.due_on),
        "days_overdue": max((today - action.due_on).days, 0),
        "last_update": format_date(last, "No updates"),
        "href": absolute(reverse("actions:detail", args=[action.pk])),
    }


def _by_agency(actions, last_updates, today) -> list[dict[str, Any]]:
    groups: dict[str, list] = {}
    for action in actions:
        groups.setdefault(action.agency.name, []).append(_action_row(action, last_updates, today))
    return [
        {"agency": name, "rows": rows, "count": len(rows)}
        for name, rows in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))
    ]


def escalation_email(report: dict, today: dt.date) -> dict[str, str]:
    """{subject, text, html} of the fortnightly escalation: overdue and stale actions by agency."""
    last = report["last_updates"]
    overdue = _by_agency(report["overdue"], last, today)
    stale = _by_agency(report["stale"], last, today)
    subject = (
        f"Action plan escalation: {len(report['overdue'])} overdue, "
        f"{len(report['stale'])} with no update for 4 weeks"
    )
    escalation_page = absolute(reverse("actions:escalation"))
    lines = [f"Action plan escalation, {format_date(today)}", ""]
    for title, groups in (
        ("Overdue actions by agency", overdue),
        ("Open actions with no update for 4 weeks or more, by agency", stale),
    ):
        lines += [title, ""]
        if not groups:
            lines += ["None.", ""]
        for group in groups:
            lines.append(f"{group['agency']}: {group['count']}")
            for row in group["rows"]:
                lines.append(
                    f"- {row['ref']}: {row['status']}, due {row['due']}"
                    + (f", {row['days_overdue']} days overdue" if row["days_overdue"] else "")
                    + f", last update {row['last_update']}"
                )
                lines.append(f"  {row['href']}")
            lines.append("")
    lines.append(f"Overdue actions by agency, on the site: {escalation_page}")
    html = render_to_string(
        "reminders/email/escalation.html",
        {
            "date": format_date(today),
            "sections": [
                ("Overdue actions by agency", overdue),
                ("Open actions with no update for 4 weeks or more", stale),
            ],
            "escalation_page": escalation_page,
        },
    )
    return {"subject": subject, "text": "\n".join(lines), "html": html}
