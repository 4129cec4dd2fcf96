"""Each events permission, per role and agency (casereviews.accounts.permissions)."""

from __future__ import annotations

import pytest

from casereviews.accounts.roles import Permission
from casereviews.events import services
from tests.events.conftest import at
from tests.factories import UserFactory

ROLES = ["business_unit", "subgroup_member", "reviewer", "practitioner", "outsider"]


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        (Permission.VIEW_EVENTS, {"business_unit", "subgroup_member", "reviewer", "practitioner",
                                  "outsider"}),
        (Permission.MANAGE_EVENTS, {"business_unit", "outsider"}),  # outsider: of their own
        (Permission.VIEW_EVENT_EVALUATION, {"business_unit", "subgroup_member", "outsider"}),
    ],
)  # fmt: skip
def test_list_permissions_by_role(world, permission, allowed):
    for role in ROLES:
        assert getattr(world, role).has_perm(permission) == (role in allowed), role


def test_booking_needs_an_agency_the_partnership_and_an_event_still_to_come(world, event, _today):
    may_book = {r: getattr(world, r).has_perm(Permission.BOOK_EVENT, event) for r in ROLES}
    assert may_book == {
        "business_unit": False,  # books for others instead
        "subgroup_member": True,
        "reviewer": False,  # no agency
        "practitioner": True,
        "outsider": False,  # another partnership
    }
    without_agency = UserFactory(
        username="noagency", partnership=world.partnership, agency=None, role="practitioner"
    )
    assert not without_agency.has_perm(Permission.BOOK_EVENT, event)
    _today.move_to(at(14, 10))  # the event has started
    assert not world.practitioner.has_perm(Permission.BOOK_EVENT, event)


def test_nobody_books_a_cancelled_event(world, event):
    services.cancel_event(world.business_unit, event)
    assert not world.practitioner.has_perm(Permission.BOOK_EVENT, event)
