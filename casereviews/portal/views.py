from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from casereviews.accounts.roles import Permission, Role
from casereviews.audits import presenters as audit_presenters
from casereviews.audits import selectors as audit_selectors
from casereviews.core.views_helpers import page
from casereviews.core.workdays import add_working_days
from casereviews.events import panel as events_panel
from casereviews.portal import home
from casereviews.referrals import selectors as referral_selectors
from casereviews.reminders import presenters as reminder_presenters
from casereviews.reviews import presenters as review_presenters
from casereviews.reviews import selectors as review_selectors

DASHBOARD_REVIEWS = 20  # reviews at risk or overdue listed; the register has the rest
DASHBOARD_CLOCKS = 20  # referral clocks due soon or missed listed; the referrals list has all


def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs attention this week; for a practitioner, their home: their case audits, their
    agency's self-assessments and the published learning (portal.home)."""
    user = request.user
    today = timezone.localdate()
    context: dict = {"is_practitioner": user.role == Role.PRACTITIONER}
    context["falls_due"] = reminder_presenters.panel(user, today)  # issue 12 (F19)
    if user.has_perm(Permission.VIEW_REFERRALS):
        # The most urgent few, chosen and counted in the database; the referrals list has all.
        found = referral_selectors.clocks_due(
            referral_selectors.referrals_with_open_clocks(user),
            today,
            by=add_working_days(today, review_presenters.ATTENTION_WORKING_DAYS),
            first=DASHBOARD_CLOCKS,
        )
        context["clocks"] = review_presenters.clocks_needing_attention(found.referrals, today)[
            :DASHBOARD_CLOCKS
        ]
        context["clocks_total"] = found.count
    if context["is_practitioner"]:
        # Their own audits, their agency's self-assessments, the published learning (issue 9).
        context["self_assessments"] = home.self_assessments_panel(user)
        context["learning"] = home.learning_panel(user)
        context["links"] = {
            "audit_summary": user.has_perm(Permission.VIEW_CASE_AUDIT_SUMMARY),
            "briefings": user.has_perm(Permission.VIEW_BRIEFINGS),
            "register": True,
        }
    else:
        # The most urgent few; the register sorted by timeliness has them all.
        needing = review_selectors.needing_attention(review_selectors.visible_reviews(user), today)
        context["reviews"] = review_presenters.reviews_needing_attention(
            needing[:DASHBOARD_REVIEWS], today
        )
        context["reviews_total"] = review_selectors.attention_counts(user, today)["count"]
    if user.has_perm(Permission.VIEW_CASE_AUDITS):
        context["case_audits"] = _case_audits_panel(user)
    if user.has_perm(Permission.VIEW_EVENTS):
        context["events"] = events_panel.panel(user, today)
    return page(request, "portal/dashboard.html", "Dashboard", **context)


def _case_audits_panel(user) -> dict:
    """Your case audits: the latest few you wrote, and those waiting for your sign-off."""
    own = audit_selectors.own_audits(user)
    return {
        "rows": [audit_presenters.list_row(a) for a in own[:5]],
        "count": own.count(),
        "to_sign": audit_selectors.awaiting_sign_off(user).count(),
        "can_start": user.has_perm(Permission.START_CASE_AUDIT),
    }
