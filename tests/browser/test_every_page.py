"""Every page of the demo partnership, as each role sees it, with zero axe violations; forms
also in their error state (submitted empty)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from casereviews.accounts.models import Agency, User
from casereviews.actions.models import Action, Recommendation
from casereviews.audits.joint import services as joint_audits
from casereviews.audits.models import AuditAnswer, CaseAudit, JointAudit
from casereviews.audits.self_assessment.models import IssueSet, SelfAssessment
from casereviews.briefings.models import Briefing, Newsletter
from casereviews.chronology.gaps import find_gaps
from casereviews.chronology.models import Chronology, ChronologyRequest
from casereviews.learning.models import Finding, ReviewReport
from casereviews.referrals.models import Referral
from casereviews.reviews.models import Review
from casereviews.subgroup.models import HealthCheck, Meeting, TermsOfReference

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
        *joint_audit_pages(),
        reverse("audits:framework"),
        reverse("audits:quality", args=[review.pk]),
        reverse("audits:quality_summary"),
        *event_pages(),
        *self_assessment_pages(),
        *chronology_pages(review),
        *subgroup_year_pages(),
    ]


def event_pages(user: User | None = None) -> list[str]:
    """Events and training (issue 10): for the business unit (`user` None) the planning,
    register, import and year pages; for a practitioner what they see and answer."""
    from casereviews.events.models import Attendance, Event

    events = Event.objects.filter(partnership__slug="northshire")
    held = events.filter(kind="debrief_wider").first()
    coming = events.filter(kind="conference").first()
    if user is not None:
        line = Attendance.objects.filter(person=user, follow_up_due__isnull=False).first()
        return [
            reverse("events:list"),
            reverse("events:detail", args=[coming.pk]),
            reverse("events:detail", args=[held.pk]),
            reverse("events:record_follow_up", args=[line.pk]),
        ]
    return [
        reverse("events:list"),
        reverse("events:create_event"),
        reverse("events:year") + "?year=2016-17",
        reverse("events:detail", args=[held.pk]),
        reverse("events:change", args=[held.pk]),
        reverse("events:register", args=[held.pk]),
        reverse("events:record_attendance", args=[held.pk]),
        reverse("events_import:start", args=[held.pk]),
        reverse("events:detail", args=[coming.pk]),
        reverse("events:add_booking", args=[coming.pk]),
    ]


def self_assessment_pages(user: User | None = None) -> list[str]:
    """Self-assessments (issue 9): the list, the sets, an assessment; for the business unit
    also the picture, changing the set, reopening and raising an improvement action. `user`: a
    practitioner, who sees their own agency's."""
    assessments = SelfAssessment.objects.filter(partnership__slug="northshire")
    if user is not None:
        assessments = assessments.filter(agency=user.agency)
    shown = assessments.order_by("-period").first()
    pages = [reverse("audits:self_assessment:list"), reverse("audits:self_assessment:sets")]
    pages.append(reverse("audits:self_assessment:detail", args=[shown.pk]))
    if user is not None:
        return pages
    issue_set = IssueSet.objects.get(partnership__slug="northshire", is_default=True, version=1)
    answer = shown.answers.exclude(action="").filter(raised_action__isnull=True).first()
    return [
        *pages,
        reverse("audits:self_assessment:picture"),
        reverse("audits:self_assessment:start"),
        reverse("audits:self_assessment:add_set"),
        reverse("audits:self_assessment:add_issue", args=[issue_set.pk]),
        reverse("audits:self_assessment:change_issue", args=[issue_set.issues.first().pk]),
        reverse("audits:self_assessment:reopen", args=[shown.pk]),
        reverse("audits:self_assessment:raise_action", args=[answer.pk]),
    ]


def chronology_pages(review: Review) -> list[str]:
    """The multi-agency chronology of Ref053 (issue 14) as the panel sees it."""
    chronology = Chronology.objects.get(review=review)
    request = chronology.requests.order_by("pk").first()
    gap = next(
        g
        for g in find_gaps(
            list(chronology.entries.select_related("agency")),
            [r.agency for r in chronology.requests.select_related("agency")],
            chronology.scope_from,
            chronology.scope_to,
        )
    )
    other = Review.objects.get(partnership__slug="northshire", ref="Ref057")
    return [
        reverse("chronology:overview", args=[review.pk]),
        reverse("chronology:overview", args=[other.pk]),
        reverse("chronology:start_chronology", args=[other.pk]),
        reverse("chronology:add_requests", args=[chronology.pk]),
        reverse("chronology:agency", args=[request.pk]),
        reverse("chronology:integrated", args=[chronology.pk]),
        reverse("chronology:integrated", args=[chronology.pk]) + "?view=anonymised",
        reverse("chronology:integrated", args=[chronology.pk]) + "?start=nonsense",
        reverse("chronology:knew", args=[chronology.pk]),
        reverse("chronology:record_gap_finding", args=[chronology.pk]) + f"?gap={gap.key}",
    ]


