"""What falls due for one person (F19), read through each app's own selectors, so the
partnership, the restricted-review rule and the role decide what appears exactly as they do on
the pages the items link to.

Each item names its record by its Ref only (a review's Ref, an action's number, a case audit's
case reference, an event's title): never a child's pseudonym, age or a summary, because the same
items go into emails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from casereviews.accounts.models import User
from casereviews.accounts.permissions import is_business_unit, is_reviewer, is_subgroup_member
from casereviews.accounts.roles import Permission
from casereviews.actions import selectors as action_selectors
from casereviews.actions.models import OPEN_STATUSES
from casereviews.audits import selectors as audit_selectors
from casereviews.audits.models import AuditStatus
from casereviews.briefings.models import Dissemination
from casereviews.briefings.sharing import selectors as sharing_selectors
from casereviews.core.clocks import ClockState, referral_clocks
from casereviews.core.paging import earliest
from casereviews.core.presenters import format_date
from casereviews.core.scoping import in_partnership
from casereviews.events import selectors as event_selectors
from casereviews.referrals import selectors as referral_selectors
from casereviews.reviews import presenters as review_presenters
from casereviews.reviews import selectors as review_selectors

from .models import ReminderKind, ReminderPreference, SentReminder

# An agency lead hears of their agency's actions due within this many days, or overdue.
ACTIONS_AHEAD_DAYS = 14
# A briefing is expected to be shared by each agency within four weeks of publication (the
# sub-group's own expectation in the demo; seed 002 asks for "evidence and feedback of
# dissemination" without a deadline).
SHARE_WITHIN_DAYS = 28
CLOCK_TEXT = {
    "Notification": "Notification to the Panel, 5 working days from the local authority knowing",
    "Rapid review": "Rapid review, 15 working days from the notification",
}
# The fortnightly escalation calls an open action "stale" with no update for this long.
STALE_AFTER_DAYS = 28


@dataclass(frozen=True)
class Due:
    """One thing that falls due for one person."""

    kind: str  # referral_clock, review_target, action, briefing, event, case_audit
    kind_label: str
    key: str  # stable: "action:17", recorded with each sent reminder
    ref: str  # the Ref, never a child's details
    what: str
    due: dt.date | None
    today: dt.date
    href: str

    @property
    def days_overdue(self) -> int:
        if self.due is None or self.due >= self.today:
            return 0
        return (self.today - self.due).days

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def _order(item: Due) -> tuple:
    return (not item.overdue, item.due or dt.date.max, item.kind, item.ref)


@dataclass(frozen=True)
class Part:
    """One kind of thing that falls due for one person: the items (with `first`, only the first
    few by due date and any due the same day), how many there are in all and how many overdue."""

    items: list[Due]
    count: int
    overdue: int
    kind: str = ""


def _all(items: list[Due]) -> Part:
    return Part(items, len(items), sum(i.overdue for i in items))


PART_KINDS = ("referral_clock", "review_target", "action", "briefing", "event", "case_audit")


def _parts(user, today: dt.date, first: int | None) -> list[Part]:
    if not getattr(user, "is_authenticated", False) or not user.partnership_id:
        return []
    parts = (_referral_clocks, _review_targets, _actions, _briefings, _events, _case_audits)
    return [
        replace(part(user, today, first), kind=kind)
        for kind, part in zip(PART_KINDS, parts, strict=True)
    ]


def due_for(user, today: dt.date) -> list[Due]:
    """Everything that falls due for the user, overdue first, then by due date."""
    return sorted((i for part in _parts(user, today, None) for i in part.items), key=_order)


@dataclass(frozen=True)
class FirstDue:
    """The first few things that fall due for the user (due_for's first `first`), and how many
    there are in all and overdue, each kind chosen and counted in the database."""

    items: list[Due]
    count: int
    overdue: int
    kinds: list[Part]  # each kind's count and overdue count (its items: only the first few)


def first_due_for(user, today: dt.date, first: int) -> FirstDue:
    """due_for(user, today)[:first], with its count and how many are overdue, loading only a few
    of each kind (the dashboard: a partnership may have thousands of open actions)."""
    parts = _parts(user, today, first)
    items = sorted((i for part in parts for i in part.items), key=_order)[:first]
    return FirstDue(
        items,
        sum(part.count for part in parts),
        sum(part.overdue for part in parts),
        [part for part in parts if part.count],
    )


def _referral_clocks(user, today: dt.date, first: int | None) -> Part:
    """Notification and rapid review clocks still running or missed: the business unit's, and
    an agency lead's for the referrals their own agency made."""
    if not user.has_perm(Permission.VIEW_REFERRALS):
        return _all([])
    referrals = referral_selectors.referrals_with_open_clocks(user).prefetch_related("reviews")
    if not is_business_unit(user):
        if not user.agency_id:
            return _all([])
        referrals = referrals.filter(source_agency_id=user.agency_id)
    found = referral_selectors.clocks_due(referrals, today, by=None, first=first)
    items = []
    for referral in found.referrals:
        reviews = list(referral.reviews.all())
        # never the child's pseudonym: these rows go into emails too
        ref = (
            reviews[0].ref if reviews else f"Referral received {format_date(referral.received_on)}"
        )
        # referrals_with_open_clocks says whether the decision stopped the rapid review
        held = getattr(referral, "rapid_review_held", False)
        for clock in referral_clocks(referral, today, rapid_review_held=held):
            if clock.done is not None or clock.state not in (ClockState.DUE, ClockState.MISSED):
                continue
            items.append(
                Due(
                    "referral_clock",
                    "Referral clock",
                    f"referral:{referral.pk}:{clock.name.lower().replace(' ', '_')}",
                    ref,
                    CLOCK_TEXT.get(clock.name, clock.name),
                    clock.due,
                    today,
                    reverse("referrals:detail", args=[referral.pk]),
                )
            )
    return Part(items, found.count, found.missed)


def _review_targets(user, today: dt.date, first: int | None) -> Part:
    """Reviews at risk of missing, or past, their 6-month target: for the business unit and the
    reviewers assigned to them (visible_reviews gives a reviewer only theirs)."""
    if not (is_business_unit(user) or is_reviewer(user)):
        return _all([])
    needing = review_selectors.needing_attention(review_selectors.visible_reviews(user), today)
    found = review_selectors.attention_counts(user, today)
    if first is not None:
        needing = earliest(needing, "initiated_on", first, review_selectors.last_initiated_with)
    rows = review_presenters.reviews_needing_attention(needing, today)
    items = [
        Due(
            "review_target",
            "Review target",
            f"review:{row['id']}",
            row["ref"],
            f"Publication (or completion) within 6 months: {row['timeliness']['label'].lower()}",
            row["timeliness"]["target"],
            today,
            row["href"],
        )
        for row in rows
    ]
    return Part(items, found["count"], found["overdue"])


def _actions(user, today: dt.date, first: int | None) -> Part:
    """Open (Red, Amber) actions due within 14 days or overdue: the agency lead's own agency's,
    every agency's for the business unit."""
    if is_business_unit(user):
        agency_id = None
    elif is_subgroup_member(user) and user.agency_id:
        agency_id = user.agency_id
    else:
        return _all([])
    actions = action_selectors.plan_actions(user, agency_id=agency_id, today=today).filter(
        status__in=OPEN_STATUSES, due_on__lte=today + dt.timedelta(days=ACTIONS_AHEAD_DAYS)
    )
    found = actions.aggregate(count=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    if first is not None:
        actions = earliest(actions, "due_on", first)
    items = []
    for action in actions:
        rec = action.recommendation
        ref = f"{rec.review.ref} recommendation {rec.number}" if rec else "Own plan"
        items.append(
            Due(
                "action",
                "Action",
                f"action:{action.pk}",
                f"{ref}, action {action.pk}",
                f"{action.agency.name}: {action.get_status_display()} action to complete "
                f"(lead: {action.lead_role})",
                action.due_on,
                today,
                reverse("actions:detail", args=[action.pk]),
            )
        )
    return Part(items, found["count"], found["overdue"])


def _briefings(user, today: dt.date, first: int | None) -> Part:
    """Published briefings not yet shared: an agency lead's own agency; for the business unit,
    each briefing some agency has not yet confirmed."""
    late = Q(published_on__lt=today - dt.timedelta(days=SHARE_WITHIN_DAYS))
    if is_subgroup_member(user) and user.agency_id:
        shared = Dissemination.objects.filter(agency_id=user.agency_id).values("briefing_id")
        briefings = sharing_selectors.published_briefings(user).exclude(pk__in=shared)
        found = briefings.aggregate(count=Count("pk"), overdue=Count("pk", filter=late))
        if first is not None:
            briefings = earliest(briefings, "published_on", first)
        items = [
            _briefing_item(b, f"{user.agency.name} to confirm how it shared the briefing", today)
            for b in briefings
            if user.has_perm(Permission.RECORD_DISSEMINATION, b)
        ]
        return Part(items, found["count"], found["overdue"])
    if is_business_unit(user):
        waiting = sharing_selectors.tracker_briefings(user, only_outstanding=True)
        found = waiting.aggregate(count=Count("pk"), overdue=Count("pk", filter=late))
        if first is not None:
            waiting = earliest(waiting, "published_on", first)
        expected = sharing_selectors.expected_sharers(user)
        items = [
            _briefing_item(
                briefing,
                f"{expected - briefing.confirmed_active} of "
                f"{expected - briefing.confirmed_active + briefing.confirmed_any} agencies "
                "still to confirm sharing",
                today,
            )
            for briefing in waiting
        ]
        return Part(items, found["count"], found["overdue"])
    return _all([])


def _briefing_item(briefing, what: str, today: dt.date) -> Due:
    due = briefing.published_on + dt.timedelta(days=SHARE_WITHIN_DAYS)
    return Due(
        "briefing",
        "Briefing to share",
        f"briefing:{briefing.pk}",
        f"{briefing.review.ref} {briefing.get_kind_display()}",
        what,
        due,
        today,
        reverse("sharing:briefing", args=[briefing.pk]),
    )


def _events(user, today: dt.date, first: int | None) -> Part:
    """Follow-up evaluations (6-8 weeks on, the person's own or as their manager) and feedback
    still to give on events attended (a person's own few: all of them, `first` or not)."""
    if not user.has_perm(Permission.VIEW_EVENTS):
        return _all([])
    items = [
        Due(
            "event",
            "Event follow-up",
            f"follow_up:{line.pk}",
            line.event.title,
            "Follow-up evaluation with the manager, 6 to 8 weeks after the event",
            line.follow_up_due,
            today,
            reverse("events:record_follow_up", args=[line.pk]),
        )
        for line in event_selectors.follow_ups_for(user, today)
    ]
    items += [
        Due(
            "event",
            "Event feedback",
            f"feedback:{line.pk}",
            line.event.title,
            "Your feedback on the event",
            None,
            today,
            reverse("events:record_feedback", args=[line.event_id]),
        )
        for line in event_selectors.feedback_to_give(user)
    ]
    return _all(items)


def _case_audits(user, today: dt.date, first: int | None) -> Part:
    """The user's own draft case audits to finish, and completed ones waiting for their
    sign-off (no deadline: the supervision they come from sets none; a person's own few)."""
    if not user.has_perm(Permission.VIEW_CASE_AUDITS):
        return _all([])
    drafts = audit_selectors.own_audits(user).filter(status=AuditStatus.DRAFT)
    items = [
        Due(
            "case_audit",
            "Case audit",
            f"case_audit:{audit.pk}",
            audit.case_reference,
            "Your draft case audit to finish",
            None,
            today,
            reverse("audits:detail", args=[audit.pk]),
        )
        for audit in drafts
    ]
    items += [
        Due(
            "case_audit",
            "Case audit",
            f"case_audit:{audit.pk}",
            audit.case_reference,
            "Completed case audit waiting for your sign-off",
            None,
            today,
            reverse("audits:detail", args=[audit.pk]),
        )
        for audit in audit_selectors.awaiting_sign_off(user)
    ]
    return _all(items)


# --- The fortnightly escalation (seed 002: the project officer's bi-weekly check) ----------


def escalation_for(user, today: dt.date) -> dict:
    """Overdue actions by agency (the escalation page's groups), and open actions with no
    update for 28 days that are not yet overdue ("stale"), by agency. As the user may see."""
    overdue = list(action_selectors.overdue_actions(user, today))
    open_actions = list(
        action_selectors.plan_actions(user, today=today).filter(
            status__in=OPEN_STATUSES, due_on__gte=today
        )
    )
    last = action_selectors.last_update_dates([a.pk for a in overdue + open_actions])
    since = today - dt.timedelta(days=STALE_AFTER_DAYS)
    stale = [a for a in open_actions if (last.get(a.pk) or a.created_at.date()) <= since]
    return {"overdue": overdue, "stale": stale, "last_updates": last}


# --- Sending ------------------------------------------------------------------------------


def preference_of(user) -> ReminderPreference:
    """The user's choices (an unsaved row with the defaults when they never chose)."""
    found = in_partnership(ReminderPreference.objects.filter(user=user), user).first()
    return found or ReminderPreference(user=user)


def recipients(kind: str) -> QuerySet[User]:
    """Active people with an email address and a partnership who take this kind of email
    (weekly: unless they opted out; daily and escalation: the business unit; daily only if they
    opted in)."""
    people = (
        User.objects.filter(is_active=True, partnership__isnull=False)
        .exclude(email="")
        .select_related("agency", "partnership")
        .order_by("partnership_id", "username")
    )
    if kind == ReminderKind.WEEKLY:
        return people.exclude(reminder_preference__weekly=False)
    people = people.filter(role="business_unit")
    if kind == ReminderKind.DAILY:
        return people.filter(reminder_preference__daily=True)
    return people


def already_sent(user, kind: str, period_key: str) -> bool:
    return SentReminder.objects.filter(user=user, kind=kind, period_key=period_key).exists()


def sent_to(user) -> QuerySet[SentReminder]:
    return in_partnership(SentReminder.objects.filter(user=user), user)
