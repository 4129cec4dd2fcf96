"""The world the access test walks: two partnerships, each review family built the same way,
every record carrying marker strings that say whose it is.

A family is one review with everything that hangs off it (referral, decisions, delay, finding
with theme tags, report with theme tags, recommendation, action with updates and an evidence
file, a draft and a published briefing with anonymisation warnings, a sharing record, an import
batch). Ours: a restricted review, an unrestricted unpublished one and a published one; theirs:
one unrestricted family in the other partnership. Text of the restricted family carries
RESTRICTED; its published briefing (readable by the whole partnership, docs/adr/0013) carries
RPUB instead, so the oracle can tell them apart. All data is fictional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from casereviews.accounts.models import User
from casereviews.actions import export_jobs
from casereviews.actions import services as actions
from casereviews.actions.models import ImportBatch, UpdateKind
from casereviews.audits import services as audits
from casereviews.audits.joint import services as joint_audits
from casereviews.audits.self_assessment import services as self_assessments
from casereviews.briefings import services as briefings
from casereviews.briefings.models import NewsletterItemKind
from casereviews.briefings.newsletters import services as newsletters
from casereviews.briefings.sharing import services as sharing
from casereviews.core import audit
from casereviews.core.pdf import render_pdf
from casereviews.learning import reports
from casereviews.learning import services as learning
from casereviews.referrals import services as referrals
from casereviews.reviews import services as reviews
from tests.core.run_jobs import run_worker
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

# Marker prefixes: a body holding one shows a record of that kind.
RESTRICTED = "RESTRICTEDMARKER"  # the restricted review's records (members only)
RPUB = "RPUBMARKER"  # the restricted review's published briefing and its sharing (everyone)
OPEN = "OPENMARKER"  # the unrestricted, unpublished review's records
PUBLISHED = "PUBLISHEDMARKER"  # the published review's records
OURS = "OURSMARKER"  # our partnership's records that hang off no review (newsletters...)
THEIRS = "THEIRSMARKER"  # anything of the other partnership
OUR_MARKERS = (RESTRICTED, RPUB, OPEN, PUBLISHED, OURS)

# "Today" of the world: decisions, delays and sharing dates must be in the past.
DAY = dt.date(2026, 6, 1)

# The theme accepted on every family's finding (the others stay suggested or rejected).
ACCEPTED_THEME = "fathers-men"
# Words the theme engine recognises, so findings and reports get tags of their own.
THEMES_TEXT = (
    "There was little professional curiosity about who else lived in the house: fathers and "
    "male carers were not involved, and the mother's new partner was never assessed. The "
    "child's voice was not heard; he was rarely "
    "seen on his own. Health appointments were repeatedly missed and neglect was not recognised."
)


@dataclass
class Family:
    """One review and what hangs off it; `ids` maps a URL kwarg to (label, id) pairs."""

    name: str
    marker: str
    ids: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    batch: object = None  # the import batch that made its action

    def add(self, kwarg: str, label: str, obj) -> None:
        self.ids.setdefault(kwarg, []).append((label, obj.pk))


@dataclass
class World:
    partnership: object
    other: object
    users: dict[str, User]
    families: list[Family]
    ours: Family  # partnership-level records of ours (newsletters, users, agencies)
    theirs_p: Family  # and of theirs
    newsletter_items: list[tuple[str, str, int, int]]  # (family, label, newsletter, item)
    audit_themes: list[tuple[str, str, int, int]] = field(default_factory=list)
    # (family, label, request, entry) of each review's chronology (casereviews.chronology)
    chronology_entries: list[tuple[str, str, int, int]] = field(default_factory=list)


def _pdf(marker: str, what: str) -> SimpleUploadedFile:
    body = f"<h1>{marker}-{what}-content</h1><p>{THEMES_TEXT}</p>"
    return SimpleUploadedFile(f"{marker}-{what}.pdf", render_pdf(body), "application/pdf")


def _six_step(marker: str) -> dict[str, str]:
    return {
        "the_case": f"{marker}-the-case. Child A lived with her mother. Call 07700 900123.",
        "why_review": f"{marker}-why-review",
        "what_learned": f"{marker}-what-learned. {THEMES_TEXT}",
        "good_practice": f"{marker}-good-practice",
        "what_changed": f"{marker}-what-changed",
        "questions": f"{marker}-questions?",
    }


def build_family(
    name: str,
    marker: str,
    bu,
    agency,
    reviewer,
    *,
    published: bool = False,
    pub_marker: str | None = None,
) -> Family:
    """A review family as the business unit `bu` would build it, through the services."""
    family = Family(name, marker)
    referral = referrals.create_referral(
        bu,
        {
            "received_on": DAY - dt.timedelta(days=120),
            "source_agency": agency,
            "is_serious_incident_notification": True,
            "la_aware_on": DAY - dt.timedelta(days=122),
            "child_pseudonym": f"{marker}-pseudonym",
            "age_years": 4,
            "gender": "female",
            "locality": f"{marker}-locality",
            "harm_category": "neglect",
            "summary": f"{marker}-referral-summary",
            "notes": f"{marker}-referral-notes",
        },
    )
    decision = referrals.record_decision(
        bu,
        referral,
        {
            "meeting_on": DAY - dt.timedelta(days=110),
            "outcome": "case_mapping",
            "rationale": f"{marker}-decision-rationale",
            "ref": f"{name[:4].upper()}{referral.pk}",
        },
    )
    review = referral.reviews.get()
    changes = {"status_note": f"{marker}-status-note", "lead_reviewer": reviewer}
    if published:
        changes |= {
            "status": "published",
            "initiated_on": DAY - dt.timedelta(days=100),
            "completed_on": DAY - dt.timedelta(days=30),
            "published_on": DAY - dt.timedelta(days=20),
        }
    reviews.update_review(bu, review, {**changes, "reviewers": [reviewer]}, None)
    delay = reviews.add_delay(
        bu,
        review,
        noted_on=DAY - dt.timedelta(days=50),
        reason="other",
        detail=f"{marker}-delay-detail",
    )
    finding = learning.add_finding(
        bu, review, title=f"{marker}-finding-title", text=f"{marker}-finding-text. {THEMES_TEXT}"
    )
    finding_tag = finding.tags.exclude(theme_id=ACCEPTED_THEME).order_by("id").first()
    learning.reject_tag(bu, finding_tag, reason=f"{marker}-tag-reason")
    # An accepted theme, so that the library's "learning about" page of it has the finding
    # (walk.py visits that theme's page).
    learning.accept_tag(bu, finding.tags.get(theme_id=ACCEPTED_THEME))
    report = reports.upload_report(bu, review, _pdf(marker, "report"))
    report_tag = report.tags.order_by("id").first()
    recommendation = actions.create_recommendation(
        bu, review, text=f"{marker}-recommendation-text", findings=[finding]
    )
    batch = ImportBatch.objects.create(
        partnership=review.partnership,
        original_name="tracker.xlsx",
        sha256="0" * 64,
        rows=1,
        imported_by=bu,
    )
    audit.record_create(bu, batch)
    action = actions.create_action(
        bu,
        recommendation,
        agency=agency,
        description=f"{marker}-action-description",
        lead_role=f"{marker}-lead-role",
        due_on=DAY + dt.timedelta(days=60),
        success_measure=f"{marker}-success-measure",
        import_batch=batch,
    )
    update = actions.add_update(
        bu,
        action,
        kind=UpdateKind.EVIDENCE,
        written_on=DAY - dt.timedelta(days=5),
        text=f"{marker}-update-text",
        status_to="amber",
        files=[_pdf(marker, "evidence")],
    )
    evidence = update.files.get()
    draft = briefings.create_briefing(
        bu, review, "six_step", title=f"{marker}-draft-title", sections=_six_step(marker)
    )
    pub_marker = pub_marker or marker
    released = briefings.create_briefing(
        bu,
        review,
        "six_step",
        title=f"{pub_marker}-published-title",
        sections=_six_step(pub_marker),
    )
    for warning in released.warnings.filter(state="open"):
        briefings.dismiss_warning(bu, warning, f"{pub_marker}-dismissed-reason")
    released.refresh_from_db()
    briefings.publish(bu, released, released.version)
    dissemination = sharing.record_dissemination(
        bu,
        released,
        agency=agency,
        method="team_meeting",
        shared_on=released.published_on,
        staff_reached=12,
        feedback=f"{pub_marker}-sharing-feedback",
    )
    assert draft.warnings.exists() and released.warnings.exists() and dissemination.pk
    for kwarg, label, obj in [
        ("review_id", "review", review),
        ("referral_id", "referral", referral),
        ("finding_id", "finding", finding),
        ("tag_id", "tag on a finding", finding_tag),
        ("tag_id", "tag on a report", report_tag),
        ("report_id", "report", report),
        ("recommendation_id", "recommendation", recommendation),
        ("action_id", "action", action),
        ("file_id", "evidence file", evidence),
        ("briefing_id", "draft briefing", draft),
        ("briefing_id", "published briefing", released),
    ]:
        family.add(kwarg, label, obj)
    assert decision.pk and delay.pk
    # An import batch hangs off the partnership, not a review: it is listed with it (World).
    family.batch = batch
    return family


def build_newsletters(bu, marker: str, briefing_ids: list[int]) -> list[tuple[str, int, int]]:
    """A draft and a published issue, each with an update and a briefing item."""
    from casereviews.briefings.models import Briefing

    made = []
    for status in ("draft", "published"):
        issue = newsletters.create_newsletter(
            bu,
            title=f"{marker}-newsletter-{status}",
            issue_date=DAY,
            introduction=f"{marker}-newsletter-introduction",
        )
        update = newsletters.add_item(
            bu,
            issue,
            kind=NewsletterItemKind.UPDATE,
            heading=f"{marker}-item-heading",
            body=f"{marker}-item-body",
        )
        for pk in briefing_ids:
            newsletters.add_item(
                bu, issue, kind=NewsletterItemKind.BRIEFING, briefing=Briefing.objects.get(pk=pk)
            )
        if status == "published":
            newsletters.publish(bu, issue, checked=True, reason="Fictional test text")
        made.append((status, issue.pk, update.pk))
    return made


def _published_briefing_ids(family: Family) -> list[int]:
    return [pk for label, pk in family.ids["briefing_id"] if label == "published briefing"]


def build_case_audits(family: Family, author, agency, marker: str) -> list[tuple]:
    """A completed case audit of the partnership (hangs off no review) and a self-assessment.

    Returns (family, label, audit id, theme number) for the pages of one theme of an audit.
    """
    audit_obj = _audit(author, agency, f"{marker}-CASE", "Child Q", f"{marker} team")
    answers = {n: {"judgement": "not_evident"} for n in range(1, 10)}
    answers[3] = {
        "judgement": "evident_not_addressed",
        "seen": f"{marker} audit: police callouts for domestic abuse were not shared.",
        "next_action": f"{marker} action",
    }
    audits.save_answers(author, audit_obj, answers, audit_obj.version)
    audits.complete(author, audit_obj)
    family.add("audit_id", "case audit", audit_obj)
    convener = User.objects.filter(partnership=author.partnership, role="business_unit").first()
    joint = joint_audits.convene(
        convener,
        author.partnership,
        {"case_reference": f"{marker}-CASE", "child": "Child Q", "meeting_date": DAY},
    )
    joint_audits.link(author, joint, audit_obj)
    joint_audits.save_discussion(
        convener, joint, {3: {"agreements": f"{marker} joint: both agencies saw it."}}
    )
    family.add("joint_id", "joint audit", joint)
    family.add("joint_id", "agreed joint audit", _agreed_joint(convener, author, agency, marker))
    return [(family.name, "case audit theme 3", audit_obj.pk, 3)]


def _audit(author, agency, case: str, child: str, team: str):
    return audits.start_audit(
        author,
        author.partnership,
        {
            "case_reference": case,
            "child": child,
            "purpose": "case_supervision",
            "agency": agency,
            "team": team,
            "audit_date": DAY,
            "supervisor": None,
        },
        confirmed=True,
    )


def _agreed_joint(convener, author, agency, marker: str):
    """A joint audit agreed on two completed audits, theme 3's agreed actions in words: its
    download and the page raising those actions into the plan."""
    case = f"{marker}-JOINT"
    joint = joint_audits.convene(
        convener,
        author.partnership,
        {"case_reference": case, "child": "Child R", "meeting_date": DAY},
    )
    for team in ("first", "second"):
        audit_obj = _audit(author, agency, case, "Child R", f"{marker} {team} team")
        judged = {n: {"judgement": "not_evident"} for n in range(1, 10)}
        audits.save_answers(author, audit_obj, judged, audit_obj.version)
        audits.complete(author, audit_obj)
        joint_audits.link(author, joint, audit_obj)
    discussion = {n: {"judgement": "not_evident"} for n in range(1, 10)}
    discussion[3]["agreed_actions"] = f"{marker} joint agreed action"
    joint_audits.save_discussion(convener, joint, discussion, confirmed=True)
    return joint_audits.agree(convener, joint)


def build_self_assessment(family: Family, lead, agency, marker: str) -> None:
    """A draft self-assessment, and a completed one with an improvement action (its answer is
    the raise page's) and another raised into the plan; the default set's issue 1 (the change
    page's) and the set (the add-issue page's)."""
    assessment = self_assessments.start(
        lead,
        lead.partnership,
        {"issue_set": None, "agency": agency, "team": marker, "period": "2025-26"},
    )
    family.add("assessment_id", "self-assessment", assessment)
    completed = self_assessments.start(
        lead,
        lead.partnership,
        {"issue_set": None, "agency": agency, "team": marker, "period": "2024-25"},
    )
    answers = self_assessments.selectors.answers_of(completed)
    fields = {a.question_id: {"rating": "amber"} for a in answers}
    for answer in answers[:2]:
        fields[answer.question_id]["action"] = f"{marker} improvement action"
    self_assessments.save_answers(lead, completed, fields, completed.version)
    self_assessments.complete(lead, completed)
    self_assessments.raise_action(lead, answers[1], lead_role="Lead", due_on=DAY)
    family.add("assessment_id", "completed self-assessment", completed)
    family.add("answer_id", "self-assessment answer with an action", answers[0])
    family.add("answer_id", "self-assessment answer raised", answers[1])
    family.add("set_id", "issue set", completed.issue_set)
    family.add("issue_id", "practice issue 1", completed.issue_set.issues.get(number=1))


def build_events(family: Family, bu, person) -> None:
    """An event drawing on the family's review (so a restricted review's event is its members'),
    with a booking, a line on the register and feedback; the event is moved into the past once
    booked, as if held."""
    from django.utils import timezone

    from casereviews.events import services as events
    from casereviews.events.models import Event
    from casereviews.reviews.models import Review

    review = Review.objects.get(pk=family.ids["review_id"][0][1])
    now = timezone.now()
    event = events.create_event(
        bu,
        review.partnership,
        {
            "kind": "debrief_wider",
            "title": f"{family.marker} de-brief",
            "starts_at": now + dt.timedelta(days=30),
            "ends_at": now + dt.timedelta(days=30, hours=3),
            "venue": "Guildhall",
            "capacity": 50,
            "reviews": [review],
            "themes": ["voice-of-child"],
        },
    )
    booking = events.book(bu, event, person)
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - dt.timedelta(hours=4), ends_at=now - dt.timedelta(hours=1)
    )
    event.refresh_from_db()
    events.mark_bookings(bu, event, {booking.pk: True})
    booking.refresh_from_db()
    line = booking.attendance
    events.record_paper_response(
        bu, line, "feedback", {"rating": 4, "quote": f"{family.marker} quote", "may_quote": True}
    )
    family.add("event_id", "event", event)
    family.add("booking_id", "booking", booking)
    family.add("attendance_id", "register line", line)


def build_chronology(family: Family, bu, writer, agency, marker: str) -> tuple:
    """The review's chronology: the agency asked, one entry of its (not shared: a gap)."""
    from casereviews.chronology import services as chronology

    review_id = family.ids["review_id"][0][1]
    from casereviews.reviews.models import Review

    made = chronology.start(
        bu,
        Review.objects.get(pk=review_id),
        {
            "child": f"{marker}-pseudonym",
            "scope_from": DAY - dt.timedelta(days=400),
            "scope_to": DAY - dt.timedelta(days=10),
        },
    )
    contributor = None if writer.role == "subgroup_member" else writer
    (request,) = chronology.request_agencies(bu, made, [agency], DAY, contributor)
    entry = chronology.add_entry(
        writer,
        request,
        {
            "when": (DAY - dt.timedelta(days=100)).strftime("%d/%m/%Y"),
            "source": f"{marker} chronology source",
            "event": f"{marker} chronology event",
            "shared": "Not shared",
            "significant": True,
        },
    )
    family.add("chronology_id", "chronology", made)
    family.add("request_id", "chronology request", request)
    return family.name, "chronology entry", request.pk, entry.pk


def build_subgroup(family: Family, bu, agency, marker: str, considered: list[Family]) -> None:
    """The sub-group's year (issue 10): a meeting that considered the families' reviews (an
    item about the restricted review is for its members only), a health check, terms of
    reference, a priority with its action, and a narrative draft of the annual report."""
    from casereviews.core.reporting_year import ReportingYear
    from casereviews.reports.annual import narrative
    from casereviews.reviews.models import Review
    from casereviews.subgroup import services as subgroup
    from casereviews.subgroup.models import HEALTH_CHECK_QUESTIONS

    partnership = agency.partnership
    reviews = [Review.objects.get(pk=f.ids["review_id"][0][1]) for f in considered]
    meeting = subgroup.record_meeting(
        bu,
        partnership,
        held_on=DAY - dt.timedelta(days=90),
        status="held",
        chair=f"{marker}-chair",
        notes=f"{marker}-meeting-notes",
        attendance={agency: 2},
        reviews=list(reviews),
        considered=["action_plan"],
        item_notes={
            review: f"{f.marker}-meeting-item"
            for review, f in zip(reviews, considered, strict=True)
        },
    )
    family.add("meeting_id", "sub-group meeting", meeting)
    check = subgroup.record_health_check(
        bu,
        partnership,
        done_on=DAY - dt.timedelta(days=90),
        answers={n: ("yes", "") for n in range(1, len(HEALTH_CHECK_QUESTIONS) + 1)},
        summary=f"{marker}-health-check",
    )
    family.add("check_id", "health check", check)
    terms = subgroup.record_terms(
        bu,
        partnership,
        agreed_on=DAY - dt.timedelta(days=200),
        review_by=DAY + dt.timedelta(days=165),
        frequency="Six-weekly",
        purpose=f"{marker}-terms-purpose",
        membership=f"{marker}-membership",
    )
    family.add("terms_id", "terms of reference", terms)
    year = ReportingYear.of(DAY - dt.timedelta(days=90))
    priority = subgroup.add_priority(
        bu, partnership, reporting_year=year.label, text=f"{marker}-priority"
    )
    subgroup.add_plan_action(
        bu,
        partnership,
        priority=priority,
        agency=agency,
        description=f"{marker}-subgroup-action",
        lead_role="Business manager",
        due_on=DAY + dt.timedelta(days=60),
    )
    narrative.save_draft(bu, partnership, year, "introduction", f"{marker}-narrative", None)


def build_api(family: Family, bu, agency, marker: str) -> None:
    """An agency's service account with a token, and the business unit's own token."""
    from casereviews.api import services as api

    account = api.create_service_account(bu, name=f"{marker}-system", agency=agency)
    family.add("service_account_id", "service account", account)
    family.add(
        "token_id",
        "service account token",
        api.create_service_token(bu, account, name=f"{marker}-system-token").token,
    )
    family.add("token_id", "own token", api.create_own_token(bu, name=f"{marker}-token").token)


def build_world() -> World:
    ours = PartnershipFactory(name="Northshire Safeguarding Partnership", slug="northshire")
    other = PartnershipFactory(name="Southshire Safeguarding Partnership", slug="southshire")
    police = AgencyFactory(partnership=ours, name="Northshire Police")
    health = AgencyFactory(partnership=ours, name="Northshire Health")
    their_agency = AgencyFactory(partnership=other, name="Southshire Police")

    def user(username, role, agency=None, partnership=ours):
        return UserFactory(username=username, partnership=partnership, agency=agency, role=role)

    users = {
        "business_unit": user("bu", "business_unit"),
        "agency_lead": user("lead", "subgroup_member", police),
        "reviewer": user("reviewer", "reviewer"),
        "practitioner": user("practitioner", "practitioner", health),
        "business_unit_not_member": user("bu2", "business_unit"),
        "agency_lead_not_member": user("lead2", "subgroup_member", police),
        "reviewer_unassigned": user("reviewer2", "reviewer"),
        "deactivated": user("gone", "business_unit"),
        "other_partnership": user("outsider", "business_unit", their_agency, other),
    }
    bu, reviewer = users["business_unit"], users["reviewer"]
    restricted = build_family("restricted", RESTRICTED, bu, police, reviewer, pub_marker=RPUB)
    review_id = restricted.ids["review_id"][0][1]
    from casereviews.reviews.models import Review

    members = [bu, users["agency_lead"], reviewer, users["deactivated"]]
    reviews.set_access(bu, Review.objects.get(pk=review_id), restricted=True, members=members)
    families = [
        restricted,
        build_family("open", OPEN, bu, police, reviewer),
        build_family("published", PUBLISHED, bu, police, reviewer, published=True),
        build_family(
            "theirs",
            THEIRS,
            users["other_partnership"],
            their_agency,
            users["other_partnership"],
        ),
    ]
    chronology_entries = [
        build_chronology(family, bu, users["agency_lead"], police, family.marker)
        for family in families[:3]
    ] + [
        build_chronology(
            families[3], users["other_partnership"], users["other_partnership"], their_agency,
            THEIRS,
        )
    ]  # fmt: skip
    our_p, their_p = Family("ours", OURS), Family("theirs", THEIRS)
    items = []
    for family, owner, pub_ids in [
        (our_p, bu, _published_briefing_ids(restricted) + _published_briefing_ids(families[1])),
        (their_p, users["other_partnership"], _published_briefing_ids(families[3])),
    ]:
        for status, newsletter_id, item_id in build_newsletters(owner, family.marker, pub_ids):
            family.ids.setdefault("newsletter_id", []).append(
                (f"{status} newsletter", newsletter_id)
            )
            items.append((family.name, f"{status} newsletter", newsletter_id, item_id))
    for family in families:
        owner = their_p if family.name == "theirs" else our_p
        owner.add("batch_id", f"import batch of the {family.name} review", family.batch)
    for family, partnership, agency in [(our_p, ours, police), (their_p, other, their_agency)]:
        family.add("agency_id", "agency", agency)
        for person in User.objects.filter(partnership=partnership).order_by("pk")[:2]:
            family.add("user_id", f"user {person.username}", person)
    # Case audits and self-assessments hang off no review: partnership records of each side.
    agency_lead_other = user("lead3", "subgroup_member", their_agency, other)
    practitioner_other = user("practitioner3", "practitioner", their_agency, other)
    audit_themes = [
        *build_case_audits(our_p, users["practitioner"], health, OURS),
        *build_case_audits(their_p, practitioner_other, their_agency, THEIRS),
    ]
    build_self_assessment(our_p, users["agency_lead"], police, OURS)
    # A background job of each side, run: its page, and its file (the starter's alone).
    for family, owner in [(our_p, bu), (their_p, users["other_partnership"])]:
        family.add("job_id", "export job", export_jobs.start(owner, fmt="csv", query={}))
    run_worker()
    build_self_assessment(their_p, agency_lead_other, their_agency, THEIRS)
    # Events drawing on each review (an event of the restricted review is its members').
    for family in families:
        theirs = family.name == "theirs"
        build_events(
            family,
            users["other_partnership"] if theirs else bu,
            practitioner_other if theirs else users["practitioner"],
        )
    # The sub-group's year: our meeting considered every review of ours (restricted too).
    build_subgroup(our_p, bu, police, OURS, families[:3])
    build_subgroup(
        their_p,
        users["other_partnership"],
        their_agency,
        THEIRS,
        families[3:],
    )
    build_api(our_p, bu, police, OURS)
    build_api(their_p, users["other_partnership"], their_agency, THEIRS)
    # The library holds both sides' joint audits and self-assessments (their services index
    # them): the walk's searches for each side's marker reach them.
    from casereviews.library.models import Kind, SearchEntry

    for kind in (Kind.JOINT_AUDIT, Kind.SELF_ASSESSMENT):
        for partnership in (ours, other):
            assert SearchEntry.objects.filter(kind=kind, partnership=partnership).exists(), kind
    # Theme numbers of the audit framework (every partnership has its own theme 1: walk.py).
    our_p.ids["number"] = [(f"framework theme {n}", n) for n in (1, 9)]
    return World(
        ours, other, users, families, our_p, their_p, items, audit_themes, chronology_entries
    )
