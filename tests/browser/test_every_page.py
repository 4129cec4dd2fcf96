"""Every page of the demo partnership, as each role sees it, with zero axe violations; forms
also in their error state (submitted empty)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from casereviews.accounts.models import Agency, User
from casereviews.actions.models import Action, Recommendation
from casereviews.audits.models import AuditAnswer, CaseAudit
from casereviews.briefings.models import Briefing, Newsletter
from casereviews.learning.models import Finding, ReviewReport
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review
from casereviews.subgroup.models import HealthCheck, Meeting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)
    return {u.username: u for u in User.objects.all()}


def business_unit_pages() -> list[str]:
    referral = Referral.objects.filter(partnership__slug="northshire").first()
    review = Review.objects.get(partnership__slug="northshire", ref="Ref053")
    agency = Agency.objects.filter(partnership__slug="northshire").first()
    user = User.objects.get(username="reviewer")
    return [
        "/",
        "/referrals/",
        "/referrals/new/",
        f"/referrals/{referral.pk}/",
        f"/referrals/{referral.pk}/edit/",
        f"/referrals/{referral.pk}/decision/",
        "/reviews/",
        "/reviews/?status=underway&type=scr&sort=-target",
        f"/reviews/{review.pk}/",
        f"/reviews/{review.pk}/edit/",
        f"/reviews/{review.pk}/access/",
        f"/reviews/{review.pk}/delays/new/",
        "/reports/briefing-paper/",
        "/audit-log/",
        "/accounts/users/",
        "/accounts/users/add/",
        f"/accounts/users/{user.pk}/",
        f"/accounts/users/{user.pk}/password/",
        "/accounts/agencies/",
        "/accounts/agencies/add/",
        f"/accounts/agencies/{agency.pk}/",
        *learning_cycle_pages(review),
        *audit_pages(),
        reverse("audits:framework"),
        reverse("audits:quality", args=[review.pk]),
        reverse("audits:quality_summary"),
        *subgroup_year_pages(),
    ]


def subgroup_year_pages() -> list[str]:
    """The sub-group's year and the annual report (issue 10), on the demo's 2016-17."""
    meeting = Meeting.objects.filter(partnership__slug="northshire").order_by("held_on").first()
    check = HealthCheck.objects.filter(partnership__slug="northshire").first()
    return [
        reverse("subgroup:overview") + "?year=2016-17",
        reverse("subgroup:meeting", args=[meeting.pk]),
        reverse("subgroup:health_check", args=[check.pk]),
        reverse("subgroup:record_meeting"),
        reverse("subgroup:record_health_check"),
        reverse("subgroup:record_terms"),
        reverse("subgroup:add_priority"),
        reverse("subgroup:add_plan_action"),
        reverse("reports:annual") + "?year=2016-17",
        reverse("reports:annual") + "?year=2017-16",
        reverse("reports:annual_narrative", args=["challenges"]) + "?year=2017-18",
        "/referrals/?reporting_year=2016-17",
        "/reviews/?reporting_year=2016-17",
    ]


def audit_pages(author: User | None = None) -> list[str]:
    """The case audit tool (issue 9): the list, start, a finished audit, the summary, and (for
    who may) raising a next action into the plan. `author`: only their own audits."""
    audits = CaseAudit.objects.filter(partnership__slug="northshire")
    if author is not None:
        audits = audits.filter(author=author)
    finished = audits.exclude(status="draft").first()
    pages = [reverse("audits:list"), reverse("audits:start"), reverse("audits:summary")]
    if finished is not None:
        pages.append(reverse("audits:detail", args=[finished.pk]))
    answer = (
        AuditAnswer.objects.filter(audit__in=audits.exclude(status="draft"))
        .exclude(next_action="")
        .filter(raised_action__isnull=True)
        .first()
    )
    if author is None and answer is not None:
        pages.append(reverse("audits:raise_action", args=[answer.audit_id, answer.theme.number]))
    return pages


def learning_cycle_pages(review: Review) -> list[str]:
    """Findings to newsletters (issue 4), from the demo's learning cycle."""
    finding = Finding.objects.filter(review=review).first()
    tag = finding.tags.first()
    report = ReviewReport.objects.filter(review=review).first()
    action_reviewed = Recommendation.objects.filter(actions__isnull=False).first().review
    action = Action.objects.filter(status="blue").first()
    published = Briefing.objects.filter(status="published").first()
    draft = Briefing.objects.filter(status="draft").first()
    newsletter = Newsletter.objects.filter(status="published").first()
    return [
        reverse("learning:findings", args=[review.pk]),
        reverse("learning:add_finding", args=[review.pk]),
        reverse("learning:edit_finding", args=[finding.pk]),
        reverse("learning:finding_history", args=[finding.pk]),
        reverse("learning:add_theme", args=[finding.pk]),
        reverse("learning:decide_tag", args=[tag.pk]),
        reverse("learning:upload_report", args=[review.pk]),
        reverse("learning:report", args=[report.pk]),
        reverse("actions:recommendations", args=[action_reviewed.pk]),
        reverse("actions:add_recommendation", args=[action_reviewed.pk]),
        reverse("actions:add_action", args=[action.recommendation_id]),
        reverse("actions:plan"),
        reverse("actions:plan") + "?status=red&due=overdue",
        reverse("actions:detail", args=[action.pk]),
        reverse("actions:edit", args=[action.pk]),
        reverse("actions:escalation"),
        reverse("actions_import:start"),
        reverse("briefings:list"),
        reverse("briefings:for_review", args=[review.pk]),
        reverse("briefings:new", args=[review.pk]),
        reverse("briefings:detail", args=[published.pk]),
        reverse("briefings:detail", args=[draft.pk]),
        reverse("briefings:edit", args=[draft.pk]),
        reverse("briefings:publish", args=[draft.pk]),
        reverse("sharing:tracker"),
        reverse("sharing:briefing", args=[published.pk]),
        reverse("sharing:record", args=[published.pk]),
        reverse("newsletters:list"),
        reverse("newsletters:new"),
        reverse("newsletters:detail", args=[newsletter.pk]),
    ]


