"""Each permission of `roles.Permission` as a `rules` predicate.

Object rules always check the partnership first: a record of another partnership is never
permitted (views also never find it, because selectors are partnership-scoped, so the user gets
a 404 and learns nothing).
"""

from __future__ import annotations

import rules
from django.utils import timezone

from casereviews.accounts.roles import Permission, Role
from casereviews.core import scoping


@rules.predicate
def has_partnership(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.partnership_id and user.is_active)


def _role(*roles: Role):
    names = {r.value for r in roles}

    @rules.predicate(name=f"role_in_{'_'.join(sorted(names))}")
    def predicate(user) -> bool:
        return getattr(user, "role", None) in names

    return predicate


is_business_unit = has_partnership & _role(Role.BUSINESS_UNIT)
is_subgroup_member = has_partnership & _role(Role.SUBGROUP_MEMBER)
is_reviewer = has_partnership & _role(Role.REVIEWER)
is_practitioner = has_partnership & _role(Role.PRACTITIONER)
is_board_member = is_business_unit | is_subgroup_member


@rules.predicate
def same_partnership(user, obj) -> bool:
    return obj is not None and getattr(obj, "partnership_id", None) == user.partnership_id


@rules.predicate
def has_agency(user) -> bool:
    return getattr(user, "agency_id", None) is not None


@rules.predicate
def owns_referral(user, referral) -> bool:
    """A sub-group member edits what belongs to their agency: referrals their agency made."""
    return (
        referral is not None
        and user.agency_id is not None
        and (referral.source_agency_id == user.agency_id)
    )


@rules.predicate
def assigned_to_review(user, review) -> bool:
    if review is None:
        return False
    if review.lead_reviewer_id == user.pk:
        return True
    return review.reviewers.filter(pk=user.pk).exists()


@rules.predicate
def review_published(user, review) -> bool:
    return review is not None and review.published_on is not None


@rules.predicate
def may_see_if_restricted(user, obj) -> bool:
    """The record's review (or the review itself) is not restricted, or names the user: the
    restricted-review rule, derived from the model's declared reach (core.scoping)."""
    return obj is not None and scoping.may_see(user, obj)


@rules.predicate
def no_record_or_in_reach(user, obj) -> bool:
    """Asked about no record (a list, a menu entry), or about one of the user's partnership that
    the user may see: a referral or decision of a restricted review is its members' alone."""
    return obj is None or bool(same_partnership(user, obj) and scoping.may_see(user, obj))


can_view_review = (
    same_partnership
    & may_see_if_restricted
    & (is_board_member | (is_reviewer & assigned_to_review) | (is_practitioner & review_published))
)


def review_of(obj):
    """The review a record hangs off (a review is its own), from the model's declared reach."""
    if obj is None:
        return None
    reviews = scoping.reach_reviews(obj)
    return reviews[0] if reviews else None


@rules.predicate
def assigned_to_its_review(user, obj) -> bool:
    return assigned_to_review(user, review_of(obj))


@rules.predicate
def owns_action(user, action) -> bool:
    """An agency lead's own agency owns the action."""
    return action is not None and user.agency_id is not None and action.agency_id == user.agency_id


@rules.predicate
def is_published(user, obj) -> bool:
    return obj is not None and getattr(obj, "status", None) == "published"


can_change_findings = can_view_review & (is_business_unit | (is_reviewer & assigned_to_review))
can_view_action = same_partnership & may_see_if_restricted & is_board_member
can_view_briefing = same_partnership & (
    is_published
    | (may_see_if_restricted & (is_board_member | (is_reviewer & assigned_to_its_review)))
)
can_change_briefing = (
    same_partnership
    & ~is_published
    & may_see_if_restricted
    & (is_business_unit | (is_reviewer & assigned_to_its_review))
)

