from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "casereviews.audits"
    label = "audits"
    verbose_name = "Case audits against the nine themes"
