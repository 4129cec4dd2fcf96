"""Who may do what with a review's chronology (docs/adr/0033), as `rules` predicates.

- The panel (the business unit and the review's reviewers) sees every agency's entries, the
  integrated chronology (named or anonymised) and the gaps; the business unit starts the
  chronology and sends the requests; the panel merges it.
- An agency sees and edits only its own entries: its lead (a sub-group member of the agency) or
  the contributor named on its request, until the panel merges. Once merged, the agencies that
  took part read the anonymised integrated chronology (it has left the panel).
- Restricted reviews keep their reach: only their members get any of this. Another
  partnership's chronology is never found (404).
"""

from __future__ import annotations

import rules
from django.db import models

from casereviews.accounts import permissions as base
from casereviews.accounts.roles import Permission

__all__ = ["ChronologyPermission"]


class ChronologyPermission(models.TextChoices):
    VIEW = "casereviews.view_chronology", "See a review's chronology and its requests"  # obj
    START = "casereviews.start_chronology", "Start a review's chronology"  # obj: the review
    REQUEST = "casereviews.request_chronology", "Ask agencies for their chronologies"  # obj
    CONTRIBUTE = "casereviews.contribute_chronology", "Add an agency's entries"  # obj: request
    VIEW_INTEGRATED = "casereviews.view_integrated_chronology", "See the integrated chronology"
    VIEW_NAMED = "casereviews.view_named_chronology", "See the named chronology (the panel)"
    MERGE = "casereviews.merge_chronology", "Merge the agencies' chronologies"  # obj
    GAP_TO_FINDING = "casereviews.gap_to_finding", "Turn a gap into a finding"  # obj


def _chronology(obj):
    return getattr(obj, "chronology", obj)


@rules.predicate
def on_panel(user, obj) -> bool:
    """The business unit of the review's partnership, or one of the review's reviewers."""
    chronology = _chronology(obj)
    if chronology is None:
        return False
    review = chronology.review
    if review.partnership_id != user.partnership_id:
        return False
    return bool(base.is_business_unit(user) or base.assigned_to_review(user, review))


@rules.predicate
def in_reach(user, obj) -> bool:
    chronology = _chronology(obj)
    return chronology is not None and base.may_see_if_restricted(user, chronology.review)


@rules.predicate
def writes_for_request(user, request) -> bool:
    """The agency's lead, or the contributor named on the request."""
    if request is None or user.agency_id is None or request.agency_id != user.agency_id:
        return False
    return user.role == "subgroup_member" or request.contributor_id == user.pk


@rules.predicate
def asked_of_users_agency(user, chronology) -> bool:
    """The user's agency was asked for its chronology, and the user may write it."""
    if chronology is None or user.agency_id is None:
        return False
    return any(
        writes_for_request(user, request)
        for request in chronology.requests.filter(agency_id=user.agency_id)
    )


@rules.predicate
def not_merged(user, obj) -> bool:
    chronology = _chronology(obj)
    return chronology is not None and chronology.merged_at is None


@rules.predicate
def merged(user, obj) -> bool:
    chronology = _chronology(obj)
    return chronology is not None and chronology.merged_at is not None


@rules.predicate
def writes_findings(user, obj) -> bool:
    """May write the review's findings (a gap becomes one)."""
    chronology = _chronology(obj)
    return chronology is not None and user.has_perm(Permission.CHANGE_FINDINGS, chronology.review)


@rules.predicate
def review_in_partnership(user, review) -> bool:
    return review is not None and review.partnership_id == user.partnership_id


RULES = {
    ChronologyPermission.VIEW: base.has_partnership & in_reach & (on_panel | asked_of_users_agency),
    ChronologyPermission.START: base.is_business_unit
    & review_in_partnership
    & base.may_see_if_restricted,
    ChronologyPermission.REQUEST: base.is_business_unit & in_reach & on_panel & not_merged,
    ChronologyPermission.CONTRIBUTE: base.has_partnership
    & in_reach
    & writes_for_request
    & not_merged,
    ChronologyPermission.VIEW_INTEGRATED: base.has_partnership
    & in_reach
    & (on_panel | (asked_of_users_agency & merged)),
    ChronologyPermission.VIEW_NAMED: base.has_partnership & in_reach & on_panel,
    ChronologyPermission.MERGE: base.has_partnership & in_reach & on_panel & not_merged,
    ChronologyPermission.GAP_TO_FINDING: base.has_partnership
    & in_reach
    & on_panel
    & writes_findings,
}

for _permission, _predicate in RULES.items():
    rules.add_perm(_permission.value, _predicate)
