from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from casereviews.accounts.roles import Role
from casereviews.core.scoping import Reach, ScopedModel


class Partnership(models.Model):
    """A safeguarding partnership (formerly an LSCB). Every record belongs to one."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(ScopedModel):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="agency_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=200, blank=True)
    # An agency's system calling the API (api.ServiceAccount), not a person: it never signs in
    # to the pages (backends.PeopleBackend), and the user pages leave it alone.
    is_service_account = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class SingleSignOn(ScopedModel):
    """A partnership's OpenID Connect provider (Microsoft Entra ID, or any other): its people
    may sign in there instead of with a password (docs/adr/0034). Set up by platform staff in
    /platform-admin/; the client secret is never stored here but read from the environment
    variable `secret_variable` names."""

    reach = Reach(partnership="partnership")

    partnership = models.OneToOneField(
        Partnership, on_delete=models.PROTECT, related_name="single_sign_on"
    )
    label = models.CharField(
        "Provider's name on the sign-in page",
        max_length=100,
        default="Microsoft Entra ID",
        help_text='The button reads "Sign in with <this>".',
    )
    issuer = models.URLField(
        "Issuer",
        max_length=300,
        help_text="For Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0",
    )
    client_id = models.CharField("Client (application) id", max_length=200)
    trust_entra_domain_verified = models.BooleanField(
        "Accept Entra ID's xms_edov claim",
        default=False,
        help_text=(
            "Entra ID sends no email_verified claim for work accounts. Tick to accept its "
            "optional xms_edov claim (the email's domain is verified by the tenant) instead."
        ),
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        verbose_name = "single sign-on"
        verbose_name_plural = "single sign-on"

    def __str__(self) -> str:
        return f"{self.label} for {self.partnership}"

    @property
    def secret_variable(self) -> str:
        """The environment variable holding this partnership's client secret."""
        return "OIDC_CLIENT_SECRET_" + self.partnership.slug.upper().replace("-", "_")
