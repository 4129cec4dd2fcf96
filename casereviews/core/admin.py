"""Platform administration: the audit log is readable there, never changeable."""

from __future__ import annotations

from django.contrib import admin

from casereviews.core.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "partnership", "actor_name", "action", "object_type", "object_repr")
    list_filter = ("action", "partnership")
    search_fields = ("actor_name", "object_repr", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditLog._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
