"""Every form that creates a record, with a valid submission for it (tests/core/test_once.py).

A new create view is added here: `CreateForm(url name, setup)`, where `setup(world)` makes what
the page needs and returns the page's address, a valid submission (a function, as an uploaded
file can be read only once) and the table the form adds a row to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from casereviews.accounts.models import Agency, User
from casereviews.actions.models import Action, ActionUpdate, BusinessPriority, Recommendation
from casereviews.audits.joint.models import JointAudit, JointAuditLink
from casereviews.audits.models import CaseAudit
from casereviews.audits.self_assessment.models import IssueSet, SelfAssessment
from casereviews.briefings.models import (
    Briefing,
    BriefingKind,
    BriefingStatus,
    Dissemination,
    Newsletter,
    NewsletterItem,
)
from casereviews.chronology.models import (
    Chronology,
    ChronologyEntry,
    ChronologyRequest,
    GapFinding,
)
from casereviews.learning.models import Finding, ReviewReport, ThemeTag
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews.models import Delay
from casereviews.subgroup.models import (
    HEALTH_CHECK_QUESTIONS,
    HealthCheck,
    Meeting,
    TermsOfReference,
)
from tests.factories import ReferralFactory, ReviewFactory

# The day these tests run on (frozen): Friday 20 November 2026.
TODAY = dt.date(2026, 11, 20)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _dated(name: str, value: dt.date) -> dict[str, str]:
    """A date as the day, month and year boxes send it."""
    return {
        f"{name}-day": str(value.day),
        f"{name}-month": str(value.month),
        f"{name}-year": str(value.year),
    }


@dataclass(frozen=True)
class Page:
    url: str
    data: Callable[[], dict[str, Any]]
    model: type[models.Model]


@dataclass(frozen=True)
class CreateForm:
    name: str  # the URL name of the create page
    setup: Callable[[Any], Page]

    def __str__(self) -> str:
        return self.name


def _review(world):
    return ReviewFactory(partnership=world.partnership, ref="Ref057", status="underway")


def _finding(world):
    return Finding.objects.create(review=_review(world), number=1, text="Nobody asked the child.")


def _recommendation(world):
    return Recommendation.objects.create(
        review=_review(world), number=1, text="Hear the voice of the child."
    )


def _action(world):
    return Action.objects.create(
        partnership=world.partnership,
        recommendation=_recommendation(world),
        agency=world.police,
        description="Train every response officer in talking to children.",
        lead_role="Detective Inspector, safeguarding",
        due_on=dt.date(2027, 3, 31),
    )


def _published_briefing(world):
    return Briefing.objects.create(
        partnership=world.partnership,
        review=_review(world),
        kind=BriefingKind.SEVEN_MINUTE,
        title="Learning from Ref057",
        sections={"background": "Child A was known to health."},
        status=BriefingStatus.PUBLISHED,
        published_on=dt.date(2026, 10, 1),
    )


def _newsletter(world):
    return Newsletter.objects.create(
        partnership=world.partnership, title="Autumn learning", issue_date=TODAY
    )


def _report_docx() -> bytes:
    from tests.learning.conftest import report_docx

    return report_docx()


def referral(world) -> Page:
    from tests.referrals.conftest import referral_post

    return Page(reverse("referrals:create"), lambda: referral_post(world), Referral)


def decision(world) -> Page:
    item = ReferralFactory(partnership=world.partnership, source_agency=world.police)
    data = {
        **_dated("meeting_on", dt.date(2026, 10, 20)),
        "outcome": "single_agency",
        "rapid_review": "yes",
        "rationale": "Learning for one agency only.",
        "ref": "Ref900",
        "version": "1",
    }
    return Page(reverse("referrals:decide", args=[item.pk]), lambda: data, Decision)


def delay(world) -> Page:
    data = {**_dated("noted_on", dt.date(2026, 11, 2)), "reason": "criminal", "detail": ""}
    return Page(reverse("reviews:add_delay", args=[_review(world).pk]), lambda: data, Delay)


def finding(world) -> Page:
    data = {"title": "", "text": "Agencies assumed someone else had shared it."}
    url = reverse("learning:add_finding", args=[_review(world).pk])
    return Page(url, lambda: data, Finding)


def theme(world) -> Page:
    data = {"theme": "supervision", "reason": "Oversight"}
    return Page(reverse("learning:add_theme", args=[_finding(world).pk]), lambda: data, ThemeTag)


def report(world) -> Page:
    body = _report_docx()

    def data() -> dict[str, Any]:
        return {"file": SimpleUploadedFile("Child A SCR.docx", body, content_type=DOCX)}

    url = reverse("learning:upload_report", args=[_review(world).pk])
    return Page(url, data, ReviewReport)


def recommendation(world) -> Page:
    data = {"number": "", "text": "Hear the voice of the child.", "version": ""}
    url = reverse("actions:add_recommendation", args=[_review(world).pk])
    return Page(url, lambda: data, Recommendation)


def action(world) -> Page:
    data = {
        "agency": str(world.police.pk),
        "description": "Train response officers.",
        "lead_role": "Detective Inspector",
        **_dated("due_on", dt.date(2027, 3, 31)),
        "success_measure": "",
        "status": "amber",
        "version": "",
    }
    url = reverse("actions:add_action", args=[_recommendation(world).pk])
    return Page(url, lambda: data, Action)


def action_update(world) -> Page:
    item = _action(world)
    data = {
        **_dated("written_on", dt.date(2026, 11, 19)),
        "kind": "progress",
        "text": "Half of the officers are trained.",
        "status_to": "",
        "version": str(item.version),
    }
    return Page(reverse("actions:detail", args=[item.pk]), lambda: data, ActionUpdate)


def briefing(world) -> Page:
    data = {"kind": "seven_minute"}
    return Page(reverse("briefings:new", args=[_review(world).pk]), lambda: data, Briefing)


def newsletter(world) -> Page:
    data = {"title": "Winter learning", **_dated("issue_date", TODAY), "introduction": ""}
    return Page(reverse("newsletters:new"), lambda: data, Newsletter)


def newsletter_item(world) -> Page:
    data = {"heading": "Action plan progress", "body": "Most actions are on track."}
    url = reverse("newsletters:item_new", args=[_newsletter(world).pk, "update"])
    return Page(url, lambda: data, NewsletterItem)


def dissemination(world) -> Page:
    data = {
        "agency": str(world.health.pk),
        "method": "team_meeting",
        "method_other": "",
        **_dated("shared_on", dt.date(2026, 11, 10)),
        "staff_reached": "12",
        "feedback": "",
    }
    url = reverse("sharing:record", args=[_published_briefing(world).pk])
    return Page(url, lambda: data, Dissemination)


def agency(world) -> Page:
    data = {"name": "Northshire Probation", "short_name": "NPS", "active": "on"}
    return Page(reverse("accounts:agency_add"), lambda: data, Agency)


def user(world) -> Page:
    from tests.accounts.test_admin_pages import new_user_data

    data = new_user_data(agency=str(world.health.pk))
    return Page(reverse("accounts:user_add"), lambda: data, User)


def case_audit(world) -> Page:
    data = {
        "case_reference": "CSC-4411",
        "child": "Child K",
        "purpose": "case_supervision",
        "agency": str(world.health.pk),
        "team": "Assessment team",
        **_dated("audit_date", TODAY),
        "supervisor": "",
        "version": "",
    }
    return Page(reverse("audits:start"), lambda: data, CaseAudit)


def self_assessment(world) -> Page:
    data = {"issue_set": "", "agency": str(world.police.pk), "team": "", "period": "2026-27"}
    return Page(reverse("audits:self_assessment:start"), lambda: data, SelfAssessment)


def issue_set(world) -> Page:
    data = {"name": "Local pledge", "source": "", "issues": "Fathers\n- Do we know them?"}
    return Page(reverse("audits:self_assessment:add_set"), lambda: data, IssueSet)


def _case_audit(world, case: str, child: str, *, next_action: str = "", team: str = ""):
    """A completed case audit of `case` by the practitioner (health), theme 3 with a next
    action if given; a draft, with nothing written, without one."""
    from casereviews.audits import services as audit_services

    audit = audit_services.start_audit(
        world.practitioner,
        world.partnership,
        {
            "case_reference": case,
            "child": child,
            "purpose": "case_supervision",
            "agency": world.health,
            "team": team,
            "audit_date": TODAY,
            "supervisor": None,
        },
    )
    if next_action:
        answers = {n: {"judgement": "not_evident"} for n in range(1, 10)}
        answers[3] = {"judgement": "evident_not_addressed", "next_action": next_action}
        audit_services.save_answers(world.practitioner, audit, answers, audit.version)
        audit_services.complete(world.practitioner, audit)
    return audit


def audit_action(world) -> Page:
    audit = _case_audit(world, "CSC-4412", "Child L", next_action="Review the plan")
    data = {"lead_role": "Team manager", **_dated("due_on", TODAY)}
    return Page(reverse("audits:raise_action", args=[audit.pk, 3]), lambda: data, Action)


def _completed_self_assessment(world, action: str = ""):
    from casereviews.audits.self_assessment import selectors as sa_selectors
    from casereviews.audits.self_assessment import services as sa_services

    lead = world.subgroup_member
    assessment = sa_services.start(
        lead, world.partnership, {"agency": world.police, "period": "2025-26"}
    )
    answers = {a.question_id: {"rating": "amber"} for a in sa_selectors.answers_of(assessment)}
    first = sa_selectors.answers_of(assessment)[0]
    answers[first.question_id]["action"] = action
    sa_services.save_answers(lead, assessment, answers, assessment.version)
    sa_services.complete(lead, assessment)
    return first


def self_assessment_action(world) -> Page:
    answer = _completed_self_assessment(world, "Brief every team on early help")
    data = {"lead_role": "Training lead", **_dated("due_on", TODAY)}
    url = reverse("audits:self_assessment:raise_action", args=[answer.pk])
    return Page(url, lambda: data, Action)


def _default_set(world):
    from casereviews.audits.self_assessment import services as sa_services

    return sa_services.ensure_default_set(world.partnership)


def issue_added(world) -> Page:
    issue_set = _default_set(world)
    data = {"title": "Fathers", "summary": "", "questions": "Do we know who they are?"}
    url = reverse("audits:self_assessment:add_issue", args=[issue_set.pk])
    return Page(url, lambda: data, IssueSet)


def issue_changed(world) -> Page:
    issue = _default_set(world).issues.get(number=1)
    data = {"title": issue.title + " (local wording)", "summary": issue.summary}
    data |= {f"question_{q.number}": q.text for q in issue.questions.all()}
    url = reverse("audits:self_assessment:change_issue", args=[issue.pk])
    return Page(url, lambda: data, IssueSet)


def joint_audit(world) -> Page:
    data = {"case_reference": "CSC-4413", "child": "Child M", **_dated("meeting_date", TODAY)}
    return Page(reverse("audits:joint:start"), lambda: data, JointAudit)


def _convene(world, case: str, child: str):
    from casereviews.audits.joint import services as joint_services

    return joint_services.convene(
        world.business_unit,
        world.partnership,
        {"case_reference": case, "child": child, "meeting_date": TODAY},
    )


def joint_link(world) -> Page:
    joint = _convene(world, "CSC-4414", "Child N")
    audit = _case_audit(world, "CSC-4414", "Child N")
    data = {"audit": str(audit.pk)}
    return Page(reverse("audits:joint:link", args=[joint.pk]), lambda: data, JointAuditLink)


def joint_action(world) -> Page:
    """An agreed joint audit of two audits, theme 3's agreed actions raised into the plan."""
    from casereviews.audits.joint import services as joint_services

    joint = _convene(world, "CSC-4415", "Child O")
    for team in ("Paediatrics", "Community health"):
        audit = _case_audit(world, "CSC-4415", "Child O", next_action="Share it", team=team)
        joint_services.link(world.business_unit, joint, audit)
    discussion = {n: {"judgement": "not_evident"} for n in range(1, 10)}
    discussion[3]["agreed_actions"] = "A joint protocol for sharing discharge summaries"
    joint_services.save_discussion(world.business_unit, joint, discussion)
    joint_services.agree(world.business_unit, joint)
    data = {"agency": str(world.health.pk), "lead_role": "Named nurse", **_dated("due_on", TODAY)}
    return Page(reverse("audits:joint:raise_action", args=[joint.pk, 3]), lambda: data, Action)


