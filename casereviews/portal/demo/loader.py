"""Load the demo partnership (`casereviews demo`), idempotently by natural keys.

Every record is looked up by its natural key first (partnership slug, agency name, username,
review Ref, referral pseudonym and received date, decision meeting and outcome, delay date and
reason) and created only if missing, so running it twice duplicates nothing. Everything is
written in one transaction and audited as created by the demo business unit user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from casereviews.accounts.models import Agency, Partnership, User
from casereviews.actions.importing.demo import write_trackers
from casereviews.core import audit
from casereviews.core.concurrency import save_versioned
from casereviews.core.models import AuditAction
from casereviews.portal.demo import current, data
from casereviews.referrals import services as referral_services
from casereviews.referrals.models import Decision, Referral
from casereviews.reviews import services as review_services
from casereviews.reviews.models import Delay, Review


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def demo_exists() -> bool:
    return Partnership.objects.exists()


def _partnership(name: str, slug: str, result: DemoResult) -> Partnership:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        partnership = Partnership.objects.create(name=name, slug=slug)
        audit.record_create(audit.DEMO_LOADER, partnership, partnership=partnership)
        result.count("partnerships")
    return partnership


def _agency(partnership: Partnership, name: str, short: str, actor, result) -> Agency:
    agency = Agency.objects.filter(partnership=partnership, name=name).first()
    if agency is None:
        agency = Agency.objects.create(partnership=partnership, name=name, short_name=short)
        audit.record_create(actor, agency)
        result.count("agencies")
    return agency


def _user(spec: data.DemoUser, partnerships: dict[str, Partnership], result) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is not None:
        return user
    partnership = partnerships[spec.partnership]
    agency = Agency.objects.get(partnership=partnership, name=spec.agency) if spec.agency else None
    user = User(
        username=spec.username,
        first_name=spec.first_name,
        last_name=spec.last_name,
        # A fictional address, so the reminder emails have somewhere to go (README: Reminders).
        email=f"{spec.username}@{spec.partnership}.example.org",
        role=spec.role,
        partnership=partnership,
        agency=agency,
        job_title=spec.job_title,
    )
    validate_password(data.DEMO_PASSWORD, user)
    user.set_password(data.DEMO_PASSWORD)
    user.save()
    audit.record(
        audit.DEMO_LOADER, AuditAction.CREATE, user, changes={"after": _user_snapshot(user)}
    )
    result.count("users")
    return user


def _user_snapshot(user: User) -> dict:
    return audit.snapshot(
        user, ["username", "first_name", "last_name", "role", "partnership", "agency", "is_active"]
    )


def _referral(review: data.DemoReview, partnership, agencies, actor, result) -> Referral:
    """The review's referral and its decisions, through the referrals services.

    The first decision to review creates the review with the seed's Ref; a later decision
    converts it (both decisions kept).
    """
    spec = review.referral
    assert spec is not None
    referral = Referral.objects.filter(
        partnership=partnership, child_pseudonym=spec.child_pseudonym, received_on=spec.received_on
    ).first()
    if referral is None:
        child = {
            "age_years": _referral_age_years(review),
            "age_months": review.age_months,
            "gender": review.gender,
            "locality": review.location,
        }
        referral = referral_services.create_referral(
            actor, _referral_fields(spec, agencies, child, spec.notes), partnership=partnership
        )
        result.count("referrals")
    for decision_spec in spec.decisions:
        exists = Decision.objects.filter(
            referral=referral, meeting_on=decision_spec.meeting_on, outcome=decision_spec.outcome
        ).exists()
        if not exists:
            referral_services.record_decision(
                actor,
                referral,
                {
                    "meeting_on": decision_spec.meeting_on,
                    "outcome": decision_spec.outcome,
                    "rapid_review": spec.rapid_review_on is not None,
                    "rationale": decision_spec.rationale,
                    "ref": review.ref,
                },
            )
            result.count("decisions")
    return referral


def _referral_age_years(review: data.DemoReview) -> int:
    """Referrals record one child's age: the index child's where the review says "Various"."""
    assert review.referral is not None
    if review.referral.age_years is not None:
        return review.referral.age_years
    return review.age_years or 0


def _review(spec: data.DemoReview, partnership, users, agencies, actor, result) -> Review:
    existing = Review.objects.filter(partnership=partnership, ref=spec.ref).first()
    if existing is not None:
        return existing  # loaded before
    if spec.referral is not None:
        _referral(spec, partnership, agencies, actor, result)
        created = Review.objects.get(partnership=partnership, ref=spec.ref)
        result.count("reviews")
        return _complete_review(created, spec, users, actor)
    review = Review.objects.create(
        partnership=partnership,
        ref=spec.ref,
        review_type=spec.review_type,
        **_review_fields(spec, users),
    )
    if spec.restricted_members:
        review.restricted_members.set([users[name] for name in spec.restricted_members])
    audit.record_create(actor, review)
    result.count("reviews")
    return review


def _review_fields(spec: data.DemoReview, users) -> dict:
    return {
        "methodology": spec.methodology,
        "summary": spec.summary,
        "location": spec.location,
        "gender": spec.gender,
        "age_years": spec.age_years,
        "age_months": spec.age_months,
        "age_weeks": spec.age_weeks,
        "age_various": spec.age_various,
        "lead_reviewer": users.get(spec.lead_reviewer) if spec.lead_reviewer else None,
        "status": spec.status,
        "status_note": spec.status_note,
        "restricted": bool(spec.restricted_members),
        "notes": spec.notes,
        **spec.milestones,
        **spec.planned,
        "publication_handling": spec.publication_handling,
        "publication_note": spec.publication_note,
        "family_involvement": spec.family_involvement,
    }


def _complete_review(review: Review, spec: data.DemoReview, users, actor) -> Review:
    """A review the decision created: give it the seed's fields, status and milestones.

    Through the reviews service, so the demo meets the same rules as anything a user enters.
    """
    fields = _review_fields(spec, users)
    restricted = fields.pop("restricted")
    notes = fields.pop("notes")
    review = review_services.update_review(actor, review, fields, None)
    if notes and review.notes != notes:
        # Demo-only provenance note ("date invented"): not a field users edit.
        before = audit.snapshot(review)
        review.notes = notes
        save_versioned(review, review.version)
        audit.record_update(actor, review, before)
    if restricted:
        members = [users[name] for name in spec.restricted_members]
        review_services.set_access(actor, review, restricted=True, members=members)
    return review


def _delay(review: Review, noted_on, reason: str, detail: str, actor, result) -> None:
    if Delay.objects.filter(review=review, noted_on=noted_on, reason=reason).exists():
        return
    delay = Delay.objects.create(
        review=review, noted_on=noted_on, reason=reason, detail=detail, recorded_by=actor
    )
    audit.record_create(actor, delay, partnership=review.partnership)
    result.count("delays")


@transaction.atomic
def load_demo() -> DemoResult:
    """Create whatever of the demo partnership is missing; return what was created."""
    result = DemoResult()
    partnerships = {
        slug: _partnership(name, slug, result)
        for name, slug in (data.PARTNERSHIP, data.SECOND_PARTNERSHIP)
    }
    north = partnerships["northshire"]
    agencies = {
        name: _agency(north, name, short, audit.DEMO_LOADER, result)
        for name, short in data.AGENCIES
    }
    _agency(partnerships["southshire"], "Southshire Police", "Police", audit.DEMO_LOADER, result)
    users = {spec.username: _user(spec, partnerships, result) for spec in data.USERS}
    actor = users["business.unit"]
    reviews = {
        spec.ref: _review(spec, north, users, agencies, actor, result) for spec in data.ALL_REVIEWS
    }
    for ref, noted_on, reason, detail in data.DELAYS:
        _delay(reviews[ref], noted_on, reason, detail, actor, result)
    # The current year (issue 13), dated from today so that its clocks and plans are current.
    today = timezone.localdate()
    for spec in current.reviews(today):
        reviews[spec.ref] = _review(spec, north, users, agencies, actor, result)
    for ref, noted_on, reason, detail in current.delays(today):
        _delay(reviews[ref], noted_on, reason, detail, actor, result)
    for waiting in current.waiting_referrals(today):
        _waiting_referral(waiting, north, agencies, actor, result)
    return result


def _waiting_referral(spec: current.WaitingReferral, partnership, agencies, actor, result) -> None:
    """A referral still at its clocks or awaiting a decision: found again by its pseudonym,
    as its dates move with the day the demo is loaded."""
    if Referral.objects.filter(
        partnership=partnership, child_pseudonym=spec.child_pseudonym
    ).exists():
        return
    child = {
        "age_years": spec.age_years,
        "age_months": spec.age_months,
        "gender": spec.gender,
        "locality": spec.locality,
    }
    referral_services.create_referral(
        actor, _referral_fields(spec, agencies, child, current.NOTE), partnership=partnership
    )
    result.count("referrals")


def _referral_fields(spec, agencies, child: dict, notes: str) -> dict:
    """What the referral form takes, from a demo referral (seed 002's or the current year's)
    and the child's details (from its review, or its own)."""
    return {
        "received_on": spec.received_on,
        "source_agency": agencies[spec.source_agency],
        "is_serious_incident_notification": spec.sin,
        "la_aware_on": spec.la_aware_on,
        "notified_on": spec.notified_on,
        "rapid_review_on": spec.rapid_review_on,
        "child_pseudonym": spec.child_pseudonym,
        **child,
        "harm_category": spec.harm_category,
        "summary": spec.summary,
        "notes": notes,
    }


