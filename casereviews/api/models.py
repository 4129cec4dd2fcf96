"""API tokens and service accounts (docs/adr/0035).

A token belongs to one user: a person, or a service account (an agency's case recording system).
Only the SHA-256 of a token is kept; the token itself is shown once, when it is made.
A service account is a user of the partnership with the agency lead's role, bound to one agency,
that cannot sign in to the pages (no usable password, no email): it reaches exactly what an
agency lead of that agency reaches.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from casereviews.core.scoping import Reach, ScopedModel


class ServiceAccount(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="service_accounts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("System's name", max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} (service account of {self.agency})"


class ApiToken(ScopedModel):
    reach = Reach(partnership="user__partnership")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("Token's name", max_length=120)
    # The first characters of the token, to recognise it in lists; never enough to use it.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… ({self.name})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"