def _event(world, *, days: int = 20, held_days_ago: int | None = None):
    """An event of the world's partnership (to come), or held `held_days_ago` days ago."""
    from django.utils import timezone

    from casereviews.events import services as events
    from casereviews.events.models import Event

    now = timezone.now()
    event = events.create_event(
        world.business_unit,
        world.partnership,
        {
            "kind": "training",
            "title": "Learning from Serious Case Reviews",
            "starts_at": now + dt.timedelta(days=days),
            "ends_at": now + dt.timedelta(days=days, hours=6),
            "venue": "Professional Development Centre",
            "capacity": 30,
        },
    )
    if held_days_ago is not None:
        Event.objects.filter(pk=event.pk).update(
            starts_at=now - dt.timedelta(days=held_days_ago, hours=6),
            ends_at=now - dt.timedelta(days=held_days_ago),
        )
        event.refresh_from_db()
    return event


def event(world) -> Page:
    from casereviews.events.models import Event

    data = {
        "kind": "training",
        "title": "Learning from Serious Case Reviews",
        **_dated("date", TODAY + dt.timedelta(days=40)),
        "start_time": "9:30",
        "end_time": "16:00",
        "venue": "Professional Development Centre",
        "capacity": "30",
        "version": "",
    }
    return Page(reverse("events:create_event"), lambda: data, Event)


