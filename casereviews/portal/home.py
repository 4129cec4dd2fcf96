"""The practitioner's home page: their own case audits, their agency's self-assessments and the
partnership's published learning (issue 9). Short lists and links only; every link is one the
user may follow (each panel asks the permission of the page it leads to)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.urls import reverse

from casereviews.accounts.roles import Permission
from casereviews.audits.self_assessment import presenters as sa_presenters
from casereviews.audits.self_assessment import selectors as sa_selectors
from casereviews.briefings import presenters as briefing_presenters
from casereviews.briefings import selectors as briefing_selectors
from casereviews.briefings.newsletters import selectors as newsletter_selectors
from casereviews.core.presenters import format_date
from casereviews.library import presenters as library_presenters
from casereviews.library import selectors as library_selectors
from casereviews.reviews import selectors as review_selectors

SHOWN = 3  # rows of each short list; the full lists are a link away


def self_assessments_panel(user) -> dict[str, Any] | None:
    """The latest self-assessments of the user's agency (and its teams), each with its ratings
    and its change since last time."""
    if not user.has_perm(Permission.VIEW_SELF_ASSESSMENTS):
        return None
    assessments = list(sa_selectors.visible_assessments(user)[:SHOWN])
    rows = []
    for assessment in assessments:
        previous, answers = (
            sa_selectors.previous_of(assessment),
            sa_selectors.answers_of(assessment),
        )
        before = sa_selectors.answers_of(previous) if previous else []
        changes = sa_presenters.change_counts(sa_presenters.issue_blocks(answers, before))
        ratings = Counter(a.rating for a in answers if a.rating)
        rows.append(
            {
                **sa_presenters.list_row(assessment),
                "ratings": ", ".join(
                    f"{ratings[r]} {r}" for r in ("red", "amber", "green") if ratings[r]
                ),
                "change": (
                    f"since {previous.period}: {changes['better']} better, {changes['worse']} worse"
                    if previous
                    else ""
                ),
            }
        )
    return {
        "rows": rows,
        "agency": user.agency.name if user.agency_id else "",
        "more": sa_selectors.visible_assessments(user).count() > len(rows),
    }


def learning_panel(user) -> dict[str, Any]:
    """The partnership's published learning: the newest briefings and newsletter, and the
    published reviews with how many briefings each has."""
    panel: dict[str, Any] = {"briefings": [], "newsletter": None, "reviews": []}
    # The learning library (docs/adr/0038): the themes of what the user may read.
    panel["themes"] = library_presenters.theme_rows(library_selectors.entries_in_reach(user))
    if user.has_perm(Permission.VIEW_BRIEFINGS):
        published = briefing_selectors.published_briefings(user)
        panel["briefings"] = [
            briefing_presenters.list_row(b, reverse("briefings:detail", args=[b.pk]))
            for b in published[:SHOWN]
        ]
        panel["briefing_count"] = len(published)
        by_review = Counter(b.review_id for b in published)
        newsletter = newsletter_selectors.newsletters_for(user).first()
        if newsletter is not None and user.has_perm(Permission.VIEW_NEWSLETTER, newsletter):
            panel["newsletter"] = {
                "href": reverse("newsletters:detail", args=[newsletter.pk]),
                "title": str(newsletter),
                "date": format_date(newsletter.issue_date),
            }
    else:
        by_review = Counter()
    reviews = review_selectors.visible_reviews(user).filter(published_on__isnull=False)
    for review in reviews.order_by("-published_on", "ref")[:SHOWN]:
        if not user.has_perm(Permission.VIEW_REVIEW, review):
            continue
        panel["reviews"].append(
            {
                "href": reverse("reviews:detail", args=[review.pk]),
                "ref": review.ref,
                "summary": review.summary,
                "published": format_date(review.published_on),
                "briefings": by_review[review.pk],
            }
        )
    panel["review_count"] = reviews.count()
    return panel
