from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "casereviews.briefings"
    label = "briefings"
    verbose_name = "Briefings, dissemination and newsletters"