def booking(world) -> Page:
    from casereviews.events.models import Booking

    url = reverse("events:add_booking", args=[_event(world).pk])
    return Page(url, lambda: {"person": str(world.practitioner.pk), "manager": ""}, Booking)


def attendance(world) -> Page:
    from casereviews.events.models import Attendance

    url = reverse("events:record_attendance", args=[_event(world, held_days_ago=1).pk])
    data = {"name": "Jo Walker", "agency": str(world.police.pk), "role": "PCSO", "attended": "yes"}
    return Page(url, lambda: data, Attendance)


def _line_of_business_unit(world, days_ago: int):
    """The business unit's own line on a register (the create-form test signs in as them)."""
    from casereviews.events import services as events

    held = _event(world, held_days_ago=days_ago)
    bu = world.business_unit
    return events.record_attendance(
        bu, held, {"name": "Alex Morgan", "person": bu, "agency": world.health, "attended": True}
    )


def baseline(world) -> Page:
    from casereviews.events.models import Booking, Response

    coming = _event(world)
    Booking.objects.create(
        event=coming,
        person=world.business_unit,
        booked_by=world.business_unit,
        status="booked",
        asked_at=coming.created_at,
    )  # as if booked when they still worked for an agency
    url = reverse("events:record_baseline", args=[coming.pk])
    return Page(url, lambda: {"confidence": "3", "hopes": "Ask better questions."}, Response)


