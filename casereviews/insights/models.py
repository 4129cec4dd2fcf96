"""A national corpus of published reports, counted by theme (docs/adr/0039).

Platform-wide, not a partnership's: a platform administrator loads it on the command line
(`casereviews insights load-national`) and every partnership sees its own prevalence beside it.
Only counts are kept, never a report's text: the newest corpus is the one shown.
"""

from __future__ import annotations

from django.db import models


class NationalCorpus(models.Model):
    # Not any partnership's: theme counts of published reports, the same for every partnership.
    platform_wide = "theme counts of published reports, shown beside every partnership's own"
    name = models.CharField(max_length=200, help_text="What the corpus is, as the pages name it")
    source = models.CharField(max_length=500, help_text="The folder or JSON file it came from")
    documents = models.PositiveIntegerField(help_text="Documents analysed (failures left out)")
    failed = models.PositiveIntegerField(default=0)
    toxic_trio = models.PositiveIntegerField(help_text="Documents with all three themes")
    # [{"a": id, "b": id, "documents": n}], as the theme engine's JSON report gives them.
    pairs = models.JSONField(default=list, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name_plural = "national corpora"

    def __str__(self) -> str:
        return f"{self.name} ({self.documents} documents)"


class NationalThemeCount(models.Model):
    platform_wide = "one theme's count in a national corpus"
    corpus = models.ForeignKey(NationalCorpus, on_delete=models.CASCADE, related_name="themes")
    theme_id = models.CharField(max_length=80)
    documents = models.PositiveIntegerField()

    class Meta:
        ordering = ["corpus", "-documents", "theme_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["corpus", "theme_id"], name="national_theme_unique_per_corpus"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme_id}: {self.documents}"