RULES = {
    Permission.VIEW_REGISTER: is_board_member,
    Permission.VIEW_REFERRALS: is_board_member & no_record_or_in_reach,
    Permission.ADD_REFERRAL: is_business_unit,
    Permission.CHANGE_REFERRAL: same_partnership
    & may_see_if_restricted
    & (is_business_unit | (is_subgroup_member & owns_referral)),
    Permission.RECORD_DECISION: is_business_unit & no_record_or_in_reach,
    Permission.VIEW_REVIEW: can_view_review,
    Permission.CHANGE_REVIEW: can_view_review
    & (is_business_unit | (is_reviewer & assigned_to_review)),
    Permission.RESTRICT_REVIEW: can_view_review & is_business_unit,
    Permission.ADD_DELAY: can_view_review & (is_business_unit | (is_reviewer & assigned_to_review)),
    Permission.VIEW_BRIEFING_PAPER: is_board_member,
    Permission.VIEW_SUBGROUP: is_board_member,
    Permission.MANAGE_SUBGROUP: is_business_unit,
    Permission.VIEW_ANNUAL_REPORT: is_board_member,
    Permission.WRITE_ANNUAL_REPORT: is_business_unit,
    Permission.EXPORT: is_business_unit,
    Permission.VIEW_AUDIT_LOG: is_business_unit,
    Permission.MANAGE_ACCOUNTS: is_business_unit,
    Permission.VIEW_PARTNERSHIP_JOBS: is_business_unit,
    Permission.VIEW_FINDINGS: can_view_review,
    Permission.CHANGE_FINDINGS: can_change_findings,
    Permission.VIEW_ACTION_PLAN: is_board_member,
    Permission.CHANGE_RECOMMENDATIONS: can_change_findings,
    Permission.ADD_ACTION: is_business_unit | (is_subgroup_member & has_agency),
    Permission.VIEW_ACTION: can_view_action,
    Permission.UPDATE_ACTION: can_view_action
    & (is_business_unit | (is_subgroup_member & owns_action)),
    Permission.VIEW_ESCALATION: is_business_unit,
    Permission.IMPORT_ACTIONS: is_business_unit | (is_subgroup_member & has_agency),
    Permission.EXPORT_ACTIONS: is_board_member,
    Permission.VIEW_BRIEFINGS: has_partnership,
    Permission.VIEW_BRIEFING: can_view_briefing,
    Permission.ADD_BRIEFING: can_change_findings,
    Permission.CHANGE_BRIEFING: can_change_briefing,
    Permission.PUBLISH_BRIEFING: can_change_briefing & is_business_unit,
    Permission.RECORD_DISSEMINATION: same_partnership
    & is_published
    & (is_business_unit | (is_subgroup_member & has_agency)),
    Permission.TRACK_DISSEMINATION: is_business_unit,
    Permission.MANAGE_NEWSLETTERS: is_business_unit,
    Permission.VIEW_NEWSLETTER: same_partnership & (is_published | is_business_unit),
}


# -- Case audits (docs/adr/0022): the author, the supervisor they name, and the business unit.


@rules.predicate
def is_audit_author(user, audit) -> bool:
    return audit is not None and audit.author_id == user.pk


@rules.predicate
def is_audit_supervisor(user, audit) -> bool:
    return audit is not None and audit.supervisor_id is not None and audit.supervisor_id == user.pk


def _audit_status(*statuses: str):
    @rules.predicate(name=f"audit_status_in_{'_'.join(sorted(statuses))}")
    def predicate(user, audit) -> bool:
        return audit is not None and getattr(audit, "status", None) in statuses

    return predicate


audit_is_draft = _audit_status("draft")
audit_is_completed = _audit_status("completed")
audit_is_finished = _audit_status("completed", "signed_off")
uses_case_audits = is_business_unit | is_practitioner | is_subgroup_member
can_view_case_audit = (
    uses_case_audits & same_partnership & (is_business_unit | is_audit_author | is_audit_supervisor)
)

