"""Sign-in events go to the audit log (who signed in, when, how; never the password tried).
The second step, single sign-on refusals and password resets are recorded where they happen
(accounts.two_factor, accounts.services)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from casereviews.core import audit
from casereviews.core.models import AuditAction


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    method = getattr(request, "sign_in_method", "password")
    audit.record(user, AuditAction.SIGN_IN, user, object_repr=str(user), changes={"method": method})


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(user, AuditAction.SIGN_OUT, user, object_repr=str(user))


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(audit.SIGN_IN_PAGE, AuditAction.SIGN_IN_FAILED, None, object_repr=username)