def feedback(world) -> Page:
    from casereviews.events.models import Response

    line = _line_of_business_unit(world, 1)
    data = {"rating": "5", "confidence": "4", "learned": "Check what I am told.", "quote": ""}
    return Page(reverse("events:record_feedback", args=[line.event_id]), lambda: data, Response)


def follow_up(world) -> Page:
    from casereviews.events.models import Response

    line = _line_of_business_unit(world, 43)
    data = {"practice_changed": "yes", "change": "Fathers asked about.", "manager_name": "M E"}
    return Page(reverse("events:record_follow_up", args=[line.pk]), lambda: data, Response)


def _chronology(world):
    from casereviews.chronology import services as chronology_services

    return chronology_services.start(
        world.business_unit,
        _review(world),
        {"child": "Child F", "scope_from": dt.date(2020, 1, 1), "scope_to": dt.date(2023, 12, 31)},
    )


def chronology(world) -> Page:
    data = {
        "child": "Child F",
        **_dated("scope_from", dt.date(2020, 1, 1)),
        **_dated("scope_to", dt.date(2023, 12, 31)),
    }
    url = reverse("chronology:start_chronology", args=[_review(world).pk])
    return Page(url, lambda: data, Chronology)


def chronology_request(world) -> Page:
    data = {"agencies": [str(world.police.pk)], **_dated("due_on", dt.date(2027, 1, 8))}
    url = reverse("chronology:add_requests", args=[_chronology(world).pk])
    return Page(url, lambda: data, ChronologyRequest)


