"""Two-factor sign-in for password accounts (docs/adr/0034), on django-otp.

A person has at most one confirmed authenticator (a TOTP device) and one set of recovery codes
(a static device whose codes each work once). Required for the business unit and platform
staff when `CASEREVIEWS_REQUIRE_TWO_FACTOR` is on (every deployment), optional for others.
Everything here is audited; no secret, code or recovery code ever goes into the log.
"""

from __future__ import annotations

import base64

import django_otp
import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from casereviews.accounts.models import User
from casereviews.accounts.roles import Role
from casereviews.core import audit
from casereviews.core.models import AuditAction

RECOVERY_CODES = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"
# How the session was signed in (request.session[SIGNED_IN_WITH]): a password needs the second
# step, single sign-on does not (the provider asks for its own).
SIGNED_IN_WITH = "casereviews_signed_in_with"
SINGLE_SIGN_ON = "single sign-on"


def required(user: User) -> bool:
    """Must this person set up two-factor sign-in before anything else?"""
    if not settings.CASEREVIEWS_REQUIRE_TWO_FACTOR:
        return False
    return user.is_staff or user.is_superuser or user.role == Role.BUSINESS_UNIT


def authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_on(user: User) -> bool:
    return authenticator(user) is not None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


PENDING_KEY = "casereviews_two_factor_pending_key"


def pending_authenticator(request: HttpRequest) -> TOTPDevice:
    """The authenticator being set up, not saved until a code proves it: its key waits in the
    session, so that opening the page writes nothing."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = random_hex(20)
    return TOTPDevice(user=request.user, name=AUTHENTICATOR, key=key, confirmed=False)


def secret_for_people(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed in: base32 in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URL (the CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_set_up(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Save and turn on the pending authenticator if `code` is its current code: the old
    authenticator and recovery codes stop working, new recovery codes are made (returned, shown
    once) and this session counts as having passed the second step. None for a wrong code."""
    user = request.user
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    try:
        right = totp.verify(int(code.replace(" ", "")), device.tolerance)
    except ValueError:
        right = False
    if not right:
        audit.record(user, AuditAction.UPDATE, user, changes={"two_factor": "set-up code wrong"})
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.last_t = totp.t()  # the code just used cannot sign in again
    device.save()
    request.session.pop(PENDING_KEY, None)
    codes = _new_recovery_codes(user)
    django_otp.login(request, device)
    audit.record(user, AuditAction.UPDATE, user, changes={"two_factor": "set up"})
    return codes


@transaction.atomic
def replace_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record(user, AuditAction.UPDATE, user, changes={"two_factor": "new recovery codes"})
    return codes


def pass_second_step(request: HttpRequest, code: str) -> bool:
    """Check a code from the authenticator or a recovery code (which then stops working)."""
    user = request.user
    device = django_otp.match_token(user, code.replace(" ", "").strip())
    if device is None:
        audit.record(
            user,
            AuditAction.SIGN_IN_FAILED,
            user,
            changes={"step": "two-factor", "reason": "wrong code"},
        )
        return False
    django_otp.login(request, device)
    used = "recovery code" if isinstance(device, StaticDevice) else "authenticator code"
    changes = {"step": "two-factor", "with": used}
    if isinstance(device, StaticDevice):
        changes["recovery_codes_left"] = recovery_codes_left(user)
    audit.record(user, AuditAction.SIGN_IN, user, changes=changes)
    return True


@transaction.atomic
def reset(actor: User, person: User) -> None:
    """A lost device: the business unit turns the person's two-factor sign-in off. Their next
    password sign-in sends them to set it up again (or, where optional, lets them in)."""
    if person.is_service_account:
        raise PermissionDenied("A service account has no two-factor sign-in")
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    audit.record(actor, AuditAction.UPDATE, person, changes={"two_factor": "reset"})


@transaction.atomic
def turn_off(user: User) -> None:
    """Someone for whom it is optional turns their own two-factor sign-in off."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(user, AuditAction.UPDATE, user, changes={"two_factor": "turned off"})