RULES.update(
    {
        Permission.VIEW_CASE_AUDITS: uses_case_audits,
        Permission.START_CASE_AUDIT: is_business_unit
        | ((is_practitioner | is_subgroup_member) & has_agency),
        Permission.VIEW_CASE_AUDIT: can_view_case_audit,
        Permission.CHANGE_CASE_AUDIT: can_view_case_audit & is_audit_author & audit_is_draft,
        Permission.REOPEN_CASE_AUDIT: can_view_case_audit
        & audit_is_completed
        & (is_audit_author | is_audit_supervisor),
        Permission.SIGN_OFF_CASE_AUDIT: can_view_case_audit
        & audit_is_completed
        & ~is_audit_author
        & (is_audit_supervisor | is_business_unit),
        Permission.DOWNLOAD_CASE_AUDIT: can_view_case_audit & audit_is_finished,
        Permission.MANAGE_AUDIT_FRAMEWORK: is_business_unit,
        Permission.VIEW_CASE_AUDIT_SUMMARY: is_business_unit
        | (is_subgroup_member & has_agency)
        | is_practitioner,
    }
)

# -- Review quality markers (docs/adr/0024): the business unit and the review's lead reviewer
# rate; the board and the review's own reviewers see the ratings; practitioners do not.


@rules.predicate
def leads_review(user, review) -> bool:
    return (
        review is not None
        and review.lead_reviewer_id is not None
        and (review.lead_reviewer_id == user.pk)
    )


can_view_review_quality = (
    (is_board_member | (is_reviewer & assigned_to_review))
    & same_partnership
    & may_see_if_restricted
)


# -- Self-assessment against practice issues (docs/adr/0023): the agency's lead answers for
# the agency; its practitioners read it; the business unit does both for every agency.


@rules.predicate
def of_own_agency(user, obj) -> bool:
    """The record is about the user's own agency (a self-assessment's agency)."""
    return obj is not None and user.agency_id is not None and obj.agency_id == user.agency_id


@rules.predicate
def self_assessment_is_draft(user, assessment) -> bool:
    return assessment is not None and getattr(assessment, "status", None) == "draft"


@rules.predicate
def self_assessment_is_completed(user, assessment) -> bool:
    return assessment is not None and getattr(assessment, "status", None) == "completed"


uses_self_assessment = is_business_unit | ((is_subgroup_member | is_practitioner) & has_agency)
can_view_self_assessment = (has_partnership & same_partnership) & (
    is_business_unit | ((is_subgroup_member | is_practitioner) & of_own_agency)
)

RULES.update(
    {
        Permission.VIEW_REVIEW_QUALITY: can_view_review_quality,
        Permission.RATE_REVIEW_QUALITY: can_view_review_quality & (is_business_unit | leads_review),
        Permission.VIEW_QUALITY_SUMMARY: is_board_member,
        # docs/adr/0040: board members read a published review's repository summary; the
        # business unit edits it; a restricted review's only for its members.
        Permission.VIEW_REPOSITORY_SUMMARY: is_board_member
        & same_partnership
        & may_see_if_restricted
        & review_published,
        Permission.CHANGE_REPOSITORY_SUMMARY: is_business_unit
        & same_partnership
        & may_see_if_restricted
        & review_published,
        Permission.VIEW_SELF_ASSESSMENTS: uses_self_assessment,
        Permission.START_SELF_ASSESSMENT: is_business_unit | (is_subgroup_member & has_agency),
        Permission.VIEW_SELF_ASSESSMENT: can_view_self_assessment,
        Permission.CHANGE_SELF_ASSESSMENT: has_partnership
        & same_partnership
        & self_assessment_is_draft
        & (is_business_unit | (is_subgroup_member & of_own_agency)),
        Permission.MANAGE_ISSUE_SETS: is_business_unit,
        Permission.VIEW_SELF_ASSESSMENT_PICTURE: is_business_unit,
        # docs/adr/0027: the business unit reopens (with a reason); an improvement action joins
        # the plan when the business unit or the agency's own lead raises it, once completed.
        Permission.REOPEN_SELF_ASSESSMENT: can_view_self_assessment
        & self_assessment_is_completed
        & is_business_unit,
        Permission.RAISE_SELF_ASSESSMENT_ACTION: can_view_self_assessment
        & self_assessment_is_completed
        & (is_business_unit | (is_subgroup_member & of_own_agency)),
    }
)

