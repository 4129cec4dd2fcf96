"""Writes of API tokens and service accounts, and the audit entry of every API call.

Each write is one transaction, audited (core.audit). A token is made of random bytes
(secrets.token_urlsafe); only its SHA-256 is stored, so a stolen database gives no usable token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from casereviews.accounts.models import Agency, User
from casereviews.accounts.roles import Permission, Role
from casereviews.core import audit
from casereviews.core.models import AuditAction
from casereviews.core.scoping import reach_reviews

from .models import ApiToken, ServiceAccount

TOKEN_PREFIX = "crv_"  # noqa: S105 - a marker, not a secret
LIFETIMES = {30: "30 days", 90: "90 days", 365: "1 year"}
DEFAULT_LIFETIME = 90
TOKEN_FIELDS = ["name", "user", "prefix", "expires_at", "revoked_at"]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown once, never stored


def may_hold_tokens(user) -> bool:
    """A signed-in person of a partnership (the pages' own rule of who may use the product)."""
    return bool(getattr(user, "is_authenticated", False) and user.partnership_id and user.is_active)


def may_manage(actor, token: ApiToken) -> bool:
    """Its holder, or the business unit for a service account's token."""
    if token.user_id == actor.pk:
        return True
    return (
        actor.has_perm(Permission.MANAGE_ACCOUNTS)
        and token.user.partnership_id == actor.partnership_id
        and hasattr(token.user, "service_account")
    )


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the token, such as the system using it"})
    if len(name) > 120:
        raise ValidationError({"name": "The name must be 120 characters or fewer"})
    return name


def _check_lifetime(days: int) -> int:
    if days not in LIFETIMES:
        raise ValidationError({"lifetime": "Select how long the token lasts"})
    return days


def _make(actor, holder: User, name: str, days: int) -> NewToken:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=holder,
        name=_check_name(name),
        prefix=raw[:10],
        key_hash=hash_token(raw),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=_check_lifetime(days)),
    )
    audit.record_create(actor, token, partnership=holder.partnership, redact=_no_hash)
    return NewToken(token, raw)


def _no_hash(field: str, value):
    return "(not logged)" if field == "key_hash" else value


@transaction.atomic
def create_own_token(actor, *, name: str, days: int = DEFAULT_LIFETIME) -> NewToken:
    if not may_hold_tokens(actor) or hasattr(actor, "service_account"):
        raise PermissionDenied
    return _make(actor, actor, name, days)


@transaction.atomic
def create_service_token(
    actor, account: ServiceAccount, *, name: str, days: int = DEFAULT_LIFETIME
) -> NewToken:
    if not actor.has_perm(Permission.MANAGE_ACCOUNTS) or (
        account.partnership_id != actor.partnership_id
    ):
        raise PermissionDenied
    return _make(actor, account.user, name, days)


@transaction.atomic
def revoke(actor, token: ApiToken) -> ApiToken:
    if not may_manage(actor, token):
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    before = audit.snapshot(token, TOKEN_FIELDS)
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(
        actor,
        AuditAction.UPDATE,
        token,
        partnership=token.user.partnership,
        changes=audit.diff(before, audit.snapshot(token, TOKEN_FIELDS)),
    )
    return token


def _free_username(base: str) -> str:
    base = f"service-{slugify(base)[:100] or 'system'}"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def create_service_account(actor, *, name: str, agency: Agency | None) -> ServiceAccount:
    """A user-like principal of the actor's partnership for an agency's system: the agency lead's
    role and reach, no password, no email (it cannot sign in to the pages)."""
    if not actor.has_perm(Permission.MANAGE_ACCOUNTS):
        raise PermissionDenied
    problems = {}
    name = (name or "").strip()
    if not name:
        problems["name"] = "Enter the name of the system, such as the agency's case system"
    elif len(name) > 120:
        problems["name"] = "The name must be 120 characters or fewer"
    if agency is None or agency.partnership_id != actor.partnership_id:
        problems["agency"] = "Select the agency whose system it is"
    if problems:
        raise ValidationError(problems)
    user = User(
        username=_free_username(f"{agency.short_name or agency.name}-{name}"),
        first_name=name[:150],
        last_name="(service account)",
        partnership=actor.partnership,
        agency=agency,
        role=Role.SUBGROUP_MEMBER,
        job_title="Service account",
        is_service_account=True,
    )
    user.set_unusable_password()
    user.save()
    account = ServiceAccount.objects.create(
        partnership=actor.partnership, user=user, agency=agency, name=name, created_by=actor
    )
    audit.record_create(actor, account)
    return account


def touch(token: ApiToken) -> None:
    """Note when a token was last used (at most once a minute, to spare the database)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def record_call(actor, *, method: str, path: str, status: int, token: ApiToken | None) -> None:
    """The audit entry of one API call: who, with which token, what, and the answer."""
    via = f"token {token.prefix}…" if token is not None else "session"
    audit.record(
        actor,
        AuditAction.API_CALL,
        object_repr=f"{method} {path} → {status}",
        changes={"method": method, "path": path, "status": status, "via": via},
    )


def record_restricted_reads(actor, objs) -> None:
    """Every read of a restricted review's record through the API is audited, as on the pages."""
    for obj in objs:
        for review in reach_reviews(obj):
            if review.restricted:
                audit.record_view_if_restricted(actor, obj, review)
                break
