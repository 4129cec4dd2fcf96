"""Platform administration: the national corpora loaded (`casereviews insights load-national`),
readable there; loading is done on the command line, so nothing is added, changed or deleted
here."""

from __future__ import annotations

from django.contrib import admin

from casereviews.insights.models import NationalCorpus, NationalThemeCount


class ThemeCountInline(admin.TabularInline):
    model = NationalThemeCount
    fields = ("theme_id", "documents")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NationalCorpus)
class NationalCorpusAdmin(admin.ModelAdmin):
    list_display = ("name", "documents", "toxic_trio", "loaded_at", "source")
    readonly_fields = [f.name for f in NationalCorpus._meta.fields]
    inlines = [ThemeCountInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a wrong corpus is replaced by loading a newer one
