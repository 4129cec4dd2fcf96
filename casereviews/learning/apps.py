from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "casereviews.learning"
    label = "learning"
    verbose_name = "Findings and themes"
