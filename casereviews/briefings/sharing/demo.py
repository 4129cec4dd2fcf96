"""Demo dissemination and newsletters for Northshire, written through the services.

For the demo's published briefings (the briefings seed runs first; with none, this adds
nothing): agencies confirm how they shared each one, some with feedback in practitioners' own
words (fictional, written for the demo in the spirit of seed 002's quotes). The briefings of
seed 002's reviews are history, shared by every agency within weeks; the current year's
briefing (published days ago) is shared by two agencies so far, the others still to confirm.
One published newsletter issue (today, with the current briefing) and one draft. Idempotent: a
record already there (same briefing, agency and method; same issue title) is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.briefings.demo_briefings import BRIEFINGS, CURRENT
from casereviews.briefings.models import (
    Briefing,
    BriefingStatus,
    Dissemination,
    Newsletter,
)
from casereviews.briefings.newsletters import services as services_newsletter
from casereviews.briefings.sharing import services as services_sharing

# (agency, method, other method, days after publication, staff reached, feedback)
FIRST_BRIEFING = [
    (
        "Northshire Police",
        "team_meeting",
        "",
        3,
        42,
        "Response sergeants took it to the morning briefing. Officers said the key points made "
        "them think about who else lives at an address before they leave a domestic call.",
    ),
    (
        "Northshire Police",
        "supervision",
        "",
        10,
        12,
        "Used in supervision with the public protection team: each officer picked one open "
        "case and looked at its whole history, not only the latest incident.",
    ),
    (
        "Northshire General Hospital",
        "training",
        "",
        7,
        80,
        "Short enough to read on a shift. Staff said it was thought provoking and that they "
        "would now ask what the school nurse or health visitor knows before a child goes home.",
    ),
    (
        "Children's Social Care",
        "team_meeting",
        "",
        5,
        38,
        "The seven-minute format worked well in our team meeting. Two social workers said "
        "they feel more confident to stay professionally curious when a family seems to be "
        "coping.",
    ),
    (
        "Education",
        "newsletter",
        "",
        14,
        120,
        "",
    ),
]
SECOND_BRIEFING = [
    (
        "Early Help",
        "other",
        "Practice forum for family support workers",
        6,
        22,
        "Practitioners said it was good to read what went well as well as what went wrong, "
        "and that it will help them explain to families why agencies share information.",
    ),
    (
        "Northshire Police",
        "team_meeting",
        "",
        8,
        35,
        "",
    ),
]

CURRENT_BRIEFING = [
    (
        "Northshire General Hospital",
        "training",
        "",
        3,
        45,
        "Midwives and the children's ward discussed it at the safeguarding huddle. Several said "
        "they do not routinely ask who else looks after the baby at night, and now will.",
    ),
    (
        "Northshire Police",
        "team_meeting",
        "",
        6,
        30,
        "",
    ),
]
# Each demo briefing's sharing by its review's Ref.
SHARES = {"Ref053": FIRST_BRIEFING, "Ref050": SECOND_BRIEFING, "Ref098": CURRENT_BRIEFING}
# A past briefing: every other agency confirmed this many days after publication (no feedback).
HISTORY_SHARED_AFTER = 35

PUBLISHED_ISSUE = "Learning newsletter: issue 12"
DRAFT_ISSUE = "Learning newsletter: issue 13"
PUBLISHED_INTRO = (
    "Welcome to this issue. A review has published its learning as a briefing this season: "
    "please take it to your team meetings and supervision, and tell us through the sub-group "
    "how you shared it.\n\n"
    "Thank you to every agency that has already confirmed sharing our briefings."
)
ACTION_PLAN_UPDATE = (
    "Most actions from last year's reviews are now complete. Sub-group members report evidence "
    "of impact for each action, not only that it is done, and the project officer reviews the "
    "composite action plan every two weeks. Actions that fall overdue are escalated to the "
    "business manager."
)
TRAINING_EVENT = (
    "A half-day multi-agency session for practitioners and managers, with the local learning "
    "from recent reviews. Places are limited: ask your agency's training lead to book."
)


def _share(actor, briefing: Briefing, agencies: dict[str, Agency], spec, today: dt.date) -> None:
    name, method, other, days, staff, feedback = spec
    agency = agencies.get(name)
    if agency is None:
        return
    if Dissemination.objects.filter(briefing=briefing, agency=agency, method=method).exists():
        return
    shared_on = min(briefing.published_on + dt.timedelta(days=days), today)
    lead = User.objects.filter(username="agency.lead", agency=agency).first()
    services_sharing.record_dissemination(
        lead or actor,  # the police lead records their own agency's sharing
        briefing,
        agency=agency,
        method=method,
        method_other=other,
        shared_on=shared_on,
        staff_reached=staff,
        feedback=feedback,
    )


def _newsletters(actor, partnership: Partnership, briefings: list[Briefing], today) -> None:
    existing = set(
        Newsletter.objects.filter(partnership=partnership).values_list("title", flat=True)
    )
    if PUBLISHED_ISSUE not in existing:
        issue = services_newsletter.create_newsletter(
            actor, title=PUBLISHED_ISSUE, issue_date=today, introduction=PUBLISHED_INTRO
        )
        for briefing in briefings:
            services_newsletter.add_item(actor, issue, kind="briefing", briefing=briefing)
        services_newsletter.add_item(
            actor, issue, kind="update", heading="Action plan progress", body=ACTION_PLAN_UPDATE
        )
        services_newsletter.add_item(
            actor,
            issue,
            kind="event",
            heading="Learning from case reviews: multi-agency training",
            event_on=today + dt.timedelta(days=35),
            body=TRAINING_EVENT,
        )
        services_newsletter.publish(actor, issue)
    if DRAFT_ISSUE not in existing:
        draft = services_newsletter.create_newsletter(
            actor,
            title=DRAFT_ISSUE,
            issue_date=today + dt.timedelta(days=60),
            introduction="The next issue, in preparation.",
        )
        services_newsletter.add_item(
            actor,
            draft,
            kind="update",
            heading="How agencies shared our briefings",
            body="A summary of the sharing agencies have confirmed, and what staff told us.",
        )
        services_newsletter.add_item(
            actor,
            draft,
            kind="event",
            heading="Practitioner learning event: neglect",
            event_on=today + dt.timedelta(days=70),
            body="For practitioners who worked with the family in a current review.",
        )


@transaction.atomic
def seed() -> None:
    partnership = Partnership.objects.filter(slug="northshire").first()
    actor = User.objects.filter(username="business.unit").first()
    if partnership is None or actor is None:
        return
    # The briefings seed's own published briefings (the 2016-17 ones share in their own seed).
    titles = [title for _ref, _kind, title, _sections, published in BRIEFINGS if published]
    briefings = list(
        Briefing.objects.filter(
            partnership=partnership, status=BriefingStatus.PUBLISHED, title__in=titles
        )
        .exclude(published_on=None)
        .select_related("review")
        .order_by("published_on", "id")
    )
    if not briefings:
        return
    today = timezone.localdate()
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership, active=True)}
    for briefing in briefings:
        for spec in SHARES.get(briefing.review.ref, []):
            _share(actor, briefing, agencies, spec, today)
        if briefing.review.ref not in CURRENT:
            _every_agency_shared(actor, briefing, agencies, today)
    current = [b for b in briefings if b.review.ref in CURRENT]
    _newsletters(actor, partnership, current, today)


def _every_agency_shared(actor, briefing: Briefing, agencies: dict[str, Agency], today) -> None:
    """A past briefing: the agencies that had not confirmed did so weeks after publication."""
    for name, agency in sorted(agencies.items()):
        if Dissemination.objects.filter(briefing=briefing, agency=agency).exists():
            continue
        spec = (name, "team_meeting", "", HISTORY_SHARED_AFTER, 12, "")
        _share(actor, briefing, agencies, spec, today)