def forms() -> list[str]:
    review = Review.objects.get(partnership__slug="northshire", ref="Ref053")
    published = Briefing.objects.filter(status="published").first()
    return [
        "/referrals/new/",
        "/accounts/users/add/",
        "/accounts/agencies/add/",
        reverse("learning:add_finding", args=[review.pk]),
        reverse("actions:add_recommendation", args=[review.pk]),
        reverse("sharing:record", args=[published.pk]),
        reverse("newsletters:new"),
        reverse("audits:start"),
        reverse("subgroup:record_meeting"),
        reverse("subgroup:record_health_check"),
        reverse("subgroup:add_plan_action"),
    ]


def test_every_business_unit_page_is_accessible(browser_page, demo, client):
    browser_page.sign_in_as(demo["business.unit"], client)
    for path in business_unit_pages():
        browser_page.goto(path)
    page = browser_page.page
    for path in forms():
        browser_page.goto(path)
        page.locator("main form button[type=submit], main form button:not([type])").last.click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        browser_page.check_accessibility()


@pytest.mark.parametrize("username", ["agency.lead", "reviewer", "practitioner"])
def test_other_roles_pages_are_accessible(browser_page, demo, client, username):
    browser_page.sign_in_as(demo[username], client)
    browser_page.goto("/")
    browser_page.goto("/reviews/")
    visible = browser_page.page.locator("main table a[href^='/reviews/']")
    if visible.count():
        visible.first.click()
        browser_page.check_accessibility()
    if username == "agency.lead":
        browser_page.goto("/referrals/")
        browser_page.goto("/reports/briefing-paper/")
        browser_page.goto(reverse("actions:plan"))
        own = Action.objects.filter(agency=demo[username].agency).first()
        browser_page.goto(reverse("actions:detail", args=[own.pk]))
        browser_page.goto(reverse("actions_import:start"))
        browser_page.goto(reverse("audits:list"))
        browser_page.goto(reverse("audits:summary"))
        browser_page.goto(reverse("audits:quality_summary"))
        browser_page.goto(reverse("subgroup:overview") + "?year=2016-17")
        browser_page.goto(reverse("reports:annual") + "?year=2016-17")
    published = Briefing.objects.filter(status="published").first()
    browser_page.goto(reverse("briefings:list"))
    browser_page.goto(reverse("briefings:detail", args=[published.pk]))
    browser_page.goto(reverse("newsletters:list"))
    if username == "practitioner":
        for path in audit_pages(author=demo[username]):
            browser_page.goto(path)
        newsletter = Newsletter.objects.filter(status="published").first()
        browser_page.goto(reverse("newsletters:detail", args=[newsletter.pk]))
