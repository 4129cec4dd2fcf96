"""Platform administration (/platform-admin/): platform staff manage partnerships.

Partnerships' own business units manage their agencies and users on the service's pages
(/accounts/users/, /accounts/agencies/). Nothing here deletes a record that carries history.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from casereviews.accounts.models import Agency, Partnership, SingleSignOn, User
from casereviews.core import audit
from casereviews.core.models import AuditAction

# Fields audited for a user: never the password or its hash.
AUDITED_USER_FIELDS = [
    "username", "first_name", "last_name", "email", "partnership", "agency", "role",
    "job_title", "is_active", "is_staff", "is_superuser",
]  # fmt: skip


class AuditedAdmin(admin.ModelAdmin):
    """Platform staff's saves go to the audit log as well as Django's admin history."""

    audited_fields: list[str] | None = None

    def save_model(self, request, obj, form, change) -> None:
        before = {}
        if change and obj.pk is not None:
            before = audit.snapshot(type(obj).objects.get(pk=obj.pk), self.audited_fields)
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, self.audited_fields)
        partnership = obj if isinstance(obj, Partnership) else getattr(obj, "partnership", None)
        if not change:
            changes = {"after": after}
        else:
            changes = audit.diff(before, after)
            if not changes:
                return
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        audit.record(request.user, action, obj, changes=changes, partnership=partnership)


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0
    fields = ("name", "short_name", "active")
    can_delete = False


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AgencyInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "partnership", "active")
    list_filter = ("partnership", "active")
    search_fields = ("name", "short_name")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    audited_fields = AUDITED_USER_FIELDS
    list_display = (
        "username",
        "first_name",
        "last_name",
        "partnership",
        "role",
        "agency",
        "is_active",
    )
    list_filter = ("partnership", "role", "is_active", "is_staff", "is_superuser")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Partnership and role", {"fields": ("partnership", "agency", "role", "job_title")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Partnership and role", {"fields": ("partnership", "agency", "role", "job_title")}),
    )
    autocomplete_fields = ("agency",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SingleSignOn)
class SingleSignOnAdmin(AuditedAdmin):
    """A partnership's OpenID Connect provider (docs/adr/0034). The client secret is not kept
    here: it goes in the environment variable named on the page."""

    list_display = ("partnership", "label", "issuer", "client_id", "enabled")
    readonly_fields = ("secret_variable",)
    fields = (
        "partnership",
        "label",
        "issuer",
        "client_id",
        "secret_variable",
        "trust_entra_domain_verified",
        "enabled",
    )

    @admin.display(description="Client secret: set this environment variable")
    def secret_variable(self, obj) -> str:
        return obj.secret_variable if obj and obj.pk else "OIDC_CLIENT_SECRET_<PARTNERSHIP SLUG>"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