def chronology_entry(world) -> Page:
    from casereviews.chronology import services as chronology_services

    # The business unit is named as the police's contributor here, so that it may write the
    # police's entries (as an agency's lead or named contributor does).
    world.business_unit.agency = world.police
    world.business_unit.save()
    (request,) = chronology_services.request_agencies(
        world.business_unit, _chronology(world), [world.police], TODAY, world.business_unit
    )
    data = {"when": "?/03/2021", "source": "Police log 1/21", "event": "Called to the home."}
    url = reverse("chronology:add_entry", args=[request.pk])
    return Page(url, lambda: data, ChronologyEntry)


def gap_finding(world) -> Page:
    from casereviews.chronology import services as chronology_services

    chronology = _chronology(world)
    (request,) = chronology_services.request_agencies(
        world.business_unit, chronology, [world.police], TODAY
    )
    lead = User.objects.get(username="lead")
    chronology_services.add_entry(
        lead,
        request,
        {"when": "01/02/2021", "source": "Police log", "event": "Called.", "shared": "no"},
    )
    gap = GapFinding  # the form adds a finding and remembers the gap it came from
    entry = ChronologyEntry.objects.get()
    url = reverse("chronology:record_gap_finding", args=[chronology.pk])
    url += f"?gap=not_shared:{entry.pk}"
    data = {"gap": f"not_shared:{entry.pk}", "title": "Not shared", "text": "Nobody was told."}
    return Page(url, lambda: data, gap)


def subgroup_meeting(world) -> Page:
    data = {
        **_dated("held_on", dt.date(2026, 10, 15)),
        "status": "held",
        "chair": "Strategic Manager for Safeguarding",
        f"agency_{world.police.pk}": "2",
        "considered": ["action_plan"],
    }
    return Page(reverse("subgroup:record_meeting"), lambda: data, Meeting)


def health_check(world) -> Page:
    data = {**_dated("done_on", dt.date(2026, 10, 15))}
    data.update({f"q{n}": "yes" for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1)})
    return Page(reverse("subgroup:record_health_check"), lambda: data, HealthCheck)


def terms_of_reference(world) -> Page:
    data = {
        **_dated("agreed_on", dt.date(2026, 4, 1)),
        **_dated("review_by", dt.date(2027, 4, 1)),
        "frequency": "Six-weekly",
        "purpose": "To consider referrals and oversee reviews.",
        "membership": "Police, health, children's social care, education.",
    }
    return Page(reverse("subgroup:record_terms"), lambda: data, TermsOfReference)


