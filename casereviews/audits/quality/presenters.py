"""What the quality pages show: a review's profile by stage with what the product already
records beside each marker, the review page's row, and the partnership's weakest markers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.core.presenters import format_date
from casereviews.reviews import learning_panel
from casereviews.reviews.models import DelayReason

from . import selectors
from .markers import MARKERS, STAGES, Marker, markers_of
from .models import QualityRating, Rating
from .selectors import Facts

RATING_COLOURS = {
    Rating.MET: "green",
    Rating.PARTLY_MET: "yellow",
    Rating.NOT_MET: "red",
    Rating.NOT_YET: "grey",
}
PARALLEL = (DelayReason.CRIMINAL_PROCEEDINGS, DelayReason.FAMILY_PROCEEDINGS, DelayReason.CORONER)


def rating_tag(rating: str) -> dict[str, str]:
    if not rating:
        return {"text": "Not rated yet", "classes": "govuk-tag--grey"}
    return {"text": Rating(rating).label, "classes": f"govuk-tag--{RATING_COLOURS[rating]}"}


def _delays(facts: Facts, reasons, what: str) -> str:
    n = sum(facts.delays[r] for r in reasons)
    return f"{learning_panel.count(n, 'delay', 'delays')} logged {what}"


def _milestones(facts: Facts) -> list[str]:
    r = facts.review
    return [
        f"Agreed: {format_date(r.agreed_on)}",
        f"Initiated: {format_date(r.initiated_on)}",
        f"Completed: {format_date(r.completed_on)}",
    ]


def _evidence_lines(kind: str, facts: Facts) -> list[str]:
    """The product's own record for one kind of evidence, as short sentences."""
    r = facts.review
    referral = r.referral
    if kind == "referral":
        if referral is None:
            return ["No referral is linked to this review"]
        lines = [f"Referral received: {format_date(referral.received_on)}"]
        if referral.notified_on:
            lines.append(f"Notified nationally: {format_date(referral.notified_on)}")
        return lines
    if kind == "decision":
        d = facts.decision
        if d is None:
            return ["No decision is recorded on the referral"]
        return [f"Decision ({d.get_outcome_display()}) on {format_date(d.meeting_on)}"]
    if kind == "lead_reviewer":
        lead = r.lead_reviewer
        return [f"Lead reviewer: {lead.get_full_name() if lead else 'not recorded'}"]
    if kind == "milestones":
        return _milestones(facts)
    if kind == "delays":
        return [_delays(facts, DelayReason.values, "in all")]
    if kind == "parallel_delays":
        return [_delays(facts, PARALLEL, "for criminal, family court or coroner's processes")]
    if kind == "agency_delays":
        return [_delays(facts, [DelayReason.AGENCY_RESPONSE], "waiting for agency information")]
    if kind == "family_delays":
        return [_delays(facts, [DelayReason.FAMILY_ENGAGEMENT], "for engaging the family")]
    if kind == "learning_event":
        return [f"Practitioner learning event: {format_date(r.learning_event_on)}"]
    if kind == "findings":
        return [learning_panel.count(facts.learning.get("findings", 0), "finding", "findings")]
    if kind == "report_dates":
        return [
            f"Draft report: {format_date(r.draft_report_on)}",
            f"Panel sign-off: {format_date(r.panel_signoff_on)}",
        ]
    if kind == "actions":
        count, a = learning_panel.count, facts.actions
        recs = count(a.get("recommendations", 0), "recommendation", "recommendations")
        return [f"{recs}, {count(a.get('actions', 0), 'action', 'actions')}"]
    if kind == "publication":
        return [f"Published: {format_date(r.published_on, 'Not published yet')}"]
    if kind == "impact":
        a = facts.actions
        return [
            f"{a.get('actions_evidenced', 0)} of {a.get('actions', 0)} actions with evidence "
            f"of impact ({a.get('actions_done', 0)} completed)"
        ]
    return []


def evidence_for(marker: Marker, facts: Facts) -> list[str]:
    return [line for kind in marker.evidence for line in _evidence_lines(kind, facts)]


def _marker_row(marker: Marker, row: QualityRating | None, facts: Facts) -> dict[str, Any]:
    return {
        "marker": marker,
        "tag": rating_tag(row.rating if row else ""),
        "evidence": row.evidence if row else "",
        "rated_by": row.rated_by.get_full_name() if row and row.rated_by else "",
        "product": evidence_for(marker, facts),
    }


def profile(ratings: dict[str, QualityRating], facts: Facts) -> list[dict[str, Any]]:
    """The review's quality profile, stage by stage."""
    return [
        {
            "key": stage,
            "title": title,
            "markers": [_marker_row(m, ratings.get(m.key), facts) for m in markers_of(stage)],
        }
        for stage, title in STAGES.items()
    ]


def tally(ratings: dict[str, QualityRating]) -> dict[str, int]:
    """How many markers have each rating (and how many are not rated yet)."""
    counts = {value: 0 for value in Rating.values}
    for row in ratings.values():
        if row.rating:
            counts[row.rating] += 1
    counts["unrated"] = len(MARKERS) - sum(counts.values())
    return counts


def review_row(review, user) -> dict[str, Any] | None:
    """The review page's "Quality markers" row (reviews.learning_panel)."""
    if not user.has_perm(Permission.VIEW_REVIEW_QUALITY, review):
        return None
    rated = selectors.rated_count(review)
    return learning_panel.linked_row(
        "Quality markers",
        f"{rated} of {len(MARKERS)} markers rated",
        reverse("audits:quality", args=[review.pk]),
        f"quality markers of {review.ref}",
    )


def weakest(counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Per marker, the reviews rating it not met and partly met, weakest first (then by
    number, so the table is stable)."""
    rows = []
    for m in MARKERS:
        c = counts.get(m.key, {})
        not_met, partly = c.get(Rating.NOT_MET, 0), c.get(Rating.PARTLY_MET, 0)
        rows.append({"marker": m, "stage": STAGES[m.stage], "not_met": not_met, "partly": partly})
    rows.sort(key=lambda r: (-(2 * r["not_met"] + r["partly"]), r["marker"].number))
    return rows


def chart(rows: list[dict[str, Any]], width: int = 640, bar: int = 18, gap: int = 8) -> dict:
    """Bars for the SVG beside the table: not met (red) then partly met (yellow)."""
    label = 250
    top = max([r["not_met"] + r["partly"] for r in rows] + [1])
    scale = (width - label - 50) / top
    bars = []
    for i, r in enumerate(rows):
        y = i * (bar + gap)
        red = round(r["not_met"] * scale)
        yellow = round(r["partly"] * scale)
        bars.append(
            {
                "y": y,
                "label": f"{r['marker'].number}. {r['marker'].title}",
                "red_w": red,
                "yellow_x": label + red,
                "yellow_w": yellow,
                "text_x": label + red + yellow + 6,
                "text": f"{r['not_met']} / {r['partly']}",
            }
        )
    height = len(rows) * (bar + gap)
    return {
        "width": width,
        "height": height + 30,
        "bar": bar,
        "label": label,
        "bars": bars,
        "legend_y": height + 14,
    }