# A finished audit's next action joins the action plan when its supervisor or the business unit
# raises it (docs/adr/0025): the author asks in supervision; the plan is the board's.
RULES[Permission.RAISE_AUDIT_ACTION] = (
    can_view_case_audit & audit_is_finished & (is_audit_supervisor | is_business_unit)
)

# -- Multi-agency (joint) case audits (docs/adr/0026): the business unit convenes and records the
# discussion; the authors and supervisors of the linked agency audits read it.


@rules.predicate
def takes_part_in_joint(user, joint) -> bool:
    """The user wrote or supervises an agency audit linked to the joint audit."""
    if joint is None or not user.pk:
        return False
    return any(
        user.pk in (link.audit.author_id, link.audit.supervisor_id)
        for link in joint.links.select_related("audit")
    )


@rules.predicate
def audits_the_case(user, joint) -> bool:
    """The user wrote an audit of the joint audit's case (so may link it)."""
    if joint is None or not user.pk:
        return False
    return user.case_audits.filter(
        partnership_id=joint.partnership_id, case_reference=joint.case_reference
    ).exists()


@rules.predicate
def joint_is_draft(user, joint) -> bool:
    return joint is not None and getattr(joint, "status", None) == "draft"


@rules.predicate
def joint_is_agreed(user, joint) -> bool:
    return joint is not None and getattr(joint, "status", None) == "agreed"


can_view_joint_audit = (
    uses_case_audits & same_partnership & (is_business_unit | takes_part_in_joint)
)

RULES.update(
    {
        Permission.START_JOINT_AUDIT: is_business_unit,
        Permission.VIEW_JOINT_AUDIT: can_view_joint_audit,
        Permission.LINK_JOINT_AUDIT: uses_case_audits
        & same_partnership
        & joint_is_draft
        & (is_business_unit | audits_the_case),
        Permission.RECORD_JOINT_DISCUSSION: same_partnership & joint_is_draft & is_business_unit,
        # Once agreed (docs/adr/0028): the business unit raises the agreed actions into the plan;
        # whoever reads the joint audit downloads it for their case record.
        Permission.RAISE_JOINT_ACTION: same_partnership & joint_is_agreed & is_business_unit,
        Permission.DOWNLOAD_JOINT_AUDIT: can_view_joint_audit & joint_is_agreed,
    }
)

# -- Events and training (docs/adr/0029): everyone of the partnership sees what is on; those
# with an agency book themselves; the business unit plans, books for others and keeps the
# register; the board sees attendance and evaluation.


@rules.predicate
def event_open_for_booking(user, event) -> bool:
    return event is not None and event.cancelled_at is None and event.starts_at > timezone.now()


RULES.update(
    {
        Permission.VIEW_EVENTS: has_partnership,
        Permission.SEARCH_LIBRARY: has_partnership,
        Permission.BOOK_EVENT: (is_practitioner | is_subgroup_member)
        & has_agency
        & same_partnership
        & may_see_if_restricted
        & event_open_for_booking,
        Permission.MANAGE_EVENTS: is_business_unit,
        Permission.VIEW_EVENT_EVALUATION: is_board_member,
    }
)

# Analysis across reviews counts every review in reach, published or not: the board's view
# (docs/adr/0039). A practitioner's learning by theme is the library.
RULES[Permission.VIEW_INSIGHTS] = is_board_member

for _permission, _predicate in RULES.items():
    rules.add_perm(_permission.value, _predicate)
