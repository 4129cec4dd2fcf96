"""Each permission of `roles.Permission` as a `rules` predicate.

Object rules always check the partnership first: a record of another partnership is never
permitted (views also never find it, because selectors are partnership-scoped, so the user gets
a 404 and learns nothing).
"""

from __future__ import annotations

import rules

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
    Permission.EXPORT: is_business_unit,
    Permission.VIEW_AUDIT_LOG: is_business_unit,
    Permission.MANAGE_ACCOUNTS: is_business_unit,
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

for _permission, _predicate in RULES.items():
    rules.add_perm(_permission.value, _predicate)