def business_priority(world) -> Page:
    data = {"reporting_year": "2026-27", "text": "Hear the voice of the child in every review."}
    return Page(reverse("subgroup:add_priority"), lambda: data, BusinessPriority)


def subgroup_action(world) -> Page:
    priority = BusinessPriority.objects.create(
        partnership=world.partnership, reporting_year="2026-27", number=1, text="Timeliness."
    )
    data = {
        "priority": str(priority.pk),
        "agency": str(world.police.pk),
        "description": "Report every review's progress to the board each quarter.",
        "lead_role": "Business manager",
        **_dated("due_on", dt.date(2027, 3, 31)),
    }
    return Page(reverse("subgroup:add_plan_action"), lambda: data, Action)


def own_token(world) -> Page:
    from casereviews.api.models import ApiToken

    data = {"name": "Case system sync", "lifetime": "90"}
    return Page(reverse("api_tokens:own"), lambda: data, ApiToken)


def service_account(world) -> Page:
    from casereviews.api.models import ServiceAccount

    data = {"name": "Police case system", "agency": str(world.police.pk)}
    return Page(reverse("api_tokens:service_accounts"), lambda: data, ServiceAccount)


def service_token(world) -> Page:
    from casereviews.api import services
    from casereviews.api.models import ApiToken

    account = services.create_service_account(
        world.business_unit, name="Health case system", agency=world.health
    )
    data = {"name": "Nightly sync", "lifetime": "30"}
    url = reverse("api_tokens:service_account", args=[account.pk])
    return Page(url, lambda: data, ApiToken)


CREATE_FORMS = [
    CreateForm("referrals:create", referral),
    CreateForm("referrals:decide", decision),
    CreateForm("reviews:add_delay", delay),
    CreateForm("learning:add_finding", finding),
    CreateForm("learning:add_theme", theme),
    CreateForm("learning:upload_report", report),
    CreateForm("actions:add_recommendation", recommendation),
    CreateForm("actions:add_action", action),
    CreateForm("actions:detail", action_update),
    CreateForm("briefings:new", briefing),
    CreateForm("newsletters:new", newsletter),
    CreateForm("newsletters:item_new", newsletter_item),
    CreateForm("sharing:record", dissemination),
    CreateForm("accounts:agency_add", agency),
    CreateForm("accounts:user_add", user),
    CreateForm("audits:start", case_audit),
    CreateForm("audits:self_assessment:start", self_assessment),
    CreateForm("audits:self_assessment:add_set", issue_set),
    CreateForm("audits:raise_action", audit_action),
    CreateForm("audits:self_assessment:raise_action", self_assessment_action),
    CreateForm("audits:self_assessment:add_issue", issue_added),
    CreateForm("audits:self_assessment:change_issue", issue_changed),
    CreateForm("audits:joint:start", joint_audit),
    CreateForm("audits:joint:link", joint_link),
    CreateForm("audits:joint:raise_action", joint_action),
    CreateForm("events:create_event", event),
    CreateForm("events:add_booking", booking),
    CreateForm("events:record_attendance", attendance),
    CreateForm("events:record_baseline", baseline),
    CreateForm("events:record_feedback", feedback),
    CreateForm("events:record_follow_up", follow_up),
    CreateForm("chronology:start_chronology", chronology),
    CreateForm("chronology:add_requests", chronology_request),
    CreateForm("chronology:add_entry", chronology_entry),
    CreateForm("chronology:record_gap_finding", gap_finding),
    CreateForm("subgroup:record_meeting", subgroup_meeting),
    CreateForm("subgroup:record_health_check", health_check),
    CreateForm("subgroup:record_terms", terms_of_reference),
    CreateForm("subgroup:add_priority", business_priority),
    CreateForm("subgroup:add_plan_action", subgroup_action),
    CreateForm("api_tokens:own", own_token),
    CreateForm("api_tokens:service_accounts", service_account),
    CreateForm("api_tokens:service_account", service_token),
]
