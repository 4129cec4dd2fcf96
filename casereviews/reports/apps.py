from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casereviews.reports"
    label = "reports"
    verbose_name = "Reports and exports"