def subgroup_year_pages() -> list[str]:
    """The sub-group's year and the annual report (issue 10), on the demo's 2016-17."""
    meeting = Meeting.objects.filter(partnership__slug="northshire").order_by("held_on").first()
    check = HealthCheck.objects.filter(partnership__slug="northshire").first()
    terms = TermsOfReference.objects.filter(partnership__slug="northshire").first()
    return [
        reverse("subgroup:overview") + "?year=2016-17",
        reverse("subgroup:meeting", args=[meeting.pk]),
        reverse("subgroup:health_check", args=[check.pk]),
        reverse("subgroup:change_meeting", args=[meeting.pk]),
        reverse("subgroup:change_health_check", args=[check.pk]),
        reverse("subgroup:change_terms", args=[terms.pk]),
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


def joint_audit_pages() -> list[str]:
    """Multi-agency audits (issue 9): the list, convening, the demo's agreed joint audit and
    raising its agreed actions into the plan (the draft page: test_joint_discussion_page)."""
    joint = JointAudit.objects.get(partnership__slug="northshire", case_reference="HOSP-2307")
    theme = next(d for d in joint.discussions.order_by("theme__number") if d.agreed_actions)
    return [
        reverse("audits:joint:list"),
        reverse("audits:joint:start"),
        reverse("audits:joint:detail", args=[joint.pk]),
        reverse("audits:joint:raise_action", args=[joint.pk, theme.theme.number]),
    ]


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
        reverse("audits:joint:start"),
        reverse("events:create_event"),
        reverse("audits:self_assessment:reopen", args=[_police_latest().pk]),
        reverse("audits:self_assessment:add_issue", args=[_police_latest().issue_set_id]),
        reverse("chronology:add_requests", args=[Chronology.objects.get(review=review).pk]),
        reverse(
            "chronology:start_chronology",
            args=[Review.objects.get(partnership__slug="northshire", ref="Ref057").pk],
        ),
        reverse("subgroup:record_meeting"),
        reverse("subgroup:record_health_check"),
        reverse("subgroup:add_plan_action"),
    ]


def _police_latest() -> SelfAssessment:
    return SelfAssessment.objects.filter(agency__name="Northshire Police").order_by("-period")[0]


def test_every_business_unit_page_is_accessible(browser_page, demo, client):
    browser_page.sign_in_as(demo["business.unit"], client)
    for path in business_unit_pages():
        browser_page.goto(path)
    published = Review.objects.get(partnership__slug="northshire", ref="Ref098")
    browser_page.goto(reverse("reports:repository_summary", args=[published.pk]))
    browser_page.goto(reverse("reports:repository_summary_refill", args=[published.pk]))
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
        request = ChronologyRequest.objects.get(agency=demo[username].agency)
        browser_page.goto(reverse("chronology:overview", args=[request.chronology.review_id]))
        browser_page.goto(reverse("chronology:agency", args=[request.pk]))
        entry = request.chronology.entries.filter(agency=request.agency).first()
        browser_page.goto(reverse("chronology:change_entry", args=[request.pk, entry.pk]))
        browser_page.goto(reverse("chronology:import_start", args=[request.pk]))
        browser_page.goto(reverse("chronology:add_entry", args=[request.pk]))
        page = browser_page.page
        page.locator("main form button[type=submit], main form button:not([type])").first.click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        browser_page.check_accessibility()
    if username == "reviewer":
        chronology = Chronology.objects.get(review__ref="Ref053")
        browser_page.goto(reverse("chronology:integrated", args=[chronology.pk]))
        browser_page.goto(reverse("chronology:knew", args=[chronology.pk]))
    published = Briefing.objects.filter(status="published").first()
    browser_page.goto(reverse("briefings:list"))
    browser_page.goto(reverse("briefings:detail", args=[published.pk]))
    browser_page.goto(reverse("newsletters:list"))
    if username == "practitioner":
        for path in audit_pages(author=demo[username]):
            browser_page.goto(path)
        for path in event_pages(demo[username]):
            browser_page.goto(path)
        for path in self_assessment_pages(demo[username]):
            browser_page.goto(path)
        newsletter = Newsletter.objects.filter(status="published").first()
        browser_page.goto(reverse("newsletters:detail", args=[newsletter.pk]))
        joint = JointAudit.objects.get(partnership__slug="northshire")
        browser_page.goto(reverse("audits:joint:detail", args=[joint.pk]))
        for path in library_pages():
            browser_page.goto(path)


def library_pages() -> list[str]:
    """The practitioner's library on the demo: a search with report pages among its results,
    a page of a published review's report, a theme's learning loop and a published review's
    recommendations (issue 11)."""
    report = ReviewReport.objects.get(review__partnership__slug="northshire", review__ref="Ref098")
    return [
        reverse("library:search") + "?q=father",
        reverse("library:search") + f"?q=father&report={report.pk}",
        reverse("library:report_text", args=[report.pk]) + "?part=1",
        reverse("library:theme", args=["fathers-men"]),
        # A published review's recommendations and actions: where a recommendation links.
        reverse("actions:recommendations", args=[report.review_id]),
    ]


def test_joint_discussion_page_and_its_warning_are_accessible(browser_page, demo, client):
    """A joint audit still being discussed: the form per theme, then the anonymisation check's
    warning after a name is written (nothing saved until confirmed)."""
    business_unit = demo["business.unit"]
    joint = joint_audits.convene(
        business_unit,
        business_unit.partnership,
        {"case_reference": "HOSP-9000", "child": "Child Z", "meeting_date": dt.date(2026, 11, 2)},
    )
    browser_page.sign_in_as(business_unit, client)
    browser_page.goto(reverse("audits:joint:detail", args=[joint.pk]))
    browser_page.goto(reverse("audits:joint:link", args=[joint.pk]))
    browser_page.goto(reverse("audits:joint:detail", args=[joint.pk]))
    page = browser_page.page
    page.get_by_label("What the agencies agreed (theme 3)").fill(
        "Kayden Smith's mother was not asked."
    )
    page.get_by_role("button", name="Save the discussion").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("What the agencies agreed (theme 3)")).to_have_value(
        "Kayden Smith's mother was not asked."
    )
    browser_page.check_accessibility()