# The learning cycle of the demo (issue 4), in the order each builds on the one before:
# findings and themes, a review report, recommendations and actions, briefings, then how
# agencies shared them and the newsletters. Each seed is idempotent and writes through its
# app's services, so demo data meets the same rules as users' data.
LEARNING_SEEDS = [
    "casereviews.learning.demo_learning.seed",
    "casereviews.learning.demo_learning.seed_report",
    "casereviews.portal.demo.current.seed_learning",
    "casereviews.actions.demo_actions.seed",
    "casereviews.actions.importing.demo.seed",
    "casereviews.briefings.demo_briefings.seed",
    "casereviews.briefings.sharing.demo.seed",
    "casereviews.audits.demo.seed",
    "casereviews.audits.quality.demo.seed",
    "casereviews.audits.self_assessment.demo.seed",
    "casereviews.events.demo.seed",
    "casereviews.chronology.demo.seed",
    "casereviews.portal.demo.year.seed",
    "casereviews.portal.demo.year_learning.seed",
    "casereviews.portal.demo.recent.seed",
    "casereviews.insights.demo.seed",
]


def load_learning_demo() -> list[Path]:
    """Findings to dissemination for the demo partnership (after load_demo); returns the demo
    trackers written for the import."""
    for dotted in LEARNING_SEEDS:
        import_string(dotted)()
    # Last year's trackers, for the import journey (README: "Importing a tracker").
    return write_trackers(settings.VAR_DIR / "demo")


# The demo users who work with case audits: their job says which part they play.
AUDIT_USERS = {"practice.manager", "social.worker", "team.manager", "school.dsl"}


def sign_ins() -> list[tuple[str, str, str]]:
    """(username, password, what the account is) for the printed demo sign-ins."""
    labels = {
        "business_unit": "business unit",
        "subgroup_member": "sub-group member (agency lead, police)",
        "reviewer": "reviewer",
        "practitioner": "practitioner",
    }
    return [
        (
            spec.username,
            data.DEMO_PASSWORD,
            labels[spec.role]
            + (" of Southshire" if spec.partnership == "southshire" else "")
            + (f" ({spec.job_title})" if spec.username in AUDIT_USERS else ""),
        )
        for spec in data.USERS
    ]
