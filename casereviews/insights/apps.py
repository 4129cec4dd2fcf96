from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "casereviews.insights"
    label = "insights"
    verbose_name = "Analysis across reviews"
