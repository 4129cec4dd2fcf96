"""Writes of agencies and users by the business unit: one transaction each, audited.

Audit entries never hold a password or its hash: users are snapshotted through USER_FIELDS, and
a password reset is recorded as "password: changed" only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casereviews.accounts.models import Agency, User
from casereviews.accounts.roles import Role
from casereviews.core import audit
from casereviews.core.models import AuditAction

AGENCY_FIELDS = ("name", "short_name", "active")
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "role",
    "agency",
    "is_active",
)
USER_EDIT_FIELDS = tuple(f for f in USER_FIELDS if f != "username")


def _user_snapshot(user: User) -> dict[str, Any]:
    return audit.snapshot(user, [*USER_FIELDS, "partnership"])


def _check_agency(actor, agency: Agency | None) -> None:
    if agency is not None and agency.partnership_id != actor.partnership_id:
        raise ValidationError({"agency": "Select an agency of your partnership"})


@transaction.atomic
def create_agency(actor, data: Mapping[str, Any]) -> Agency:
    agency = Agency(partnership=actor.partnership)
    for name in AGENCY_FIELDS:
        if name in data:
            setattr(agency, name, data[name])
    agency.full_clean()
    agency.save()
    audit.record_create(actor, agency)
    return agency


@transaction.atomic
def update_agency(actor, agency: Agency, data: Mapping[str, Any]) -> Agency:
    """Change an agency. Agencies are never deleted: one with history is made inactive."""
    before = audit.snapshot(agency)
    for name in AGENCY_FIELDS:
        if name in data:
            setattr(agency, name, data[name])
    agency.full_clean()
    agency.save()
    audit.record_update(actor, agency, before)
    return agency


@transaction.atomic
def create_user(actor, data: Mapping[str, Any], password: str) -> User:
    """A new user of the actor's partnership, with an initial password (validated)."""
    user = User(partnership=actor.partnership)
    for name in USER_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    _check_agency(actor, user.agency)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor, AuditAction.CREATE, user, changes={"after": _user_snapshot(user)})
    return user


def _not_a_service_account(user: User) -> None:
    """A service account is changed on its own pages (api app), never given a password or a
    role here: it would let a system sign in to the pages."""
    if user.is_service_account:
        raise PermissionDenied("A service account is managed on the service accounts page")


@transaction.atomic
def update_user(actor, user: User, data: Mapping[str, Any]) -> User:
    """Change a user's details, role, agency or whether they may sign in."""
    _not_a_service_account(user)
    before = _user_snapshot(user)
    for name in USER_EDIT_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    _check_agency(actor, user.agency)
    if user.pk == actor.pk and (not user.is_active or user.role != Role.BUSINESS_UNIT):
        raise ValidationError(
            "You cannot remove your own business unit role or deactivate your own account. "
            "Ask another business unit user to do it"
        )
    user.full_clean(exclude=["password"])
    user.save()
    changes = audit.diff(before, _user_snapshot(user))
    if changes:
        audit.record(actor, AuditAction.UPDATE, user, changes=changes)
    return user


@transaction.atomic
def reset_password(actor, user: User, password: str) -> User:
    _not_a_service_account(user)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, AuditAction.UPDATE, user, changes={"password": "changed"})
    return user


# --- Sign-in events that are not Django's own signals (docs/adr/0034) ----------------------
def log_reset_asked(users: list[User]) -> None:
    """A reset link was asked for: one entry per account it was sent to, or one saying it went
    nowhere. The address typed is not kept (it may be someone else's)."""
    if not users:
        audit.record(
            audit.SIGN_IN_PAGE,
            AuditAction.SIGN_IN_FAILED,
            None,
            changes={"password_reset": "asked for an address with no account that can reset"},
        )
    for user in users:
        audit.record(
            audit.SIGN_IN_PAGE, AuditAction.UPDATE, user, changes={"password_reset": "link sent"}
        )


def log_password_reset(user: User) -> None:
    audit.record(
        user, AuditAction.UPDATE, user, changes={"password": "changed with an emailed link"}
    )


def log_sso_refusal(config, refused) -> None:
    audit.record(
        audit.SIGN_IN_PAGE,
        AuditAction.SIGN_IN_FAILED,
        None,
        partnership=config.partnership,
        object_repr=refused.email,
        changes={"method": "single sign-on", "reason": refused.reason},
    )
